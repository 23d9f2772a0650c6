import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable } from './tenant-isolation';

/**
 * Webhooks for integrators without Kafka (issue 17, docs/webhooks.md).
 *
 * - `webhook_subscriptions`: an office's subscriptions (target URL, event-type filter), made,
 *   disabled and replayed by an admin through the office API. `secret` is the Standard Webhooks
 *   signing secret, sealed with the jurisdiction's data key (AES-256-GCM, purpose
 *   `webhook-secret:<subscription_id>`); it is shown once at creation and never read back by the API.
 *   A subscription is never deleted (its deliveries and the audit trail refer to it): DELETE on the
 *   API disables it.
 * - `webhook_deliveries`: one durable row per (subscription, event), written by the notifications
 *   app's webhooks consumer in its own transaction (idempotent on the event id) and delivered by its
 *   delivery loop. `event` is the CloudEvent in structured JSON mode (events carry no personal
 *   data). A worker claims a row by setting `lease_until` and `lease_token` in a short transaction
 *   (`FOR UPDATE SKIP LOCKED`) and POSTs outside it; a crashed worker's lease expires and the row is
 *   claimed again. `last_error` is a status code or error class, never a receiver's text.
 * - Row-level security like every tenant table (ENABLE + FORCE, the tenant policy); the app role may
 *   read and insert, update only the columns the apps change (never the ids, the jurisdiction, the
 *   URL or the secret), and never delete.
 */
export class WebhookSubscriptions1700000009800 implements MigrationInterface {
  name = 'WebhookSubscriptions1700000009800';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE webhook_subscriptions (
        subscription_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        url text NOT NULL CHECK (length(url) <= 2000),
        event_types text[] NOT NULL DEFAULT '{}',
        description text CHECK (length(description) <= 200),
        secret bytea NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        disabled_at timestamptz,
        disabled_by text,
        UNIQUE (jurisdiction_id, subscription_id),
        CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE webhook_deliveries (
        delivery_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL,
        subscription_id uuid NOT NULL,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        event_time timestamptz NOT NULL,
        event jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        lease_token uuid,
        last_attempt_at timestamptz,
        last_status integer,
        last_error text CHECK (length(last_error) <= 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        failed_at timestamptz,
        replays integer NOT NULL DEFAULT 0,
        UNIQUE (subscription_id, event_id),
        FOREIGN KEY (jurisdiction_id, subscription_id)
          REFERENCES webhook_subscriptions (jurisdiction_id, subscription_id),
        CHECK ((status = 'delivered') = (delivered_at IS NOT NULL)),
        CHECK ((status = 'failed') = (failed_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (jurisdiction_id, next_attempt_at)
        WHERE status = 'pending'`);
    await q.query(`
      CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, event_time)`);
    await isolateTenantTable(q, 'webhook_subscriptions', [
      'SELECT',
      'INSERT',
      'UPDATE (status, disabled_at, disabled_by)',
    ]);
    await isolateTenantTable(q, 'webhook_deliveries', [
      'SELECT',
      'INSERT',
      'UPDATE (status, attempts, next_attempt_at, lease_until, lease_token, last_attempt_at, last_status, last_error, queued_at, delivered_at, failed_at, replays)',
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS webhook_deliveries`);
    await q.query(`DROP TABLE IF EXISTS webhook_subscriptions`);
  }
}
