/**
 * CloudEvents 1.0 in Kafka binary content mode: the attributes travel as `ce_*` headers. These
 * are the headers every message of the platform carries (`ce_jurisdiction` is an extension);
 * `ce_dataschema` and `content-type` are set too. The AsyncAPI document and the decoder in
 * libs/messaging both read this list.
 */
export const REQUIRED_CE_HEADERS = [
  'ce_specversion',
  'ce_id',
  'ce_source',
  'ce_type',
  'ce_time',
  'ce_subject',
  'ce_jurisdiction',
] as const;
export type RequiredCeHeader = (typeof REQUIRED_CE_HEADERS)[number];
