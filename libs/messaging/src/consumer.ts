import type { DataSource, EntityManager } from 'typeorm';
import { isEventType, validateEventData, type EventDataByType, type EventType } from '@uocava/contracts';
import { createHash } from 'node:crypto';
import {
  parkMessage,
  QUARANTINE_FIRST_BYTES,
  recordInboxEvent,
  recordInboxEvents,
  scopeToTenant,
  withTenant,
  type QuarantineReason,
} from '@uocava/database';
import type { DeliveredMessage, MessageBus, PartitionLag, Subscription } from './bus';
import { dlqTopic } from '@uocava/contracts';
import { fromWire, MalformedEventError, type CloudEvent } from './cloudevents';
import { contextOfHeaders, inRunSpans, inSpan, SpanKind } from './tracing';

/** Thrown by a handler for an event that can never succeed: it goes to the dead-letter topic at once. */
export class PermanentError extends Error {}

/**
 * Thrown by a handler for an event about a ballot request that does not exist: parked at once
 * (reason `unknown-request`), never logged, recorded or mailed.
 */
export class UnknownRequestError extends PermanentError {
  constructor(
    readonly eventType: string,
    readonly requestId: string,
  ) {
    super(`${eventType} for request ${requestId}, which does not exist`);
  }
}

export type EventHandler<T extends EventType = EventType> = (
  event: CloudEvent<T>,
  tx: EntityManager,
) => Promise<void>;

export type HandlerMap = { [T in EventType]?: EventHandler<T> };

/**
 * Handles, at once, the first-time events of one jurisdiction taken from a run of messages (their
 * inbox rows are written in the same transaction, which is scoped to that jurisdiction), in
 * delivery order. Only events whose type has a handler in `handlers` are passed.
 */
export type RunHandler = (events: CloudEvent[], tx: EntityManager) => Promise<void>;

/**
 * Thrown by a run handler to say which event of the run cannot be applied (e.g. it is about a
 * request that does not exist): the consumer rolls the run back, applies the events before it as
 * a run, the event alone (its own retries and dead-lettering), then the events after it as a run.
 */
export class RunItemError extends Error {
  constructor(
    readonly eventId: string,
    readonly error: unknown,
  ) {
    super(`event ${eventId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

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
  /**
   * With `batch`: apply each run's handled events per jurisdiction in one call (see RunHandler)
   * instead of one handler call per event, the jurisdictions of a run one after another (one
   * transaction each). Single messages (and the fallback after a failed run) still use `handlers`.
   */
  runHandler?: RunHandler;
  /** most messages in one run (default 200) */
  maxRun?: number;
  baseBackoffMs?: number;
  /**
   * how long a dead-letter publish may take before the message is parked in the database only
   * (default 4 s: well inside the consumer's 6 s session)
   */
  deadLetterTimeoutMs?: number;
  /**
   * Fault injection only (the chaos suite's readiness demo): a dead-letter publish that fails is
   * thrown instead of parking the message in `message_quarantine`, as consumers did before issue
   * 14, so that the message holds its partition. Default: the environment's
   * `FAULT_INJECT_DEAD_LETTER_BLOCKS=1`, else off. Never set it in a deployment.
   */
  deadLetterFailureBlocks?: boolean;
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

/** Consecutive items of one jurisdiction, in order (a run's events, each stretch scoped once). */
export function jurisdictionStretches<T extends { event: { jurisdiction: string } }>(
  items: readonly T[],
): T[][] {
  const out: T[][] = [];
  for (const item of items) {
    const last = out[out.length - 1];
    if (last !== undefined && last[0].event.jurisdiction === item.event.jurisdiction) last.push(item);
    else out.push([item]);
  }
  return out;
}

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

  /**
   * Whether this consumer does its work: false once it has not been running for `graceMs`, or has
   * had messages in hand without finishing one for `graceMs` (stuck: a message, a database outage).
   */
  health(graceMs = 30000, now = Date.now()): { ok: boolean; detail: string } {
    const status = this.subscription?.status?.();
    if (!this.subscription || !status) return { ok: false, detail: 'not started' };
    // stuck first: a consumer that crashes on the same message and is restarted, again and again,
    // is never "not running" for long, but finishes nothing
    const idle = now - status.lastProgressAt;
    if (status.inHand > 0 && idle >= graceMs)
      return {
        ok: false,
        detail: `${status.inHand} message(s) in hand, none finished for ${Math.round(idle / 1000)} s${status.running ? '' : ' (not running)'}`,
      };
    if (!status.running) {
      const since = status.notRunningSince ?? now;
      return { ok: now - since < graceMs, detail: `not running for ${Math.round((now - since) / 1000)} s` };
    }
    return { ok: true, detail: status.inHand > 0 ? `${status.inHand} message(s) in hand` : 'caught up' };
  }

  /** The group's lag per partition (empty when the bus cannot tell), for `/metrics`. */
  async lag(): Promise<PartitionLag[]> {
    return (await this.bus.lag?.(this.options.name, this.options.topics)) ?? [];
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.subscription?.stop();
    this.subscription = undefined;
  }

  /**
   * A message of a known event type this consumer has no handler for (its CloudEvents headers
   * say so): nothing to apply and nothing to record, so it is neither parsed, checked nor written
   * to the inbox. A message of an unknown type, or without the headers, is decoded (and parked).
   */
  private passesBy(message: DeliveredMessage): boolean {
    const type = message.headers.ce_type;
    return (
      typeof type === 'string' &&
      message.headers.ce_specversion === '1.0' &&
      isEventType(type) &&
      this.options.handlers[type] === undefined
    );
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
  private async apply(tx: EntityManager, event: CloudEvent, fresh?: Set<string>): Promise<Outcome> {
    // a consumer span, child of the trace context the event carries (CloudEvents `traceparent`):
    // the handler's own events inherit it through the outbox (no-op when tracing is off)
    return inSpan(
      `${event.type} process`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextOfHeaders({ ce_traceparent: event.traceparent, ce_tracestate: event.tracestate }),
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.consumer.group.name': this.options.name,
          'cloudevents.event_id': event.id,
          'cloudevents.event_type': event.type,
        },
      },
      async (span) => {
        const outcome = await this.applyInScope(tx, event, fresh);
        span.setAttribute('uocava.outcome', outcome);
        return outcome;
      },
    );
  }

  /**
   * `fresh`: the run's inbox rows are already written (the ids that were new), under this event's
   * jurisdiction's scope; without it the scope is set and the inbox row written here.
   */
  private async applyInScope(tx: EntityManager, event: CloudEvent, fresh?: Set<string>): Promise<Outcome> {
    let first: boolean;
    if (fresh !== undefined) first = fresh.delete(event.id);
    else {
      await scopeToTenant(tx, event.jurisdiction);
      first = await recordInboxEvent(tx, {
        consumer: this.options.name,
        eventId: event.id,
        jurisdictionId: event.jurisdiction,
        eventType: event.type,
      });
    }
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
      // the longest run of well-formed messages from i (messages this consumer passes by
      // included: they stay in the run, which applies the others)
      const whole: Array<{ message: DeliveredMessage; event: CloudEvent | null }> = [];
      while (i + whole.length < messages.length && whole.length < (this.options.maxRun ?? 200)) {
        const message = messages[i + whole.length];
        if (this.passesBy(message)) {
          whole.push({ message, event: null });
          continue;
        }
        const decoded = this.decode(message);
        if ('error' in decoded) break;
        whole.push({ message, event: decoded });
      }
      const run = whole.filter(
        (r): r is { message: DeliveredMessage; event: CloudEvent } => r.event !== null,
      );
      const finish = async (outcomes: Outcome[]): Promise<void> => {
        let k = 0;
        for (const item of whole) {
          results.push([item.message, item.event === null ? 'ignored' : outcomes[k++]]);
          await done(item.message);
        }
        i += whole.length;
      };
      if (run.length <= 1 && whole.length > 1) {
        // passed-by messages around at most one to apply: that one as a single message
        await finish(run.length === 1 ? [await this.process(run[0].message)] : []);
        continue;
      }
      if (run.length > 1 && this.options.runHandler !== undefined) {
        await finish(await this.applyRunByJurisdiction(run));
        continue;
      }
      if (run.length > 1) {
        try {
          // one transaction for the run: each stretch of one jurisdiction's events is scoped to
          // it once and its inbox rows written in one statement, then its events applied in order
          const outcomes = await this.ds.transaction(async (tx) => {
            const out: Outcome[] = [];
            for (const stretch of jurisdictionStretches(run)) {
              await scopeToTenant(tx, stretch[0].event.jurisdiction);
              const fresh = await recordInboxEvents(
                tx,
                this.options.name,
                stretch.map(({ event }) => ({
                  eventId: event.id,
                  jurisdictionId: event.jurisdiction,
                  eventType: event.type,
                })),
              );
              for (const { event } of stretch) out.push(await this.apply(tx, event, fresh));
            }
            return out;
          });
          await finish(outcomes);
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

  /**
   * A run through the run handler: split by jurisdiction (a request's events all belong to one,
   * so each request keeps its order), the jurisdictions one after another, each in one transaction.
   * Returns the outcomes in the run's order.
   */
  private async applyRunByJurisdiction(
    run: ReadonlyArray<{ message: DeliveredMessage; event: CloudEvent }>,
  ): Promise<Outcome[]> {
    const groups = new Map<string, number[]>();
    run.forEach(({ event }, k) => {
      const g = groups.get(event.jurisdiction);
      if (g === undefined) groups.set(event.jurisdiction, [k]);
      else g.push(k);
    });
    const outcomes = new Array<Outcome>(run.length);
    // one jurisdiction after another, never in parallel: a run handler may need a second
    // connection of the pool while its transaction holds one (the key ring's first read of a
    // jurisdiction's keys), so a run of more jurisdictions than the pool has connections, taken
    // in parallel, would hold them all and wait for itself (and the app's health check with it)
    for (const ks of groups.values()) {
      const out = await this.applyGroup(ks.map((k) => run[k]));
      ks.forEach((k, n) => (outcomes[k] = out[n]));
    }
    return outcomes;
  }

  /** One jurisdiction's part of a run, in one transaction; see RunItemError for a bad event. */
  private async applyGroup(
    group: ReadonlyArray<{ message: DeliveredMessage; event: CloudEvent }>,
  ): Promise<Outcome[]> {
    if (group.length === 0) return [];
    const runHandler = this.options.runHandler;
    if (group.length === 1 || runHandler === undefined) {
      const out: Outcome[] = [];
      for (const { message } of group) out.push(await this.process(message));
      return out;
    }
    const jurisdiction = group[0].event.jurisdiction;
    try {
      return await this.ds.transaction(async (tx) => {
        await scopeToTenant(tx, jurisdiction);
        const fresh = await recordInboxEvents(
          tx,
          this.options.name,
          group.map(({ event }) => ({
            eventId: event.id,
            jurisdictionId: event.jurisdiction,
            eventType: event.type,
          })),
        );
        const out: Outcome[] = [];
        const handled: CloudEvent[] = [];
        for (const { event } of group) {
          if (!fresh.delete(event.id)) out.push('duplicate');
          else if (this.options.handlers[event.type] === undefined) out.push('ignored');
          else {
            out.push('processed');
            handled.push(event);
          }
        }
        if (handled.length > 0)
          await inRunSpans(
            `${this.options.name} run process`,
            handled.map((event) => ({
              name: `${event.type} process`,
              parent: contextOfHeaders({
                ce_traceparent: event.traceparent,
                ce_tracestate: event.tracestate,
              }),
              attributes: { 'cloudevents.event_id': event.id, 'cloudevents.event_type': event.type },
            })),
            {
              kind: SpanKind.CONSUMER,
              attributes: {
                'messaging.system': 'kafka',
                'messaging.operation.type': 'process',
                'messaging.consumer.group.name': this.options.name,
                'messaging.batch.message_count': handled.length,
              },
            },
            () => runHandler(handled, tx),
          );
        return out;
      });
    } catch (error) {
      const bad =
        error instanceof RunItemError ? group.findIndex(({ event }) => event.id === error.eventId) : -1;
      if (bad >= 0) {
        this.options.log?.(
          `${this.options.name}: ${error instanceof Error ? error.message : String(error)}; applied alone`,
        );
        const before = await this.applyGroup(group.slice(0, bad));
        const alone = await this.process(group[bad].message);
        const after = await this.applyGroup(group.slice(bad + 1));
        return [...before, alone, ...after];
      }
      // anything else: one at a time gives each message its own retries and dead-lettering
      const out: Outcome[] = [];
      for (const { message } of group) out.push(await this.process(message));
      return out;
    }
  }

  /** Handles one delivered message: processed, duplicate, ignored or dead-lettered. */
  async process(message: DeliveredMessage): Promise<Outcome> {
    if (this.passesBy(message)) return 'ignored';
    const decoded = this.decode(message);
    if ('error' in decoded) return this.deadLetter(message, decoded.error, 0, 'malformed', null);
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
          return this.deadLetter(
            message,
            error,
            attempt,
            error instanceof UnknownRequestError ? 'unknown-request' : 'failed',
            event,
          );
        }
        const delay = (this.options.baseBackoffMs ?? 200) * 2 ** (attempt - 1);
        this.options.log?.(
          `${this.options.name}: ${event.type} ${event.id} failed (attempt ${attempt}), retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /**
   * Parks a message that cannot be processed, and returns: it never throws for the message's sake,
   * so the partition always moves on. The copy goes to the topic's dead-letter topic (original key,
   * value and headers, plus `dlq_*` headers saying why); whether or not that worked, a row in
   * `message_quarantine` records it (headers, key, size, SHA-256, first bytes, error, and where the
   * whole message is). When the dead-letter topic cannot take it (too large, broker down, slow)
   * the row alone holds it, with the original still at its topic/partition/offset. Only a database
   * outage holds the message back (waited out like any outage: nothing is lost).
   */
  private async deadLetter(
    message: DeliveredMessage,
    error: unknown,
    attempts: number,
    reason: QuarantineReason,
    event: CloudEvent | null,
  ): Promise<Outcome> {
    const text = error instanceof Error ? error.message : String(error);
    const errorClass = error instanceof Error ? error.constructor.name : 'Error';
    const where = `${message.topic}/${message.partition}@${message.offset}`;
    this.options.log?.(
      `${this.options.name}: parking ${where} (${reason}, ${message.value.length} bytes): ${text}`,
    );
    let dlqError: string | null = null;
    try {
      await this.withTimeout(
        this.bus.publish(dlqTopic(message.topic), [
          {
            key: message.key,
            value: message.value,
            headers: {
              ...message.headers,
              dlq_error: text.slice(0, 2000),
              dlq_error_class: errorClass,
              dlq_reason: reason,
              dlq_consumer: this.options.name,
              dlq_attempts: String(attempts),
              dlq_original_topic: message.topic,
              dlq_original_partition: String(message.partition),
              dlq_original_offset: message.offset,
              dlq_failed_at: new Date().toISOString(),
            },
          },
        ]),
        this.options.deadLetterTimeoutMs ?? 4000,
      );
    } catch (publishError) {
      dlqError = publishError instanceof Error ? publishError.message : String(publishError);
      if (this.options.deadLetterFailureBlocks ?? process.env.FAULT_INJECT_DEAD_LETTER_BLOCKS === '1') {
        this.options.log?.(
          `${this.options.name}: the dead-letter topic did not take ${where} (${dlqError}); FAULT_INJECT_DEAD_LETTER_BLOCKS: not parked`,
        );
        throw publishError;
      }
      this.options.log?.(
        `${this.options.name}: the dead-letter topic did not take ${where} (${dlqError}); kept in message_quarantine`,
      );
    }
    const h = message.headers;
    const parked = {
      jurisdictionId: event?.jurisdiction ?? null,
      consumer: this.options.name,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      headers: h,
      size: message.value.length,
      sha256: createHash('sha256').update(message.value).digest('hex'),
      firstBytes: message.value.subarray(0, QUARANTINE_FIRST_BYTES),
      eventId: h.ce_id ?? null,
      eventType: h.ce_type ?? null,
      reason,
      error: text,
      errorClass,
      attempts,
      storedIn: dlqError === null ? ('dlq' as const) : ('database' as const),
      dlqError,
    };
    for (let outage = 0; ; outage++) {
      try {
        if (event) await withTenant(this.ds, event.jurisdiction, (tx) => parkMessage(tx, parked));
        else await parkMessage(this.ds, parked);
        break;
      } catch (parkError) {
        if (isInfrastructureError(parkError)) {
          if (this.stopping) throw new ConsumerStoppingError('stopping during a database outage');
          await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 200 * 2 ** Math.min(outage, 5))));
          continue;
        }
        // Never hold the partition for the record of a poison message: say so loudly and move on.
        this.options.log?.(
          `${this.options.name}: could not record parked ${where} in message_quarantine: ${String(parkError)}` +
            (dlqError === null ? ' (the dead-letter topic has it)' : ' (only the original offset has it)'),
        );
        break;
      }
    }
    return 'dead-lettered';
  }

  private withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    return Promise.race([
      promise,
      new Promise<T>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
      }),
    ]).finally(() => clearTimeout(timer));
  }
}

export type { EventDataByType };
