/**
 * Pure mapping from a lifecycle event to the log entry that records it (no I/O). The entry holds
 * only ids, the event type and time, and the SHA-256 of the event's data in RFC 8785 canonical
 * form: never the data itself.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize-cjs';
import { ballotId, ballotRequestId, jurisdictionId } from '@uocava/domain';
import type { LogEntryInput } from '@uocava/transparency';

export interface LifecycleEventLike {
  id: string;
  type: string;
  time: string;
  jurisdiction: string;
  data: unknown;
}

/** SHA-256 (lower-case hex) of the RFC 8785 canonical JSON of `data`. */
export function canonicalDataSha256(data: unknown): string {
  const text = canonicalize(data);
  if (text === undefined) throw new TypeError('event data does not canonicalize');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function stringField(data: unknown, field: string): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const v = (data as Record<string, unknown>)[field];
  return typeof v === 'string' ? v : undefined;
}

/** The request id and (for ballot events) the ballot id an event is about. */
export function eventSubjects(event: LifecycleEventLike): { requestId: string; ballotId: string | null } {
  const requestId = stringField(event.data, 'requestId');
  if (requestId === undefined) throw new TypeError(`${event.type}: data has no requestId`);
  return { requestId, ballotId: stringField(event.data, 'ballotId') ?? null };
}

/**
 * The log entry of an event. Ballot events chain per ballot, request events per request, so each
 * ballot's (and each request's) steps form one hash chain.
 */
export function logEntryFor(event: LifecycleEventLike): LogEntryInput {
  const { requestId, ballotId: bId } = eventSubjects(event);
  const time = new Date(event.time);
  if (Number.isNaN(time.getTime())) throw new TypeError(`${event.type}: bad event time`);
  return {
    jurisdiction: jurisdictionId(event.jurisdiction),
    subject:
      bId === null
        ? { kind: 'request', id: ballotRequestId(requestId) }
        : { kind: 'ballot', id: ballotId(bId) },
    eventType: event.type,
    eventId: event.id,
    time: time.toISOString(),
    dataSha256: canonicalDataSha256(event.data),
  };
}
