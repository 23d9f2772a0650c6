/** Owner of `outbox` for what the apps (not the relay) read of it. */
import type { SqlExecutor } from '../data-source';
import { select } from './sql';

/** Whether an event of this id was ever enqueued (idempotent emitters with derived event ids). */
export async function outboxHasEvent(tx: SqlExecutor, eventId: string): Promise<boolean> {
  return (await select(tx, `SELECT 1 FROM outbox WHERE event_id = $1`, [eventId])).length > 0;
}
