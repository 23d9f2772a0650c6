import type { DataSource } from 'typeorm';
import { validateEventData, type EventType } from '@uocava/contracts';
import type { SqlExecutor } from '@uocava/database';
import type { MessageBus } from './bus';
import { topicOf, toWire, type CloudEvent, type WireMessage } from './cloudevents';

export class InvalidEventError extends Error {}

/**
 * Adds an event to the transactional outbox inside the caller's transaction: the state change and
 * its event commit together or not at all. The data is checked against its schema first, so a
 * producer can never emit an event that breaks the contract.
 */
export async function enqueueEvent(tx: SqlExecutor, event: CloudEvent<EventType>): Promise<void> {
  const check = validateEventData(event.type, event.data);
  if (!check.ok) throw new InvalidEventError(`${event.type}: ${check.errors.join('; ')}`);
  const wire = toWire(event);
  await tx.query(
    `INSERT INTO outbox (jurisdiction_id, event_id, topic, message_key, event_type, headers, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [event.jurisdiction, event.id, topicOf(event.type), wire.key, event.type, wire.headers, event.data],
  );
}

export interface OutboxRelayOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  /** Fault injection for tests: runs after the broker acknowledged a batch, before it is marked. */
  afterPublish?: (eventIds: string[]) => Promise<void>;
  onError?: (error: unknown) => void;
}

interface OutboxRow {
  outbox_id: string;
  event_id: string;
  topic: string;
  message_key: string;
  headers: Record<string, string>;
  payload: unknown;
}

/** Advisory lock key shared by every relay: one publishes at a time, so order per key holds. */
const RELAY_LOCK = 727_001;

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

  constructor(
    private readonly ds: DataSource,
    private readonly bus: MessageBus,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  /** Publishes one batch; returns how many events went out (0 if another relay holds the lock). */
  async publishBatch(): Promise<number> {
    return this.ds.transaction(async (tx) => {
      // One lock and one row-level-security opening in one statement: `app.outbox_relay = 'on'`
      // (this transaction only) lets the relay read every jurisdiction's events and set their
      // published_at, nothing else (policies relay_read / relay_mark, migration 1700000006000).
      const [{ locked }] = await tx.query(
        `SELECT pg_try_advisory_xact_lock($1) AS locked, set_config('app.outbox_relay', 'on', true) AS relay`,
        [RELAY_LOCK],
      );
      if (!locked) return 0;
      const rows: OutboxRow[] = await tx.query(
        `SELECT outbox_id, event_id, topic, message_key, headers, payload FROM outbox
         WHERE published_at IS NULL ORDER BY outbox_id LIMIT $1`,
        [this.options.batchSize ?? 500],
      );
      if (rows.length === 0) return 0;
      // Consecutive rows of one topic go out as one ordered send.
      let start = 0;
      while (start < rows.length) {
        let end = start;
        while (end < rows.length && rows[end].topic === rows[start].topic) end++;
        const messages: WireMessage[] = rows.slice(start, end).map((r) => ({
          key: r.message_key,
          headers: r.headers,
          value: Buffer.from(JSON.stringify(r.payload), 'utf8'),
        }));
        await this.bus.publish(rows[start].topic, messages);
        start = end;
      }
      await this.options.afterPublish?.(rows.map((r) => r.event_id));
      await tx.query(`UPDATE outbox SET published_at = now() WHERE outbox_id = ANY($1::bigint[])`, [
        rows.map((r) => r.outbox_id),
      ]);
      return rows.length;
    });
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
        const delay = failures ? Math.min(5000, 100 * 2 ** failures) : (this.options.pollIntervalMs ?? 50);
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

  /** Nudges an idle relay (e.g. right after a request committed). */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }
}
