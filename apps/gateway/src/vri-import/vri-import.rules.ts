/**
 * A batch of NIST SP 1500-102 VoterRecordsRequests as a file: one JSON document a line (NDJSON,
 * blank lines skipped). Each record is checked by the same `fromVriRequest` as the single intake;
 * no I/O here.
 */
import type { BallotRequestInput, FieldProblem } from '@uocava/contracts/http';
import { fromVriRequest, type IsoDate } from '@uocava/domain';

export const VRI_BATCH_CONTENT_TYPE = 'application/x-ndjson';
export const VRI_BATCH_MAX_BYTES = 2 * 1024 * 1024;
export const VRI_BATCH_MAX_RECORDS = 1000;

export type CheckedRecord =
  | { record: number; line: number; ok: true; value: BallotRequestInput }
  | { record: number; line: number; ok: false; errors: FieldProblem[] };

/** The `AdditionalInfo` "JurisdictionId" a record names, if it names one. */
function additionalJurisdiction(body: unknown): string | undefined {
  const info = (body as { AdditionalInfo?: unknown } | null)?.AdditionalInfo;
  if (!Array.isArray(info)) return undefined;
  const entry = info.find(
    (i): i is { StringValue?: unknown } =>
      typeof i === 'object' && i !== null && (i as { Name?: unknown }).Name === 'JurisdictionId',
  );
  return typeof entry?.StringValue === 'string' ? entry.StringValue : undefined;
}

/** Every record of the file, numbered from 1, each checked for the office `jurisdictionId`. */
export function checkVriBatch(text: string, jurisdictionId: string, today: IsoDate): CheckedRecord[] {
  const out: CheckedRecord[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const record = out.length + 1;
    const line = i + 1;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      out.push({
        record,
        line,
        ok: false,
        errors: [
          {
            field: '(body)',
            pointer: '',
            code: 'invalid-json',
            message: `line ${line} is not a JSON document`,
          },
        ],
      });
      return;
    }
    const addressedTo = additionalJurisdiction(body);
    const checked = fromVriRequest(body, today, { jurisdictionId });
    if (addressedTo !== undefined && addressedTo !== jurisdictionId)
      out.push({
        record,
        line,
        ok: false,
        errors: [
          {
            field: 'AdditionalInfo.JurisdictionId',
            pointer: '/AdditionalInfo',
            code: 'invalid',
            message: 'an office imports only the requests addressed to it',
          },
        ],
      });
    else if (!checked.ok) out.push({ record, line, ok: false, errors: checked.problems });
    else out.push({ record, line, ok: true, value: checked.value });
  });
  return out;
}
