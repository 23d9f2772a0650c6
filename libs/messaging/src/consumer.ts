import type { DataSource, EntityManager } from 'typeorm';
import { validateEventData, type EventDataByType, type EventType } from '@uocava/contracts';
import { recordInboxEvent, scopeToTenant, withTenant } from '@uocava/database';
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
  /**
   * Apply runs of messages in one transaction (default). Turn it off for handlers with effects
   * outside the database (e-mail), so that a rolled-back run does not repeat them.
   */
  batch?: boolean;
  baseBackoffMs?: number;
  log?: (line: string) => void;
}

export type Outcome = 'processed' | 'duplicate' | 'ignored' | 'dead-lettered';

/** Postgres or network failures that say nothing about the message: wait them out, never dead-letter. */
export function isInfrastructureError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = typeof e?.message === 'string' ? e.message : '';
  if (/^(08|53|57P)/.test(code)) return true; // connection exception, insufficient resources, operator intervention
  if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND'].includes(code)) return true;
  if (/Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(message))
    return true;
  return e?.driverError !== undefined && e.driverError !== error && isInfrastructureError(e.driverError);
}

export class ConsumerStoppingError extends Error {}

/**
 * Runs handlers exactly once per event id: the inbox row (consumer, event id) is written in the
 * same transaction as the handler's effects, so a redelivered event finds it and changes nothing.
 * Malformed messages and events that keep failing go to the topic's dead-letter topic with the
 * error in their headers; the partition moves on. While the database is unreachable the consumer
 * waits (with capped backoff) instead: an outage is not the message's fault.
 *
 * Messages are taken in batches: a run of well-formed messages is applied in one transaction (each
 * with its inbox row); if anything in it fails, the run is rolled back and its messages are
 * processed one by one, so the outcome is exactly that of one-at-a-time processing.
 */
export class IdempotentConsumer {
  private subscription?: Subscription;
  private stopping = false;
  readonly counts: Record<Outcome, number> = { processed: 0, duplicate: 0, ignored: 0, 'dead-lettered': 0 };

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly options: ConsumerOptions,
  ) {}

  async start(): Promise<void> {
    this.stopping = false;
    this.subscription = await this.bus.subscribe({
      groupId: this.options.name,
      topics: this.options.topics,
      fromBeginning: true,
      handle: async (message) => {
        this.counts[await this.process(message)]++;
      },
      handleBatch:
        this.options.batch === false
          ? undefined
          : async (messages, done) => {
              for (const [, outcome] of await this.processBatch(messages, done)) this.counts[outcome]++;
            },
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  private decode(message: DeliveredMessage): CloudEvent | { error: unknown } {
    try {
      const decoded = fromWire(message);
      const check = validateEventData(decoded.type, decoded.data);
      if (!check.ok) throw new MalformedEventError(check.errors);
      return { ...decoded, data: check.data } as CloudEvent;
    } catch (error) {
      return { error };
    }
  }

  /**
   * Inbox row + handler, inside the caller's transaction; switches the tenant scope to the event's
   * jurisdiction first (`set_config(..., true)`), so in a batched run each event's reads and writes
   * are under its own jurisdiction's row-level security, never the previous event's.
   */
  private async apply(tx: EntityManager, event: CloudEvent): Promise<Outcome> {
    await scopeToTenant(tx, event.jurisdiction);
    const first = await recordInboxEvent(tx, {
      consumer: this.options.name,
      eventId: event.id,
      jurisdictionId: event.jurisdiction,
      eventType: event.type,
    });
    if (!first) return 'duplicate';
    const handler = this.options.handlers[event.type] as EventHandler | undefined;
    if (!handler) return 'ignored';
    await handler(event, tx);
    return 'processed';
  }

  /**
   * Processes messages of one partition in order. `done(message)` is called as each message is
   * finished (its offset may then be committed).
   */
  async processBatch(
    messages: DeliveredMessage[],
    done: (message: DeliveredMessage) => Promise<void> = async () => undefined,
  ): Promise<Array<[DeliveredMessage, Outcome]>> {
    const results: Array<[DeliveredMessage, Outcome]> = [];
    let i = 0;
    while (i < messages.length) {
      // the longest run of well-formed messages from i
      const run: Array<{ message: DeliveredMessage; event: CloudEvent }> = [];
      while (i + run.length < messages.length && run.length < 200) {
        const decoded = this.decode(messages[i + run.length]);
        if ('error' in decoded) break;
        run.push({ message: messages[i + run.length], event: decoded });
      }
      if (run.length > 1) {
        try {
          // one transaction for the run; apply() scopes it to each event's jurisdiction in turn
          const outcomes = await this.ds.transaction(async (tx) => {
            const out: Outcome[] = [];
            for (const { event } of run) out.push(await this.apply(tx, event));
            return out;
          });
          for (let k = 0; k < run.length; k++) {
            results.push([run[k].message, outcomes[k]]);
            await done(run[k].message);
          }
          i += run.length;
          continue;
        } catch {
          // fall through: one at a time gives each message its own retries and dead-lettering
        }
      }
      const message = messages[i];
      results.push([message, await this.process(message)]);
      await done(message);
      i++;
    }
    return results;
  }

  /** Handles one delivered message: processed, duplicate, ignored or dead-lettered. */
  async process(message: DeliveredMessage): Promise<Outcome> {
    const decoded = this.decode(message);
    if ('error' in decoded) return this.deadLetter(message, decoded.error, 0);
    const event = decoded;
    const maxAttempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1, outage = 0; ; attempt++) {
      try {
        return await withTenant(this.ds, event.jurisdiction, (tx) => this.apply(tx, event));
      } catch (error) {
        if (isInfrastructureError(error)) {
          // the database is down: wait for it (the message stays uncommitted), unless we are stopping
          if (this.stopping) throw new ConsumerStoppingError('stopping during a database outage');
          outage++;
          attempt--;
          this.options.log?.(
            `${this.options.name}: database unavailable, retrying ${event.type} ${event.id}`,
          );
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** Math.min(outage, 5))));
          continue;
        }
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
