/**
 * An integrator's event consumer: reads the platform's Kafka topics, turns each message into a
 * CloudEvent with the official CloudEvents SDK (`cloudevents`, Kafka binding, binary mode), and
 * validates the event's data against the JSON Schema its `dataschema` names, fetched from the
 * gateway (docs/events.md, "Schemas"). It only uses public packages (kafkajs, cloudevents, ajv),
 * so it can be copied out of this repository as it is.
 *
 *   KAFKA_BROKERS=127.0.0.1:9092 \
 *     node -r @swc-node/register examples/event-consumer/consumer.ts
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { CloudEvent, Kafka as KafkaBinding, type KafkaMessage } from 'cloudevents';
import { Kafka, type IHeaders } from 'kafkajs';

export const TOPICS = [
  'uocava.requests.v1',
  'uocava.ballots.v1',
  'uocava.receipts.v1',
  'uocava.elections.v1',
];

/**
 * The published data schemas, fetched once each from the URL the event names in `dataschema`
 * (the gateway serves it there, docs/events.md "Schemas").
 */
export class PublishedSchemas {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: false });
  private readonly validators = new Map<string, Promise<ValidateFunction>>();

  constructor() {
    addFormats(this.ajv);
  }

  validator(dataschema: string): Promise<ValidateFunction> {
    let v = this.validators.get(dataschema);
    if (v === undefined) {
      v = fetch(dataschema).then(async (res) => {
        if (!res.ok) throw new Error(`${dataschema}: HTTP ${res.status}`);
        return this.ajv.compile((await res.json()) as object);
      });
      this.validators.set(dataschema, v);
    }
    return v;
  }
}

export interface RawMessage {
  key: Buffer | string | null;
  value: Buffer | string | null;
  headers?: IHeaders;
}

export type Checked =
  { ok: true; event: CloudEvent<unknown> } | { ok: false; event?: CloudEvent<unknown>; errors: string[] };

/** One Kafka message: a valid CloudEvent 1.0 whose data fits its published schema? */
export async function checkMessage(message: RawMessage, schemas: PublishedSchemas): Promise<Checked> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(message.headers ?? {})) if (v !== undefined) headers[k] = String(v);
  const value = message.value === null ? '' : message.value.toString();
  let event: CloudEvent<unknown>;
  try {
    // the SDK parses the binary-mode headers and validates the attributes (CloudEvents 1.0)
    const kafkaMessage: KafkaMessage<string> = {
      key: message.key?.toString() ?? '',
      value,
      headers,
      body: value,
    };
    event = KafkaBinding.toEvent(kafkaMessage) as CloudEvent<unknown>;
    event.validate();
  } catch (e) {
    return { ok: false, errors: [`not a valid CloudEvent: ${(e as Error).message}`] };
  }
  if (event.dataschema === undefined) return { ok: false, event, errors: ['no dataschema'] };
  const validate = await schemas.validator(event.dataschema);
  const data = typeof event.data === 'string' ? (JSON.parse(event.data) as unknown) : event.data;
  if (validate(data)) return { ok: true, event };
  return {
    ok: false,
    event,
    errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`),
  };
}

async function main(): Promise<void> {
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const schemas = new PublishedSchemas();
  const consumer = new Kafka({ clientId: 'example-consumer', brokers }).consumer({
    groupId: process.env.GROUP_ID ?? 'example-consumer',
  });
  await consumer.connect();
  await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const checked = await checkMessage(message, schemas);
      const what = checked.event === undefined ? topic : `${checked.event.type} ${checked.event.id}`;
      console.log(checked.ok ? `valid    ${what}` : `INVALID  ${what}: ${checked.errors.join('; ')}`);
    },
  });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
