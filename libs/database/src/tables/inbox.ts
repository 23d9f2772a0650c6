/** Owner of `inbox`: the events each consumer has processed (idempotent consumers). */
import type { SqlExecutor } from '../data-source';
import { select } from './sql';

export interface InboxEntry {
  /** consumer name (its Kafka group id) */
  consumer: string;
  eventId: string;
  jurisdictionId: string;
  eventType: string;
}

/**
 * Records that the consumer processes this event, in the transaction of the handler's effects.
 * False when it was recorded before (a redelivery: nothing to do).
 */
export async function recordInboxEvent(tx: SqlExecutor, e: InboxEntry): Promise<boolean> {
  const inserted = await select(
    tx,
    `INSERT INTO inbox (consumer, event_id, jurisdiction_id, event_type) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING event_id`,
    [e.consumer, e.eventId, e.jurisdictionId, e.eventType],
  );
  return inserted.length > 0;
}

/**
 * Records many events at once (one statement): returns the ids that were new. An id seen before,
 * or twice in `entries`, is returned once at most (the first occurrence is the one that counts).
 */
export async function recordInboxEvents(
  tx: SqlExecutor,
  consumer: string,
  entries: ReadonlyArray<Omit<InboxEntry, 'consumer'>>,
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const inserted = await select<{ event_id: string }>(
    tx,
    `INSERT INTO inbox (consumer, event_id, jurisdiction_id, event_type)
       SELECT $1, event_id, jurisdiction_id, event_type
         FROM unnest($2::uuid[], $3::text[], $4::text[]) AS t(event_id, jurisdiction_id, event_type)
       ON CONFLICT DO NOTHING RETURNING event_id`,
    [
      consumer,
      entries.map((e) => e.eventId),
      entries.map((e) => e.jurisdictionId),
      entries.map((e) => e.eventType),
    ],
  );
  return new Set(inserted.map((r) => String(r.event_id)));
}
