import { randomUUID } from 'node:crypto';
import {
  EVENT_CATALOG,
  messageKeyOf,
  REQUIRED_CE_HEADERS,
  type EventDataByType,
  type EventType,
  type Topic,
} from '@uocava/contracts';

/**
 * A CloudEvents 1.0 event as this platform uses it. On Kafka it travels in binary content mode:
 * attributes as `ce_*` headers, `data` as the JSON body, the ballot request id as the key.
 * `jurisdiction` is a CloudEvents extension attribute (`ce_jurisdiction`).
 */
export interface CloudEvent<T extends EventType = EventType> {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  time: string;
  /** the ballot request id: also the Kafka message key, so one voter's events stay in order */
  subject: string;
  datacontenttype: 'application/json';
  dataschema: string;
  jurisdiction: string;
  /**
   * CloudEvents distributed-tracing extension: the W3C trace context where the event was created
   * (`ce_traceparent`, `ce_tracestate`); absent when tracing is off.
   */
  traceparent?: string;
  tracestate?: string;
  data: EventDataByType[T];
}

/** A message as it crosses the broker interface (no kafkajs types leak out of this library). */
export interface WireMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** The path under which the gateway serves the event data schemas (apps/gateway event-schemas). */
export const DATASCHEMA_PATH = '/schemas/events/';

/**
 * The base of every `ce_dataschema`: the deployment's public URL (`PUBLIC_URL`, the gateway's
 * address that packet links use too; the local gateway of `npm start` by default) + the schemas'
 * path, so the URL an event names is where the gateway serves its schema.
 */
export function dataschemaBase(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.PUBLIC_URL ?? `http://127.0.0.1:${env.GATEWAY_PORT ?? 3000}`;
  return `${host.replace(/\/+$/, '')}${DATASCHEMA_PATH}`;
}

export function newEvent<T extends EventType>(
  type: T,
  data: EventDataByType[T],
  source: string,
  options: { id?: string; time?: Date } = {},
): CloudEvent<T> {
  const base = data as unknown as { jurisdictionId: string };
  return {
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source,
    type,
    time: (options.time ?? new Date()).toISOString(),
    subject: messageKeyOf(type, data),
    datacontenttype: 'application/json',
    dataschema: `${dataschemaBase()}${type}.json`,
    jurisdiction: base.jurisdictionId,
    data,
  };
}

export function topicOf(type: EventType): Topic {
  return EVENT_CATALOG[type].topic;
}

export function toWire(event: CloudEvent): WireMessage {
  return {
    key: event.subject,
    value: Buffer.from(JSON.stringify(event.data), 'utf8'),
    headers: {
      ce_specversion: event.specversion,
      ce_id: event.id,
      ce_source: event.source,
      ce_type: event.type,
      ce_time: event.time,
      ce_subject: event.subject,
      ce_dataschema: event.dataschema,
      ce_jurisdiction: event.jurisdiction,
      ...(event.traceparent ? { ce_traceparent: event.traceparent } : {}),
      ...(event.tracestate ? { ce_tracestate: event.tracestate } : {}),
      'content-type': event.datacontenttype,
    },
  };
}

export class MalformedEventError extends Error {
  constructor(readonly problems: string[]) {
    super(`malformed event: ${problems.join('; ')}`);
  }
}

/** Decodes a binary-mode message; the data is checked against its schema separately. */
export type UncheckedEvent = Omit<CloudEvent, 'data'> & { data: unknown };

export function fromWire(message: WireMessage): UncheckedEvent {
  const h = message.headers;
  const problems: string[] = [];
  for (const name of REQUIRED_CE_HEADERS) {
    if (!h[name]) problems.push(`missing header ${name}`);
  }
  if (h.ce_specversion && h.ce_specversion !== '1.0')
    problems.push(`unsupported specversion ${h.ce_specversion}`);
  if (h['content-type'] && !h['content-type'].startsWith('application/json')) {
    problems.push(`unsupported content-type ${h['content-type']}`);
  }
  if (h.ce_subject && message.key !== h.ce_subject) problems.push('message key differs from ce_subject');
  let data: unknown;
  try {
    data = JSON.parse(message.value.toString('utf8'));
  } catch {
    problems.push('body is not JSON');
  }
  if (problems.length) throw new MalformedEventError(problems);
  return {
    specversion: '1.0',
    id: h.ce_id,
    source: h.ce_source,
    type: h.ce_type as EventType,
    time: h.ce_time,
    subject: h.ce_subject,
    datacontenttype: 'application/json',
    dataschema: h.ce_dataschema ?? '',
    jurisdiction: h.ce_jurisdiction,
    ...(h.ce_traceparent ? { traceparent: h.ce_traceparent } : {}),
    ...(h.ce_tracestate ? { tracestate: h.ce_tracestate } : {}),
    data,
  };
}
