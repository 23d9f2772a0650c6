import type { DataSource } from 'typeorm';
import { validateEventData, type EventType } from '@uocava/contracts';
import {
  claimOutboxRelay,
  insertOutboxEvent,
  insertOutboxEvents,
  markOutboxPublished,
  type NewOutboxEvent,
  unpublishedOutboxEvents,
  type SqlExecutor,
} from '@uocava/database';
import type { MessageBus } from './bus';
import { topicOf, toWire, type CloudEvent, type WireMessage } from './cloudevents';
import { contextOfHeaders, currentTraceContext, inSpan, SpanKind } from './tracing';

export class InvalidEventError extends Error {}

/**
 * Adds an event to the transactional outbox inside the caller's transaction: the state change and
 * its event commit together or not at all. The data is checked against its schema first, so a
 * producer can never emit an event that breaks the contract.
 */
export async function enqueueEvent(tx: SqlExecutor, event: CloudEvent<EventType>): Promise<void> {
  await insertOutboxEvent(tx, outboxRowOf(event));
}

/**
 * An event checked against its schema, in its outbox form, with the trace context of the code
 * creating it (unless the event brings its own): call it where `enqueueEvent` would be called,
 * then insert many at once with `enqueueOutboxRows`.
 */
export function outboxRowOf(event: CloudEvent<EventType>): NewOutboxEvent {
  const check = validateEventData(event.type, event.data);
  if (!check.ok) throw new InvalidEventError(`${event.type}: ${check.errors.join('; ')}`);
  const wire = toWire({ ...currentTraceContext(), ...event });
  return {
    jurisdictionId: event.jurisdiction,
    eventId: event.id,
    topic: topicOf(event.type),
    messageKey: wire.key,
    eventType: event.type,
    headers: wire.headers,
    payload: event.data,
  };
}

/** Adds events made by `outboxRowOf` to the outbox in one statement, in order (one transaction). */
export async function enqueueOutboxRows(tx: SqlExecutor, rows: readonly NewOutboxEvent[]): Promise<void> {
  await insertOutboxEvents(tx, rows);
}

export interface OutboxRelayOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  /**
   * How long a relay that found another holding the outbox waits before it tries again (default
   * ten poll intervals): the holder goes on publishing while there are rows, and polls at the
   * poll interval once there are none, so the others need not ask every poll interval too.
   */
  lostClaimWaitMs?: number;
  /** Fault injection for tests: runs after the broker acknowledged a batch, before it is marked. */
  afterPublish?: (eventIds: string[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

/**
 * Publishes outbox rows in id order and marks them published, in one database transaction per
 * batch. The rows of every jurisdiction go out in one ordered stream: the transaction turns on
 * `app.outbox_relay`, the outbox's one narrow exception to tenant scoping. A relay killed after publishing but before marking leaves the rows unmarked; the next
 * run publishes them again (at-least-once), and idempotent consumers drop the duplicates.
 */
export class OutboxRelay {
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  /** whether the last attempt found another relay holding the outbox */
  private lostClaim = false;

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  /** Publishes one batch; returns how many events went out (0 if another relay holds the lock). */
  async publishBatch(): Promise<number> {
    return this.ds.transaction(async (tx) => {
      // the relay's turn (one at a time), with the outbox's narrow row-level-security opening
      this.lostClaim = !(await claimOutboxRelay(tx));
      if (this.lostClaim) return 0;
      const rows = await unpublishedOutboxEvents(tx, this.options.batchSize ?? 500);
      if (rows.length === 0) return 0;
      // Consecutive rows of one topic go out as one ordered send.
      let start = 0;
      while (start < rows.length) {
        let end = start;
        while (end < rows.length && rows[end].topic === rows[start].topic) end++;
        const batch = rows.slice(start, end);
        const messages: WireMessage[] = batch.map((r) => ({
          key: r.message_key,
          headers: r.headers,
          value: Buffer.from(JSON.stringify(r.payload), 'utf8'),
        }));
        await this.publishTraced(rows[start].topic, batch, messages);
        start = end;
      }
      await this.options.afterPublish?.(rows.map((r) => r.event_id));
      await markOutboxPublished(
        tx,
        rows.map((r) => r.outbox_id),
      );
      return rows.length;
    });
  }

  /**
   * One send; when tracing, each traced row gets a producer span (child of the trace context stored
   * with it) covering the broker's acknowledgement, so the trace shows the relay's hop.
   */
  private async publishTraced(
    topic: string,
    rows: Array<{ headers: Record<string, string> }>,
    messages: WireMessage[],
  ): Promise<void> {
    const traced = rows.filter((r) => r.headers.ce_traceparent);
    if (traced.length === 0) return this.bus.publish(topic, messages);
    let sent!: () => void;
    let failed!: (e: unknown) => void;
    const acknowledged = new Promise<void>((resolve, reject) => ((sent = resolve), (failed = reject)));
    acknowledged.catch(() => undefined);
    const spans = traced.map((r) =>
      inSpan(
        `${topic} publish`,
        {
          kind: SpanKind.PRODUCER,
          parent: contextOfHeaders(r.headers),
          attributes: {
            'messaging.system': 'kafka',
            'messaging.operation.type': 'send',
            'messaging.destination.name': topic,
            'cloudevents.event_type': r.headers.ce_type ?? '',
          },
        },
        () => acknowledged,
      ),
    );
    try {
      await this.bus.publish(topic, messages);
      sent();
    } catch (error) {
      failed(error);
      throw error;
    } finally {
      await Promise.allSettled(spans);
    }
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = (async () => {
      let failures = 0;
      while (this.running) {
        try {
          const sent = await this.publishBatch();
          failures = 0;
          if (sent > 0) continue;
        } catch (error) {
          failures++;
          this.options.onError?.(error);
        }
        const poll = this.options.pollIntervalMs ?? 50;
        const delay = failures
          ? Math.min(2000, 100 * 2 ** failures)
          : this.lostClaim
            ? (this.options.lostClaimWaitMs ?? poll * 10)
            : poll;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delay);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    })();
  }

  /**
   * Nudges an idle relay (e.g. right after a request committed); not one that found another relay
   * holding the outbox: the holder publishes the new rows with the rest (every app's relay
   * publishes every app's rows), and a commit per request would otherwise make it ask again and
   * again while the holder works.
   */
  notify(): void {
    if (!this.lostClaim) this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
