import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, TOPICS, type EventType } from '@uocava/contracts';
import type { CloudEvent, EventHandler, HandlerMap } from '@uocava/messaging';
import { EventWorker } from '@uocava/platform';

export const SOURCE = 'urn:uocava:receipts';

/** Every lifecycle event of a request or ballot is a step the voter sees. */
export const LIFECYCLE_EVENTS: EventType[] = EVENT_TYPES.filter((t) => t !== 'uocava.receipt.issued.v1');

@Injectable()
export class ReceiptsWorker extends EventWorker {
  protected readonly name = 'receipts';
  protected readonly topics = [TOPICS.requests, TOPICS.ballots];

  protected handlers(): HandlerMap {
    const handler: EventHandler = (event, tx) => this.record(event, tx);
    return Object.fromEntries(LIFECYCLE_EVENTS.map((t) => [t, handler])) as HandlerMap;
  }

  private async record(event: CloudEvent, tx: EntityManager): Promise<void> {
    const data = event.data as { requestId: string; ballotId?: string };
    await tx.query(
      `INSERT INTO tracking_steps (event_id, jurisdiction_id, request_id, ballot_id, event_type, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING`,
      [event.id, event.jurisdiction, data.requestId, data.ballotId ?? null, event.type, event.time],
    );
  }
}
