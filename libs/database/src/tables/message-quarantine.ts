/**
 * Owner of `message_quarantine` (migration 1700000009200): the messages consumers parked instead of
 * processing, and what the operator did with them (`cli dlq`).
 */
import type { SqlExecutor } from '../data-source';
import { execute, select, selectOne, updateReturning } from './sql';

export type QuarantineReason = 'malformed' | 'failed' | 'unknown-request';
export type QuarantineStatus = 'parked' | 'replayed' | 'dropped';

/** How many bytes of a parked message's body the row keeps. */
export const QUARANTINE_FIRST_BYTES = 4096;

export interface ParkedMessage {
  /**
   * the jurisdiction of a decoded event (the row is written in its scope), or null for a message
   * that could not be decoded (its claimed jurisdiction is not trusted; it stays in `headers`)
   */
  jurisdictionId: string | null;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  key: string;
  headers: Record<string, string>;
  size: number;
  sha256: string;
  firstBytes: Buffer;
  eventId: string | null;
  eventType: string | null;
  reason: QuarantineReason;
  error: string;
  errorClass: string;
  attempts: number;
  storedIn: 'dlq' | 'database';
  /** why the dead-letter topic did not take it (stored_in 'database') */
  dlqError: string | null;
}

const clip = (text: string | null, n: number): string | null => (text === null ? null : text.slice(0, n));

/** Headers as stored: every value clipped (a poison message may carry anything). */
function storedHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers).slice(0, 100)) {
    out[name.slice(0, 200).replaceAll('\u0000', '')] = value.slice(0, 2000).replaceAll('\u0000', '');
  }
  return out;
}

/** Text safe for a text column: no NUL (Postgres refuses it). */
const safe = (text: string | null): string | null => (text === null ? null : text.replaceAll('\u0000', ''));

/**
 * Parks a message, in the caller's tenant transaction for a decoded event (`jurisdictionId` set),
 * or unscoped with `jurisdictionId` null (policy park_unscoped). A message this consumer parked
 * before (a redelivery after a crash) is not parked twice. (No RETURNING: the apps' role may not
 * read a row without a jurisdiction.)
 */
export async function parkMessage(db: SqlExecutor, m: ParkedMessage): Promise<void> {
  await execute(
    db,
    `INSERT INTO message_quarantine (jurisdiction_id, consumer, topic, partition, "offset", message_key,
         headers, size, sha256, first_bytes, event_id, event_type, reason, error, error_class, attempts,
         stored_in, dlq_error)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT DO NOTHING`,
    [
      m.jurisdictionId,
      m.consumer.slice(0, 200),
      m.topic,
      m.partition,
      m.offset,
      safe(m.key)!.slice(0, 1000),
      JSON.stringify(storedHeaders(m.headers)),
      m.size,
      m.sha256,
      m.firstBytes.subarray(0, QUARANTINE_FIRST_BYTES),
      clip(safe(m.eventId), 200),
      clip(safe(m.eventType), 200),
      m.reason,
      safe(m.error)!.slice(0, 2000),
      m.errorClass.slice(0, 200),
      m.attempts,
      m.storedIn,
      clip(safe(m.dlqError), 2000),
    ],
  );
}

/**
 * Opens the operator's view for this transaction (`app.quarantine_operator`): every row readable,
 * the resolution columns writable. Only `cli dlq` calls it.
 */
export async function openQuarantineAsOperator(tx: SqlExecutor): Promise<void> {
  await execute(tx, `SELECT set_config('app.quarantine_operator', 'on', true)`);
}

/** A parked message as the operator reads it: what was parked, when, and what became of it. */
export interface QuarantinedMessage extends Omit<ParkedMessage, 'jurisdictionId' | 'dlqError'> {
  quarantineId: string;
  jurisdictionId: string | null;
  dlqError: string | null;
  quarantinedAt: Date;
  status: QuarantineStatus;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: string | null;
}

const COLUMNS = `quarantine_id::text AS "quarantineId", jurisdiction_id AS "jurisdictionId", consumer, topic,
  partition, "offset"::text AS "offset", message_key AS "key", headers, size, sha256, first_bytes AS "firstBytes",
  event_id AS "eventId", event_type AS "eventType", reason, error, error_class AS "errorClass", attempts,
  stored_in AS "storedIn", dlq_error AS "dlqError", quarantined_at AS "quarantinedAt", status,
  resolved_at AS "resolvedAt", resolved_by AS "resolvedBy", resolution`;

/** Parked rows (or every row with `all`), oldest first; needs `openQuarantineAsOperator` or a tenant scope. */
export async function quarantinedMessages(
  tx: SqlExecutor,
  filter: { all?: boolean; consumer?: string; topic?: string; limit?: number } = {},
): Promise<QuarantinedMessage[]> {
  return select<QuarantinedMessage>(
    tx,
    `SELECT ${COLUMNS} FROM message_quarantine
     WHERE ($1::boolean OR status = 'parked') AND ($2::text IS NULL OR consumer = $2) AND ($3::text IS NULL OR topic = $3)
     ORDER BY quarantine_id LIMIT $4`,
    [filter.all === true, filter.consumer ?? null, filter.topic ?? null, filter.limit ?? 1000],
  );
}

export async function quarantinedMessage(
  tx: SqlExecutor,
  id: string,
): Promise<QuarantinedMessage | undefined> {
  return selectOne<QuarantinedMessage>(
    tx,
    `SELECT ${COLUMNS} FROM message_quarantine WHERE quarantine_id = $1`,
    [id],
  );
}

/** Marks a parked row replayed or dropped, with who and why; false if it was not parked. */
export async function resolveQuarantined(
  tx: SqlExecutor,
  id: string,
  resolution: { status: 'replayed' | 'dropped'; by: string; note: string },
): Promise<boolean> {
  const rows = await updateReturning<{ quarantine_id: string }>(
    tx,
    `UPDATE message_quarantine SET status = $2, resolved_at = now(), resolved_by = $3, resolution = $4
     WHERE quarantine_id = $1 AND status = 'parked'`,
    'quarantine_id',
    [id, resolution.status, resolution.by.slice(0, 200), resolution.note.slice(0, 2000)],
  );
  return rows.length > 0;
}

/** Parked messages by consumer and reason, for `/metrics` (opens the operator's read view in `tx`). */
export async function parkedMessageCounts(
  tx: SqlExecutor,
): Promise<Array<{ consumer: string; reason: QuarantineReason; count: number }>> {
  await openQuarantineAsOperator(tx);
  return select(
    tx,
    `SELECT consumer, reason, count(*)::int AS count FROM message_quarantine
     WHERE status = 'parked' GROUP BY consumer, reason ORDER BY consumer, reason`,
  );
}
