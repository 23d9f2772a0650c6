/**
 * docs/events.md, generated from the event catalogue (`npm run events-doc`; `npm run lint` fails
 * when the file is stale): the prose that holds for every event, then every topic and every event
 * type with its summary, message key, schema URL and data fields.
 */
import {
  EVENT_CATALOG,
  EVENT_TYPES,
  MESSAGE_KEYS,
  TOPIC_KEYS,
  TOPICS,
  type EventType,
} from '../events/catalog';

interface FieldSchema {
  type?: string | string[];
  enum?: readonly unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  items?: FieldSchema;
  properties?: Record<string, FieldSchema>;
  minimum?: number;
  maximum?: number;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function describe(schema: FieldSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum !== undefined) return `one of ${schema.enum.map((v) => `\`${String(v)}\``).join(', ')}`;
  if (schema.type === 'array')
    return `list of ${schema.items === undefined ? 'values' : describe(schema.items)}`;
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  const extra = [
    schema.format,
    schema.pattern === undefined ? undefined : `\`${schema.pattern}\``,
    schema.minimum === undefined ? undefined : `≥ ${schema.minimum}`,
    schema.maximum === undefined ? undefined : `≤ ${schema.maximum}`,
  ].filter((x): x is string => x !== undefined);
  const nested = schema.properties === undefined ? '' : ` (${Object.keys(schema.properties).join(', ')})`;
  return `${type}${extra.length === 0 ? '' : ` (${extra.join(', ')})`}${nested}`;
}

/** Which data field the message key (= ce_subject) of `type` is, read from MESSAGE_KEYS. */
function keyOf(type: EventType): string {
  const probe = new Proxy(
    {},
    { get: (_t, name) => (name === 'requestId' ? undefined : `\`${String(name)}\``) },
  ) as never;
  const withRequest = new Proxy({}, { get: (_t, name) => `\`${String(name)}\`` }) as never;
  const a = (MESSAGE_KEYS[type] as (d: never) => string)(withRequest);
  const b = (MESSAGE_KEYS[type] as (d: never) => string | undefined)(probe);
  return b === undefined || a === b ? a : `${a}, else ${b}`;
}

const INTRO = (dataschemaBase: string) => `# Events for integrators

<!-- Generated from libs/contracts/src/events by \`npm run events-doc\`; do not edit by hand. -->

All events are [CloudEvents 1.0](https://github.com/cloudevents/spec) in Kafka **binary content
mode**: the attributes travel as headers (\`ce_specversion\`, \`ce_id\`, \`ce_source\`, \`ce_type\`,
\`ce_time\`, \`ce_subject\`, \`ce_dataschema\`, \`ce_jurisdiction\`, \`content-type: application/json\`),
the event data is the JSON message value, and the message key equals \`ce_subject\` (per type below,
from \`MESSAGE_KEYS\` of \`libs/contracts/src/events/catalog.ts\`). The full contract, with every
schema, is [asyncapi.yaml](asyncapi.yaml) (AsyncAPI 3, generated from the same catalogue).

**Tracing**: when the producing service traces (OpenTelemetry), an event also carries the
CloudEvents [distributed-tracing extension](https://github.com/cloudevents/spec/blob/main/cloudevents/extensions/distributed-tracing.md):
\`ce_traceparent\` (and \`ce_tracestate\` when set), the W3C trace context of the operation that
created the event (e.g. the HTTP request that submitted a ballot request). It is optional; a
consumer may start its own span as a child of it, and should not rewrite it when forwarding.

**Schemas**: \`ce_dataschema\` is \`${dataschemaBase}<type>.json\`, where \`PUBLIC_URL\` is the
deployment's public base URL of the gateway (docs/operations.md; \`http://127.0.0.1:3000\`, the local
gateway, when unset, and the gateway's own address under \`npm start\`). The URL resolves: the
gateway serves each schema there (JSON Schema 2020-12, \`$id\` = that URL), and the list of types at
\`/schemas/events\`.
[examples/event-consumer](../examples/event-consumer/) reads events with the official CloudEvents
SDK and validates their data against these published schemas.

**No personal data**: events carry ids, codes, dates of the process, country codes and hashes —
never a name, date of birth, ID number, address, e-mail or phone. The e2e test checks the bytes of
every event of a journey for the voter's data.

**Versioning**: the type name carries the version. A compatible change (a new optional field)
keeps the type; a breaking change publishes a new type (\`…v2\`) alongside the old one for a
deprecation period announced in this file. Consumers should ignore types they do not know.

**Delivery**: at least once. Deduplicate on \`ce_id\` (the platform's own consumers keep an inbox
table for that). Messages a consumer could not process go, unchanged and with \`dlq_*\` headers, to
\`<topic>.dlq\`.

To follow the local stack: point any Kafka client at \`127.0.0.1:9092\` (printed by \`npm start\`),
e.g. with kcat: \`kcat -b 127.0.0.1:9092 -t uocava.requests.v1 -C -f '%k %h %s\\n'\`.
Or with the project's command line, one CloudEvent (structured JSON) per line:
\`npm run cli -- events tail\` follows the topics live, and
\`npm run cli -- events replay --from 2026-11-03T00:00:00Z [--to …] [--type …] [--jurisdiction …]\`
prints what the broker still holds from that time (docs/operations.md, "Events from the command
line").
`;

/** The Markdown text of docs/events.md (before Prettier). */
export function eventsMarkdown(dataschemaBase: string): string {
  const out: string[] = [INTRO(dataschemaBase), '## Topics', ''];
  out.push('| topic | message key | event types |', '| --- | --- | --- |');
  for (const topic of Object.values(TOPICS)) {
    const types = EVENT_TYPES.filter((t) => EVENT_CATALOG[t].topic === topic);
    out.push(
      `| \`${topic}\` | ${cell(TOPIC_KEYS[topic])} | ${types.map((t) => `[\`${t}\`](#${t.replace(/\./g, '')})`).join(', ')} |`,
    );
  }
  out.push('', '## Event types', '');
  for (const type of EVENT_TYPES) {
    const spec = EVENT_CATALOG[type];
    const schema = spec.schema as { properties: Record<string, FieldSchema>; required?: readonly string[] };
    const required = new Set(schema.required ?? []);
    out.push(`### ${type}`, '', spec.summary, '');
    out.push(
      `Topic \`${spec.topic}\`, message key ${keyOf(type)}, schema \`${dataschemaBase}${type}.json\`.`,
      '',
    );
    out.push('| field | required | value |', '| --- | --- | --- |');
    for (const [name, field] of Object.entries(schema.properties))
      out.push(`| \`${name}\` | ${required.has(name) ? 'yes' : 'no'} | ${cell(describe(field))} |`);
    out.push('');
  }
  return out.join('\n');
}
