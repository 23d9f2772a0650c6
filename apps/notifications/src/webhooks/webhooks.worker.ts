import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ALL_TOPICS, EVENT_TYPES } from '@uocava/contracts';
import { enqueueWebhookDeliveries, enqueueWebhookDeliveriesOf } from '@uocava/database';
import type { CloudEvent, EventHandler, HandlerMap, RunHandler } from '@uocava/messaging';
import { EventWorker } from '@uocava/platform';

/**
 * Records the webhook deliveries of every event the platform publishes (every topic, every type):
 * one durable row per active subscription of the event's jurisdiction whose filter takes its
 * type, written in the consumer's own transaction next to its inbox row, so an event is recorded
 * exactly once per subscription. Nothing leaves the process here: the delivery loop
 * (webhook-sender.ts) sends the rows. Events carry no personal data (libs/contracts/src/events).
 */
@Injectable()
export class WebhooksWorker extends EventWorker {
  protected readonly name = 'webhooks';
  protected readonly topics = [...ALL_TOPICS];

  protected handlers(): HandlerMap {
    const handlers: Partial<Record<string, EventHandler>> = {};
    for (const type of EVENT_TYPES) handlers[type] = (event, tx) => this.record(event, tx);
    return handlers as HandlerMap;
  }

  /** a run of one jurisdiction's events: their deliveries in one statement */
  protected override runHandler(): RunHandler {
    return async (events, tx) => {
      if (events.length > 0) await enqueueWebhookDeliveriesOf(tx, events[0].jurisdiction, events);
    };
  }

  private async record(event: CloudEvent, tx: EntityManager): Promise<void> {
    await enqueueWebhookDeliveries(tx, event);
  }
}
