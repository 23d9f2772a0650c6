import type { DataSource, EntityManager } from 'typeorm';
import { validateEventData, type EventDataByType, type EventType } from '@uocava/contracts';
import { withTenant } from '@uocava/database';
import type { DeliveredMessage, MessageBus, Subscription } from './bus';
import { dlqTopic } from '@uocava/contracts';
import { fromWire, MalformedEventError, type CloudEvent } from './cloudevents';

/** Thrown by a handler for an event that can never succeed: it goes to the dead-letter topic at once. */
export class PermanentError extends Error {}

export type EventHandler<T extends EventType = EventType> = (
  event: CloudEvent<T>,
  tx: EntityManager,
) => Promise<void>;

export type HandlerMap = { [T in EventType]?: EventHandler<T> };

export interface ConsumerOptions {
  /** consumer name: the Kafka group id and the inbox's consumer column */
  name: string;
  topics: string[];
  handlers: HandlerMap;
  maxAttempts?: number;
  baseBackoffMs?: number;
  log?: (line: string) => void;
}

export type Outcome = 'processed' | 'duplicate' | 'ignored' | 'dead-lettered';

/**
 * Runs handlers exactly once per event id: the inbox row (consumer, event id) is written in the
 * same transaction as the handler's effects, so a redelivered event finds it and changes nothing.
 * Malformed messages and events that keep failing go to the topic's dead-letter topic with the
 * error in their headers; the partition moves on.
 */
export class IdempotentConsumer {
  private subscription?: Subscription;
  readonly counts: Record<Outcome, number> = { processed: 0, duplicate: 0, ignored: 0, 'dead-lettered': 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly options: ConsumerOptions,
  ) {}

  async start(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: this.options.name,
      topics: this.options.topics,
      fromBeginning: true,
      handle: async (message) => {
        const outcome = await this.process(message);
        this.counts[outcome]++;
      },
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /** Handles one delivered message; never throws (a failure ends in the dead-letter topic). */
  async process(message: DeliveredMessage): Promise<Outcome> {
    let event: CloudEvent;
    try {
      const decoded = fromWire(message);
      const check = validateEventData(decoded.type, decoded.data);
      if (!check.ok) throw new MalformedEventError(check.errors);
      event = { ...decoded, data: check.data } as CloudEvent;
    } catch (error) {
      return this.deadLetter(message, error, 0);
    }
    const handler = this.options.handlers[event.type] as EventHandler | undefined;
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        return await withTenant(this.ds, event.jurisdiction, async (tx) => {
          const inserted: unknown[] = await tx.query(
            `INSERT INTO inbox (consumer, event_id, jurisdiction_id, event_type) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING event_id`,
            [this.options.name, event.id, event.jurisdiction, event.type],
          );
          if (inserted.length === 0) return 'duplicate' as const;
          if (!handler) return 'ignored' as const;
          await handler(event, tx);
          return 'processed' as const;
        });
      } catch (error) {
        if (error instanceof PermanentError || attempt >= maxAttempts) {
          return this.deadLetter(message, error, attempt);
        }
        const delay = (this.options.baseBackoffMs ?? 200) * 2 ** (attempt - 1);
        this.options.log?.(
          `${this.options.name}: ${event.type} ${event.id} failed (attempt ${attempt}), retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  private async deadLetter(message: DeliveredMessage, error: unknown, attempts: number): Promise<Outcome> {
    const reason = error instanceof Error ? error.message : String(error);
    this.options.log?.(
      `${this.options.name}: dead-lettering ${message.topic}/${message.partition}@${message.offset}: ${reason}`,
    );
    await this.bus.publish(dlqTopic(message.topic), [
      {
        key: message.key,
        value: message.value,
        headers: {
          ...message.headers,
          dlq_error: reason.slice(0, 2000),
          dlq_error_class: error instanceof Error ? error.constructor.name : 'Error',
          dlq_consumer: this.options.name,
          dlq_attempts: String(attempts),
          dlq_original_topic: message.topic,
          dlq_original_partition: String(message.partition),
          dlq_original_offset: message.offset,
          dlq_failed_at: new Date().toISOString(),
        },
      },
    ]);
    return 'dead-lettered';
  }
}

export type { EventDataByType };
