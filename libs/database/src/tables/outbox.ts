/** Owner of `outbox`: what producers enqueue, what the relay publishes, what the apps read of it. */
import type { SqlExecutor } from '../data-source';
import { execute, select, selectOne } from './sql';

/** One event as it waits in the outbox (the wire form: key, CloudEvents headers, JSON data). */
export interface NewOutboxEvent {
  jurisdictionId: string;
  eventId: string;
  topic: string;
  messageKey: string;
  eventType: string;
  headers: Record<string, string>;
  payload: unknown;
}

/** Adds an event to the outbox inside the caller's transaction (it commits with the state change). */
export async function insertOutboxEvent(tx: SqlExecutor, e: NewOutboxEvent): Promise<void> {
  await execute(
    tx,
    `INSERT INTO outbox (jurisdiction_id, event_id, topic, message_key, event_type, headers, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [e.jurisdictionId, e.eventId, e.topic, e.messageKey, e.eventType, e.headers, e.payload],
  );
}

/**
 * Adds many events to the outbox in one statement, in the given order (their outbox ids, hence
 * the relay's publishing order, follow it), inside the caller's transaction.
 */
export async function insertOutboxEvents(tx: SqlExecutor, events: readonly NewOutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (events.length === 1) return insertOutboxEvent(tx, events[0]);
  await execute(
    tx,
    `INSERT INTO outbox (jurisdiction_id, event_id, topic, message_key, event_type, headers, payload)
     SELECT jurisdiction_id, event_id, topic, message_key, event_type, headers, payload
       FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::jsonb[])
              WITH ORDINALITY AS e(jurisdiction_id, event_id, topic, message_key, event_type, headers, payload, ord)
      ORDER BY ord`,
    [
      events.map((e) => e.jurisdictionId),
      events.map((e) => e.eventId),
      events.map((e) => e.topic),
      events.map((e) => e.messageKey),
      events.map((e) => e.eventType),
      events.map((e) => JSON.stringify(e.headers)),
      events.map((e) => JSON.stringify(e.payload)),
    ],
  );
}

/** Whether an event of this id was ever enqueued (idempotent emitters with derived event ids). */
export async function outboxHasEvent(tx: SqlExecutor, eventId: string): Promise<boolean> {
  return (await select(tx, `SELECT 1 FROM outbox WHERE event_id = $1`, [eventId])).length > 0;
}

/** Advisory lock key shared by every relay: one publishes at a time, so order per key holds. */
const RELAY_LOCK = 727_001;

/**
 * Takes the relay's turn for this transaction: false when another relay holds it. One lock and
 * one row-level-security opening in one statement: `app.outbox_relay = 'on'` (this transaction
 * only) lets the relay read every jurisdiction's events and set their published_at, nothing else
 * (policies relay_read / relay_mark, migration 1700000006000).
 *
 * The same statement keeps the relay's reads on index scans (bitmap and sequential scans off, in
 * this transaction only). Every published row leaves a dead entry in the `outbox_unpublished`
 * partial index until VACUUM; an index scan marks the entries it found dead (kill bits) and skips
 * them afterwards, a bitmap scan never does. Without statistics (autovacuum off, or a table that
 * grew since its last ANALYZE) the planner picks the bitmap scan and a sort, and every poll then
 * visited every row published since the last VACUUM: 2.1 ms a poll after 8,000 events, growing.
 */
export async function claimOutboxRelay(tx: SqlExecutor): Promise<boolean> {
  const r = await selectOne<{ locked: boolean }>(
    tx,
    `SELECT pg_try_advisory_xact_lock($1) AS locked, set_config('app.outbox_relay', 'on', true) AS relay,
            set_config('enable_bitmapscan', 'off', true) AS bitmap, set_config('enable_seqscan', 'off', true) AS seq`,
    [RELAY_LOCK],
  );
  return r?.locked === true;
}

/** An unpublished event, as the relay sends it. */
export interface OutboxRow {
  outbox_id: string;
  event_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
}

/** The relay's read (exported for the test of its plan). */
export const UNPUBLISHED_OUTBOX_QUERY = `SELECT outbox_id, event_id, topic, message_key, headers, payload FROM outbox
     WHERE published_at IS NULL ORDER BY outbox_id LIMIT $1`;

/** The oldest unpublished events, in id order (needs `claimOutboxRelay` in this transaction). */
export async function unpublishedOutboxEvents(tx: SqlExecutor, limit: number): Promise<OutboxRow[]> {
  return select<OutboxRow>(tx, UNPUBLISHED_OUTBOX_QUERY, [limit]);
}

/** Marks events published (by outbox id). */
export async function markOutboxPublished(tx: SqlExecutor, outboxIds: readonly string[]): Promise<void> {
  await execute(tx, `UPDATE outbox SET published_at = now() WHERE outbox_id = ANY($1::bigint[])`, [
    outboxIds,
  ]);
}

/** The `data` of these events, by event id (the voter's page ties a packet to its receipted event). */
export async function outboxEventData(
  tx: SqlExecutor,
  eventIds: readonly string[],
): Promise<Map<string, unknown>> {
  if (eventIds.length === 0) return new Map();
  const rows = await select<{ event_id: string; payload: unknown }>(
    tx,
    `SELECT event_id, payload FROM outbox WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  return new Map(rows.map((r) => [r.event_id, r.payload]));
}

/** The outbox backlog, for `/metrics`: unpublished rows and the age of the oldest (seconds, 0 if none). */
export async function outboxBacklog(
  tx: SqlExecutor,
): Promise<{ unpublished: number; oldestAgeSeconds: number }> {
  // the relay's read opening (this transaction only), as claimOutboxRelay, without the lock
  await execute(tx, `SELECT set_config('app.outbox_relay', 'on', true)`);
  const r = await selectOne<{ unpublished: number; oldest: number }>(
    tx,
    `SELECT count(*)::int AS unpublished,
            coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
     FROM outbox WHERE published_at IS NULL`,
  );
  return { unpublished: r?.unpublished ?? 0, oldestAgeSeconds: r?.oldest ?? 0 };
}

/**
 * The CloudEvents headers of these events, by event id (a later event about them, such as a
 * receipt issued in a batch, continues their trace from `ce_traceparent`).
 */
export async function outboxEventHeaders(
  tx: SqlExecutor,
  eventIds: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  if (eventIds.length === 0) return new Map();
  const rows = await select<{ event_id: string; headers: Record<string, string> }>(
    tx,
    `SELECT event_id, headers FROM outbox WHERE event_id = ANY($1::uuid[])`,
    [eventIds],
  );
  return new Map(rows.map((r) => [r.event_id, r.headers]));
}
