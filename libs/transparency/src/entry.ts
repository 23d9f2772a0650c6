/**
 * Log entries: one per lifecycle event, canonical JSON (RFC 8785). An entry holds ids, the event
 * type, the time, the SHA-256 of the event's data and the leaf hash of the previous entry of the
 * same ballot request / ballot (a per-ballot hash chain). Never personal data: every field is
 * checked against a strict shape, so a name or an address cannot slip into a free-text field.
 */
import canonicalize from 'canonicalize-cjs';
import { UUID_PATTERN } from '@uocava/contracts/values';
import type { BallotId, BallotRequestId, JurisdictionId } from '@uocava/domain';

export const LOG_ENTRY_VERSION = 'uocava-log-entry/1' as const;

export type LogSubjectKind = 'request' | 'ballot';

export interface LogEntryV1 {
  /** format version; a new shape gets a new version string */
  v: typeof LOG_ENTRY_VERSION;
  /** jurisdiction slug, e.g. `us-ny-kings` */
  jurisdiction: string;
  /** what the per-ballot chain follows: the ballot request id or the ballot id (UUIDs) */
  subject: { kind: LogSubjectKind; id: string };
  /** CloudEvents type, e.g. `ballot.transmitted` */
  eventType: string;
  /** CloudEvents id (UUID) */
  eventId: string;
  /** event time, RFC 3339 UTC, e.g. `2026-11-03T12:00:00.000Z` */
  time: string;
  /** lower-case hex SHA-256 of the RFC 8785 (JCS) canonical JSON of the event's `data` (not the body bytes) */
  dataSha256: string;
  /** lower-case hex leaf hash of the previous entry with the same subject, or null for the first */
  prev: string | null;
}

export type LogEntry = LogEntryV1;

/** What a caller supplies (branded ids); `v` and `prev` are filled in by the log. */
export interface LogEntryInput {
  jurisdiction: JurisdictionId;
  subject: { kind: 'request'; id: BallotRequestId } | { kind: 'ballot'; id: BallotId };
  eventType: string;
  eventId: string;
  time: string;
  dataSha256: string;
}

const JURISDICTION = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
const EVENT_TYPE = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*){1,4}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

/** Throws a TypeError naming the first field whose shape is wrong (never echoing its value). */
export function assertLogEntry(value: unknown): asserts value is LogEntryV1 {
  const fail = (field: string): never => {
    throw new TypeError(`invalid log entry: ${field}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('not an object');
  const e = value as Record<string, unknown>;
  const keys = Object.keys(e).sort().join(',');
  if (keys !== 'dataSha256,eventId,eventType,jurisdiction,prev,subject,time,v') fail('field set');
  if (e.v !== LOG_ENTRY_VERSION) fail('v');
  if (typeof e.jurisdiction !== 'string' || !JURISDICTION.test(e.jurisdiction)) fail('jurisdiction');
  const s = e.subject;
  if (typeof s !== 'object' || s === null || Array.isArray(s)) fail('subject');
  const subj = s as Record<string, unknown>;
  if (Object.keys(subj).sort().join(',') !== 'id,kind') fail('subject');
  if (subj.kind !== 'request' && subj.kind !== 'ballot') fail('subject.kind');
  if (typeof subj.id !== 'string' || !UUID_PATTERN.test(subj.id)) fail('subject.id');
  if (typeof e.eventType !== 'string' || !EVENT_TYPE.test(e.eventType)) fail('eventType');
  if (typeof e.eventId !== 'string' || !UUID_PATTERN.test(e.eventId)) fail('eventId');
  if (typeof e.time !== 'string' || !TIME.test(e.time) || Number.isNaN(Date.parse(e.time))) fail('time');
  if (typeof e.dataSha256 !== 'string' || !HEX64.test(e.dataSha256)) fail('dataSha256');
  if (e.prev !== null && (typeof e.prev !== 'string' || !HEX64.test(e.prev))) fail('prev');
}

export function makeLogEntry(input: LogEntryInput, prev: string | null): LogEntryV1 {
  const entry: LogEntryV1 = {
    v: LOG_ENTRY_VERSION,
    jurisdiction: input.jurisdiction,
    subject: { kind: input.subject.kind, id: input.subject.id },
    eventType: input.eventType,
    eventId: input.eventId,
    time: input.time,
    dataSha256: input.dataSha256,
    prev,
  };
  assertLogEntry(entry);
  return entry;
}

/** RFC 8785 canonical JSON text of an entry (what is hashed into the tree). */
export function canonicalEntry(entry: LogEntryV1): string {
  assertLogEntry(entry);
  const text = canonicalize(entry);
  if (text === undefined) throw new TypeError('entry does not canonicalize');
  return text;
}

/** The chain key of an entry: entries with the same key form one hash chain. */
export function chainKey(subject: { kind: LogSubjectKind; id: string }): string {
  return `${subject.kind}:${subject.id}`;
}
