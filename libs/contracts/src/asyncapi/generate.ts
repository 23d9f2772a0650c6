/**
 * Builds the AsyncAPI 3 document of every topic, event type and schema from the event catalog,
 * so the document cannot drift from the code. `npm run asyncapi` writes docs/asyncapi.yaml; a
 * test checks the committed file equals this output and that the AsyncAPI parser accepts it.
 */
import { dump } from 'js-yaml';
import {
  ALL_TOPICS,
  DLQ_SUFFIX,
  EVENT_CATALOG,
  EVENT_TYPES,
  TOPIC_KEYS,
  type EventType,
} from '../events/catalog';
import { REQUIRED_CE_HEADERS } from '../events/cloudevents';

const messageName = (type: EventType) => type.replace(/^uocava\./, '').replace(/[^A-Za-z0-9]+/g, '_');
const channelName = (topic: string) => topic.replace(/[^A-Za-z0-9]+/g, '_');

const cloudEventsHeaders = {
  type: 'object',
  required: [...REQUIRED_CE_HEADERS, 'content-type'],
  properties: {
    ce_specversion: { type: 'string', const: '1.0' },
    ce_id: { type: 'string', format: 'uuid', description: 'Event id; consumers deduplicate on it.' },
    ce_source: { type: 'string', description: 'URN of the producing service, e.g. urn:uocava:gateway.' },
    ce_type: { type: 'string', description: 'Event type, versioned (…v1).' },
    ce_time: { type: 'string', format: 'date-time' },
    ce_subject: {
      type: 'string',
      format: 'uuid',
      description:
        'Equals the message key: the ballot request id (a FWAB without a request: its FWAB id; on uocava.elections.v1: the election id).',
    },
    ce_dataschema: { type: 'string', format: 'uri' },
    ce_jurisdiction: {
      type: 'string',
      description: 'CloudEvents extension: the jurisdiction (election office) slug.',
    },
    ce_traceparent: {
      type: 'string',
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description:
        'CloudEvents distributed-tracing extension (optional, present when the producer traces): the W3C traceparent of the operation that created the event. Consumers continue the trace from it; it is not rewritten on the way.',
    },
    ce_tracestate: {
      type: 'string',
      description:
        'CloudEvents distributed-tracing extension (optional): the W3C tracestate going with ce_traceparent.',
    },
    'content-type': { type: 'string', const: 'application/json' },
  },
} as const;

export function asyncApiDocument(): Record<string, unknown> {
  const messages: Record<string, unknown> = {};
  for (const type of EVENT_TYPES) {
    const spec = EVENT_CATALOG[type];
    const { $id: _id, ...payload } = spec.schema as { $id?: string };
    messages[messageName(type)] = {
      name: type,
      title: type,
      summary: spec.summary,
      contentType: 'application/json',
      headers: { $ref: '#/components/schemas/CloudEventsHeaders' },
      payload,
      bindings: {
        kafka: {
          key: { type: 'string', format: 'uuid', description: TOPIC_KEYS[spec.topic] },
          bindingVersion: '0.5.0',
        },
      },
    };
  }
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const topic of ALL_TOPICS) {
    const types = EVENT_TYPES.filter((t) => EVENT_CATALOG[t].topic === topic);
    const refs = Object.fromEntries(
      types.map((t) => [messageName(t), { $ref: `#/components/messages/${messageName(t)}` }]),
    );
    channels[channelName(topic)] = {
      address: topic,
      description:
        TOPIC_KEYS[topic] === 'Ballot request id'
          ? `Events of ${topic.split('.')[1]}; keyed by ballot request id (one voter's events stay in order).`
          : `Events of ${topic.split('.')[1]}; keyed by ${TOPIC_KEYS[topic].toLowerCase()}.`,
      messages: refs,
      bindings: { kafka: { topic, partitions: 3, bindingVersion: '0.5.0' } },
    };
    channels[channelName(topic + DLQ_SUFFIX)] = {
      address: topic + DLQ_SUFFIX,
      description:
        `Dead-letter topic of ${topic}: messages a consumer could not process, unchanged, with headers dlq_error, ` +
        'dlq_error_class, dlq_consumer, dlq_attempts, dlq_original_topic, dlq_original_partition, dlq_original_offset, dlq_failed_at.',
      messages: refs,
    };
    operations[`consume_${channelName(topic)}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${channelName(topic)}` },
      summary: `Integrators consume ${topic}.`,
      messages: Object.keys(refs).map((m) => ({ $ref: `#/channels/${channelName(topic)}/messages/${m}` })),
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'UOCAVA ballot platform events',
      version: '1.0.0',
      description:
        'Every step of a ballot request and its ballots, as CloudEvents 1.0 in Kafka binary content mode (ce_* headers, ' +
        'JSON body). Events carry no personal data. Each event type is versioned in its name; a breaking change gets a new ' +
        'type (…v2) published alongside the old one for a deprecation period. Generated from libs/contracts/src/events.',
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      local: { host: '127.0.0.1:9092', protocol: 'kafka', description: 'The broker `npm start` runs.' },
    },
    channels,
    operations,
    components: { schemas: { CloudEventsHeaders: cloudEventsHeaders }, messages },
  };
}

export function asyncApiYaml(): string {
  return `# Generated by \`npm run asyncapi\` from libs/contracts/src/events: do not edit by hand.\n${dump(
    asyncApiDocument(),
    {
      noRefs: true,
      lineWidth: 120,
      sortKeys: false,
    },
  )}`;
}
