/**
 * Owner of `webhook_subscriptions` and `webhook_deliveries` (migration 1700000009800): the office's
 * webhook subscriptions (gateway, admin role) and the durable queue of their deliveries (written
 * by the notifications app's webhooks consumer, sent by its delivery loop). Every access runs
 * inside `withTenant`. The signing secret is sealed with the jurisdiction's data key.
 */
import type { SqlExecutor } from '../data-source';
import type { JurisdictionKeys } from '../pii';
import { execute, iso, select, selectOne, updateReturning } from './sql';

/** Postgres NOTIFY channel: the payload is a jurisdiction id with new deliveries (on commit). */
export const WEBHOOK_CHANNEL = 'uocava_webhooks';

/** The purpose a subscription's secret is sealed under. */
const secretPurpose = (subscriptionId: string): string => `webhook-secret:${subscriptionId}`;

export type WebhookStatus = 'active' | 'disabled';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface NewWebhookSubscription {
  subscriptionId: string;
  jurisdictionId: string;
  url: string;
  /** empty: every event type */
  eventTypes: string[];
  description: string | null;
  /** `whsec_…` (sealed here) */
  secret: string;
  /** the office key id of the admin who made it */
  createdBy: string;
}

export interface WebhookSubscriptionView {
  subscriptionId: string;
  url: string;
  eventTypes: string[];
  description: string | null;
  status: WebhookStatus;
  createdAt: string;
  createdBy: string;
  disabledAt: string | null;
  disabledBy: string | null;
  deliveries: { pending: number; delivered: number; failed: number };
}

interface SubscriptionRow {
  subscription_id: string;
  url: string;
  event_types: string[];
  description: string | null;
  status: WebhookStatus;
  created_at: Date;
  created_by: string;
  disabled_at: Date | null;
  disabled_by: string | null;
  pending: number;
  delivered: number;
  failed: number;
}

const SUBSCRIPTION_COLUMNS = `s.subscription_id, s.url, s.event_types, s.description, s.status, s.created_at,
  s.created_by, s.disabled_at, s.disabled_by,
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.status = 'pending') AS pending,
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.status = 'delivered') AS delivered,
  (SELECT count(*)::int FROM webhook_deliveries d WHERE d.subscription_id = s.subscription_id AND d.status = 'failed') AS failed`;

const view = (r: SubscriptionRow): WebhookSubscriptionView => ({
  subscriptionId: r.subscription_id,
  url: r.url,
  eventTypes: r.event_types,
  description: r.description,
  status: r.status,
  createdAt: iso(r.created_at),
  createdBy: r.created_by,
  disabledAt: r.disabled_at ? iso(r.disabled_at) : null,
  disabledBy: r.disabled_by,
  deliveries: { pending: r.pending, delivered: r.delivered, failed: r.failed },
});

/** Stores a new subscription, its secret sealed with the jurisdiction's key. */
export async function insertWebhookSubscription(
  tx: SqlExecutor,
  keys: JurisdictionKeys,
  s: NewWebhookSubscription,
): Promise<void> {
  if (keys.jurisdictionId !== s.jurisdictionId)
    throw new Error('secret sealed with another jurisdiction key');
  await execute(
    tx,
    `INSERT INTO webhook_subscriptions (subscription_id, jurisdiction_id, url, event_types, description, secret, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      s.subscriptionId,
      s.jurisdictionId,
      s.url,
      s.eventTypes,
      s.description,
      keys.sealJson(secretPurpose(s.subscriptionId), { secret: s.secret }),
      s.createdBy,
    ],
  );
}

/** The jurisdiction's subscriptions, newest first, with their delivery counts (never the secret). */
export async function listWebhookSubscriptions(
  tx: SqlExecutor,
  jurisdictionId: string,
): Promise<WebhookSubscriptionView[]> {
  const rows = await select<SubscriptionRow>(
    tx,
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions s WHERE s.jurisdiction_id = $1
     ORDER BY s.created_at DESC, s.subscription_id`,
    [jurisdictionId],
  );
  return rows.map(view);
}

/** One subscription of the jurisdiction, or undefined. */
export async function findWebhookSubscription(
  tx: SqlExecutor,
  jurisdictionId: string,
  subscriptionId: string,
): Promise<WebhookSubscriptionView | undefined> {
  const row = await selectOne<SubscriptionRow>(
    tx,
    `SELECT ${SUBSCRIPTION_COLUMNS} FROM webhook_subscriptions s
     WHERE s.jurisdiction_id = $1 AND s.subscription_id = $2`,
    [jurisdictionId, subscriptionId],
  );
  return row ? view(row) : undefined;
}

/** Disables an active subscription (nothing more is queued or sent for it); false if none was active. */
export async function disableWebhookSubscription(
  tx: SqlExecutor,
  jurisdictionId: string,
  subscriptionId: string,
  by: string,
): Promise<boolean> {
  const rows = await updateReturning<{ subscription_id: string }>(
    tx,
    `UPDATE webhook_subscriptions SET status = 'disabled', disabled_at = clock_timestamp(), disabled_by = $3
     WHERE jurisdiction_id = $1 AND subscription_id = $2 AND status = 'active'`,
    'subscription_id',
    [jurisdictionId, subscriptionId, by],
  );
  return rows.length > 0;
}

/** What the consumer records of an event: the CloudEvent in structured JSON mode. */
export interface WebhookEvent {
  id: string;
  type: string;
  time: string;
  jurisdiction: string;
}

/**
 * Queues one delivery of `event` for every active subscription of its jurisdiction whose filter
 * takes its type, in the consumer's transaction. Idempotent on the event id (one row per
 * subscription and event, whatever the redeliveries). Returns the number of new rows; wakes the
 * delivery loops on commit.
 */
export async function enqueueWebhookDeliveries(tx: SqlExecutor, event: WebhookEvent): Promise<number> {
  return enqueueWebhookDeliveriesOf(tx, event.jurisdiction, [event]);
}

/**
 * `enqueueWebhookDeliveries` for many events of one jurisdiction in one statement (a consumer's
 * run): the same rows, the same idempotence, one wake-up.
 */
export async function enqueueWebhookDeliveriesOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  events: readonly WebhookEvent[],
): Promise<number> {
  if (events.some((e) => e.jurisdiction !== jurisdictionId))
    throw new Error('enqueueWebhookDeliveriesOf: every event must be of the one jurisdiction');
  if (events.length === 0) return 0;
  const rows = await select<{ delivery_id: string }>(
    tx,
    `INSERT INTO webhook_deliveries (delivery_id, jurisdiction_id, subscription_id, event_id, event_type, event_time, event)
     SELECT md5(s.subscription_id::text || '/' || e.event_id::text)::uuid, s.jurisdiction_id, s.subscription_id,
            e.event_id, e.event_type, e.event_time, e.event
       FROM unnest($2::uuid[], $3::text[], $4::timestamptz[], $5::jsonb[])
              AS e(event_id, event_type, event_time, event)
       JOIN webhook_subscriptions s
         ON s.jurisdiction_id = $1 AND s.status = 'active'
        AND (cardinality(s.event_types) = 0 OR e.event_type = ANY (s.event_types))
     ON CONFLICT DO NOTHING RETURNING delivery_id`,
    [
      jurisdictionId,
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.time),
      events.map((e) => JSON.stringify(e)),
    ],
  );
  if (rows.length > 0) await execute(tx, `SELECT pg_notify($1, $2)`, [WEBHOOK_CHANNEL, jurisdictionId]);
  return rows.length;
}

export interface WebhookDeliveryView {
  deliveryId: string;
  eventId: string;
  eventType: string;
  eventTime: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  queuedAt: string;
  deliveredAt: string | null;
  failedAt: string | null;
  replays: number;
}

/** A subscription's deliveries, newest event first (ids, types, statuses: no personal data). */
export async function listWebhookDeliveries(
  tx: SqlExecutor,
  jurisdictionId: string,
  subscriptionId: string,
  options: { status?: DeliveryStatus; limit?: number } = {},
): Promise<WebhookDeliveryView[]> {
  const rows = await select<{
    delivery_id: string;
    event_id: string;
    event_type: string;
    event_time: Date;
    status: DeliveryStatus;
    attempts: number;
    next_attempt_at: Date;
    last_attempt_at: Date | null;
    last_status: number | null;
    last_error: string | null;
    queued_at: Date;
    delivered_at: Date | null;
    failed_at: Date | null;
    replays: number;
  }>(
    tx,
    `SELECT delivery_id, event_id, event_type, event_time, status, attempts, next_attempt_at, last_attempt_at,
            last_status, last_error, queued_at, delivered_at, failed_at, replays
       FROM webhook_deliveries
      WHERE jurisdiction_id = $1 AND subscription_id = $2 AND ($3::text IS NULL OR status = $3)
      ORDER BY event_time DESC, delivery_id LIMIT $4`,
    [jurisdictionId, subscriptionId, options.status ?? null, Math.min(options.limit ?? 100, 1000)],
  );
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    eventId: r.event_id,
    eventType: r.event_type,
    eventTime: iso(r.event_time),
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    lastAttemptAt: r.last_attempt_at ? iso(r.last_attempt_at) : null,
    lastStatus: r.last_status,
    lastError: r.last_error,
    queuedAt: iso(r.queued_at),
    deliveredAt: r.delivered_at ? iso(r.delivered_at) : null,
    failedAt: r.failed_at ? iso(r.failed_at) : null,
    replays: r.replays,
  }));
}

/**
 * Replay: every delivered or failed delivery of the subscription whose event time is at or after
 * `from` is queued again (attempts and age start over, same delivery id). Pending ones are left
 * as they are (they are going out anyway). Events recorded before the subscription existed have
 * no delivery and are not covered.
 */
export async function replayWebhookDeliveries(
  tx: SqlExecutor,
  jurisdictionId: string,
  subscriptionId: string,
  from: string,
): Promise<{ requeued: number; pending: number }> {
  const requeued = await updateReturning<{ delivery_id: string }>(
    tx,
    `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = clock_timestamp(),
            lease_until = NULL, lease_token = NULL, last_error = NULL, last_status = NULL,
            queued_at = clock_timestamp(), delivered_at = NULL, failed_at = NULL, replays = replays + 1
      WHERE jurisdiction_id = $1 AND subscription_id = $2 AND event_time >= $3::timestamptz
        AND status <> 'pending'`,
    'delivery_id',
    [jurisdictionId, subscriptionId, from],
  );
  const [pending] = await select<{ n: number }>(
    tx,
    `SELECT count(*)::int AS n FROM webhook_deliveries
      WHERE jurisdiction_id = $1 AND subscription_id = $2 AND event_time >= $3::timestamptz AND status = 'pending'`,
    [jurisdictionId, subscriptionId, from],
  );
  if (requeued.length > 0) await execute(tx, `SELECT pg_notify($1, $2)`, [WEBHOOK_CHANNEL, jurisdictionId]);
  return { requeued: requeued.length, pending: pending.n - requeued.length };
}

/** A delivery a worker holds under its lease. */
export interface ClaimedDelivery {
  deliveryId: string;
  subscriptionId: string;
  /** the CloudEvent, structured JSON mode */
  event: Record<string, unknown>;
  attempts: number;
  /** since it was (re)queued */
  ageMs: number;
  url: string;
  /** sealed `{ secret }` */
  sealedSecret: Buffer;
}

/**
 * Leases up to `limit` due deliveries of active subscriptions of the jurisdiction for `leaseMs`
 * (`FOR UPDATE SKIP LOCKED`: two workers never claim the same row; a lease that ran out, a crashed
 * worker's, is claimed again). Commit the caller's transaction before sending.
 */
export async function claimWebhookDeliveries(
  tx: SqlExecutor,
  jurisdictionId: string,
  leaseToken: string,
  leaseMs: number,
  limit: number,
): Promise<ClaimedDelivery[]> {
  const rows = await select<{
    delivery_id: string;
    subscription_id: string;
    event: Record<string, unknown>;
    attempts: number;
    age_ms: number;
    url: string;
    secret: Buffer;
  }>(
    tx,
    `WITH due AS (
       SELECT d.delivery_id FROM webhook_deliveries d
         JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id
        WHERE d.jurisdiction_id = $1 AND d.status = 'pending' AND d.next_attempt_at <= now()
          AND (d.lease_until IS NULL OR d.lease_until < clock_timestamp()) AND s.status = 'active'
        ORDER BY d.next_attempt_at, d.event_time LIMIT $4
        FOR UPDATE OF d SKIP LOCKED),
     claimed AS (
       UPDATE webhook_deliveries d SET lease_until = clock_timestamp() + $3 * interval '1 millisecond',
              lease_token = $2
         FROM due WHERE d.delivery_id = due.delivery_id
       RETURNING d.delivery_id, d.subscription_id, d.event, d.attempts,
                 (extract(epoch FROM clock_timestamp() - d.queued_at) * 1000)::float8 AS age_ms)
     SELECT c.*, s.url, s.secret FROM claimed c JOIN webhook_subscriptions s ON s.subscription_id = c.subscription_id`,
    [jurisdictionId, leaseToken, leaseMs, limit],
  );
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    subscriptionId: r.subscription_id,
    event: r.event,
    attempts: r.attempts,
    ageMs: r.age_ms,
    url: r.url,
    sealedSecret: r.secret,
  }));
}

/** Opens a claimed delivery's signing secret. */
export function openWebhookSecret(keys: JurisdictionKeys, subscriptionId: string, sealed: Buffer): string {
  return keys.openJson<{ secret: string }>(secretPurpose(subscriptionId), sealed).secret;
}

/** The outcome of one attempt; applied only while the caller's lease holds (false otherwise). */
export type DeliveryOutcome =
  | { kind: 'delivered'; attempts: number; status: number }
  | { kind: 'retry'; attempts: number; status: number | null; error: string; delayMs: number }
  | { kind: 'failed'; attempts: number; status: number | null; error: string };

export async function recordWebhookAttempt(
  tx: SqlExecutor,
  deliveryId: string,
  leaseToken: string,
  outcome: DeliveryOutcome,
): Promise<boolean> {
  const set =
    outcome.kind === 'delivered'
      ? `status = 'delivered', delivered_at = clock_timestamp(), last_error = NULL`
      : outcome.kind === 'failed'
        ? `status = 'failed', failed_at = clock_timestamp(), last_error = $5`
        : `next_attempt_at = clock_timestamp() + $6 * interval '1 millisecond', last_error = $5`;
  const params: unknown[] = [deliveryId, leaseToken, outcome.attempts, outcome.status];
  if (outcome.kind !== 'delivered') params.push(outcome.error.slice(0, 200));
  if (outcome.kind === 'retry') params.push(outcome.delayMs);
  const rows = await updateReturning<{ delivery_id: string }>(
    tx,
    `UPDATE webhook_deliveries SET ${set}, attempts = $3, last_status = $4, last_attempt_at = clock_timestamp(),
            lease_until = NULL, lease_token = NULL
      WHERE delivery_id = $1 AND lease_token = $2 AND status = 'pending'`,
    'delivery_id',
    params,
  );
  return rows.length > 0;
}

/** When the jurisdiction's next pending delivery is due or its lease runs out (null: none pending). */
export async function nextWebhookDue(tx: SqlExecutor, jurisdictionId: string): Promise<Date | null> {
  const [row] = await select<{ due: Date | null }>(
    tx,
    `SELECT min(greatest(d.next_attempt_at, coalesce(d.lease_until, d.next_attempt_at))) AS due
       FROM webhook_deliveries d JOIN webhook_subscriptions s ON s.subscription_id = d.subscription_id
      WHERE d.jurisdiction_id = $1 AND d.status = 'pending' AND s.status = 'active'`,
    [jurisdictionId],
  );
  return row?.due ?? null;
}

/** Counts of the jurisdiction's deliveries by status (for the failed gauge). */
export async function webhookDeliveryCounts(
  tx: SqlExecutor,
  jurisdictionId: string,
): Promise<Record<DeliveryStatus, number>> {
  const rows = await select<{ status: DeliveryStatus; n: number }>(
    tx,
    `SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE jurisdiction_id = $1 GROUP BY status`,
    [jurisdictionId],
  );
  const counts: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** A connection that can LISTEN (a dedicated `pg` client, outside any pool). */
export async function listenForWebhooks(client: { query(sql: string): Promise<unknown> }): Promise<void> {
  await client.query(`LISTEN ${WEBHOOK_CHANNEL}`);
}
