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
