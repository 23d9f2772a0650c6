import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable } from './tenant-isolation';

/**
 * The durable queue of text messages (SMS) to voters who opted in, the second channel beside
 * `mail_queue` and built like it. The notifications consumer writes one row per event and
 * recipient in its own transaction, next to the event's mail; a sender loop hands due rows to the
 * SMS provider with backoff until they are sent, or marks them failed.
 *
 * - `content` (the mobile number and the text) is personal data: sealed with the jurisdiction's
 *   data key (AES-256-GCM, purpose `sms:<sms_id>`) and cleared once the row is sent or failed.
 * - `sms_id` is also the idempotency key handed to the provider on every attempt.
 * - `last_error` holds a provider status or error code only (never a provider's text, which may
 *   quote the number). `provider_ref` is the provider's message id (e.g. Twilio's SID).
 * - Indexes as the mail queue's claim (1700000010000): the claim walks `sms_queue_claim_order`,
 *   the per-voter head test probes `sms_queue_voter_order`.
 * - Row-level security like every tenant table: ENABLE + FORCE, the tenant policy on
 *   `app.jurisdiction_id`; the application role may read, insert and update, never delete.
 */
export class SmsQueue1700000010200 implements MigrationInterface {
  name = 'SmsQueue1700000010200';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE sms_queue (
        sms_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        event_id uuid NOT NULL,
        effect_key text CHECK (length(effect_key) <= 300),
        request_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z-]{0,62}$'),
        event_time timestamptz NOT NULL,
        content bytea,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_error text CHECK (length(last_error) <= 200),
        provider_ref text CHECK (length(provider_ref) <= 100),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        failed_at timestamptz,
        UNIQUE (jurisdiction_id, event_id),
        CHECK ((status = 'pending') = (content IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
        CHECK ((status = 'failed') = (failed_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE INDEX sms_queue_claim_order ON sms_queue (jurisdiction_id, next_attempt_at, event_time, sms_id)
        WHERE status = 'pending'`);
    await q.query(`
      CREATE INDEX sms_queue_voter_order ON sms_queue (jurisdiction_id, request_id, event_time, sms_id)
        WHERE status = 'pending'`);
    await q.query(`CREATE INDEX sms_queue_effect ON sms_queue (jurisdiction_id, effect_key)`);
    await q.query(`
      CREATE INDEX sms_queue_by_request ON sms_queue (jurisdiction_id, request_id, kind, created_at)`);
    await isolateTenantTable(q, 'sms_queue', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sms_queue`);
  }
}
