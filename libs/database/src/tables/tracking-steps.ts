/** Owner of `tracking_steps`: the voter's timeline, its receipts, and the office's reads. */
import type { SqlExecutor } from '../data-source';
import { execute, select } from './sql';
import { fpcaCovers } from './ballot-requests/fpca-cover';

/** One lifecycle step of a request of the election's year (its ballot for this election, or none). */
export interface LifecycleStep {
  eventId: string;
  eventType: string;
  occurredAt: Date;
  requestId: string;
  ballotId: string | null;
}

/** Every step of the election's requests in time order (NIST SP 1500-101 export). */
export async function electionLifecycleSteps(
  tx: SqlExecutor,
  jurisdictionId: string,
  election: { electionId: string; date: string },
): Promise<LifecycleStep[]> {
  return select<LifecycleStep>(
    tx,
    `SELECT s.event_id AS "eventId", s.event_type AS "eventType", s.occurred_at AS "occurredAt",
            s.request_id AS "requestId", s.ballot_id AS "ballotId"
     FROM tracking_steps s JOIN ballot_requests r ON r.request_id = s.request_id
     WHERE s.jurisdiction_id = $1 AND ${fpcaCovers('$2')}
       AND (s.ballot_id IS NULL OR s.ballot_id IN (SELECT ballot_id FROM ballots WHERE election_id = $3))
     ORDER BY s.occurred_at, s.event_id`,
    [jurisdictionId, election.date, election.electionId],
  );
}

/** Whether this event is a tracking step already (an event is logged at most once). */
export async function trackingStepExists(tx: SqlExecutor, eventId: string): Promise<boolean> {
  return (await select(tx, `SELECT 1 FROM tracking_steps WHERE event_id = $1`, [eventId])).length > 0;
}

/** Whether a step of this meaning is recorded already, under any event id (effects.ts in libs/messaging). */
export async function trackingStepWithEffect(
  tx: SqlExecutor,
  jurisdictionId: string,
  effectKey: string,
): Promise<boolean> {
  const rows = await select(
    tx,
    `SELECT 1 FROM tracking_steps WHERE jurisdiction_id = $1 AND effect_key = $2`,
    [jurisdictionId, effectKey],
  );
  return rows.length > 0;
}

/** A lifecycle event as the voter's step, with the index of its transparency-log entry. */
export interface NewTrackingStep {
  eventId: string;
  /** what the step means (one step per meaning); null only for callers without one */
  effectKey?: string | null;
  jurisdictionId: string;
  requestId: string;
  ballotId: string | null;
  eventType: string;
  occurredAt: string;
  leafIndex: number;
}

export async function insertTrackingStep(tx: SqlExecutor, s: NewTrackingStep): Promise<void> {
  await execute(
    tx,
    `INSERT INTO tracking_steps (event_id, jurisdiction_id, request_id, ballot_id, event_type, occurred_at, leaf_index,
       effect_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      s.eventId,
      s.jurisdictionId,
      s.requestId,
      s.ballotId,
      s.eventType,
      s.occurredAt,
      String(s.leafIndex),
      s.effectKey ?? null,
    ],
  );
}

/**
 * Of these events and meanings, those recorded as steps already (one statement, two index probes:
 * the event id primary key and the (jurisdiction, effect_key) unique index).
 */
export async function trackingStepsRecorded(
  tx: SqlExecutor,
  jurisdictionId: string,
  eventIds: readonly string[],
  effectKeys: readonly string[],
): Promise<{ eventIds: Set<string>; effectKeys: Set<string> }> {
  const rows = await select<{ event_id: string; effect_key: string | null }>(
    tx,
    `SELECT event_id, effect_key FROM tracking_steps WHERE event_id = ANY($1::uuid[])
     UNION ALL
     SELECT event_id, effect_key FROM tracking_steps WHERE jurisdiction_id = $2 AND effect_key = ANY($3::text[])`,
    [eventIds, jurisdictionId, effectKeys],
  );
  return {
    eventIds: new Set(rows.map((r) => String(r.event_id))),
    effectKeys: new Set(rows.flatMap((r) => (r.effect_key === null ? [] : [String(r.effect_key)]))),
  };
}

/** Records many steps in one statement. */
export async function insertTrackingSteps(tx: SqlExecutor, steps: readonly NewTrackingStep[]): Promise<void> {
  if (steps.length === 0) return;
  await execute(
    tx,
    `INSERT INTO tracking_steps (event_id, jurisdiction_id, request_id, ballot_id, event_type, occurred_at, leaf_index,
       effect_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::timestamptz[],
         $7::bigint[], $8::text[])`,
    [
      steps.map((s) => s.eventId),
      steps.map((s) => s.jurisdictionId),
      steps.map((s) => s.requestId),
      steps.map((s) => s.ballotId),
      steps.map((s) => s.eventType),
      steps.map((s) => s.occurredAt),
      steps.map((s) => String(s.leafIndex)),
      steps.map((s) => s.effectKey ?? null),
    ],
  );
}

/** A step whose log entry is under a signed checkpoint but which has no receipt yet. */
export interface PendingReceiptRow {
  event_id: string;
  request_id: string;
  ballot_id: string | null;
  event_type: string;
  leaf_index: string;
  /** the log entry's canonical JSON */
  entry: string;
}

/**
 * Up to `limit` steps without a receipt whose entries are in the first `treeSize` leaves, in log
 * order, locked (`FOR UPDATE SKIP LOCKED`) with their log entries.
 */
export async function pendingReceipts(
  tx: SqlExecutor,
  jurisdictionId: string,
  treeSize: number,
  limit: number,
): Promise<PendingReceiptRow[]> {
  return select<PendingReceiptRow>(
    tx,
    `SELECT s.event_id, s.request_id, s.ballot_id, s.event_type, s.leaf_index, e.entry
         FROM tracking_steps s
         JOIN transparency_log_entries e ON e.jurisdiction_id = s.jurisdiction_id AND e.leaf_index = s.leaf_index
        WHERE s.jurisdiction_id = $1 AND s.receipt IS NULL AND s.leaf_index IS NOT NULL AND s.leaf_index < $2
        ORDER BY s.leaf_index
        LIMIT $3
        FOR UPDATE OF s SKIP LOCKED`,
    [jurisdictionId, String(treeSize), limit],
  );
}

/** Stores many steps' receipts (JSON) in one statement. */
export async function storeReceipts(
  tx: SqlExecutor,
  receipts: ReadonlyArray<{ eventId: string; receipt: object }>,
): Promise<void> {
  if (receipts.length === 0) return;
  await execute(
    tx,
    `UPDATE tracking_steps s SET receipt = r.receipt
       FROM unnest($1::uuid[], $2::jsonb[]) AS r(event_id, receipt)
      WHERE s.event_id = r.event_id`,
    [receipts.map((r) => r.eventId), receipts.map((r) => JSON.stringify(r.receipt))],
  );
}

/** One step of the voter's timeline. */
export interface RequestStepRow {
  event_id: string;
  event_type: string;
  ballot_id: string | null;
  occurred_at: Date;
  leaf_index: string | null;
  receipt: unknown;
}

/** Every step of a request, in time order (the voter's timeline). */
export async function requestSteps(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<RequestStepRow[]> {
  return select<RequestStepRow>(
    tx,
    `SELECT event_id, event_type, ballot_id, occurred_at, leaf_index, receipt FROM tracking_steps
       WHERE jurisdiction_id = $1 AND request_id = $2 ORDER BY occurred_at, leaf_index NULLS LAST, event_id`,
    [jurisdictionId, requestId],
  );
}

/** A step whose receipt was issued under the log signature alone and waits for its witnesses. */
export interface AwaitingWitnessRow {
  event_id: string;
  leaf_index: string;
  receipt: Record<string, unknown>;
}

/**
 * Up to `limit` steps whose receipt is marked `witnessed: 'pending'` and whose entry is in the first
 * `treeSize` leaves, in log order, locked (`FOR UPDATE SKIP LOCKED`).
 */
export async function receiptsAwaitingWitnesses(
  tx: SqlExecutor,
  jurisdictionId: string,
  treeSize: number,
  limit: number,
): Promise<AwaitingWitnessRow[]> {
  return select<AwaitingWitnessRow>(
    tx,
    `SELECT event_id, leaf_index, receipt FROM tracking_steps
        WHERE jurisdiction_id = $1 AND (receipt ->> 'witnessed') = 'pending' AND leaf_index < $2
        ORDER BY leaf_index
        LIMIT $3
        FOR UPDATE SKIP LOCKED`,
    [jurisdictionId, String(treeSize), limit],
  );
}
