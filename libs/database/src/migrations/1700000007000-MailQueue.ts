import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable } from './tenant-isolation';

/**
 * The durable queue of e-mails to voters. The notifications consumer writes one row per event it
 * notifies, in the consumer's own transaction; a sender loop delivers due rows through SMTP with
 * backoff until they are sent, or marks them failed after a configurable time.
 *
 * - `content` (recipient, subject, body) is personal data: sealed with the jurisdiction's data key
 *   (AES-256-GCM, purpose `mail:<mail_id>`) and cleared once the row is sent or failed, so only
 *   pending rows hold any.
 * - `message_id` is fixed when the row is written: a message sent again after a crash between the
 *   relay's acceptance and the row being marked carries the same Message-ID.
 * - `deferred`: the relay refused this message itself (not the relay being down); the voter's later
 *   mails stop waiting for it (they otherwise go out in event order).
 * - `last_error` holds an SMTP code and class only (never a server's text, which may quote the
 *   address).
 * - Row-level security like every tenant table: ENABLE + FORCE, the tenant policy on
 *   `app.jurisdiction_id` (set per transaction by `withTenant`); the application role may read,
 *   insert and update, never delete.
 */
export class MailQueue1700000007000 implements MigrationInterface {
  name = 'MailQueue1700000007000';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE mail_queue (
        mail_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        event_id uuid NOT NULL,
        request_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind ~ '^[a-z][a-z-]{0,62}$'),
        event_time timestamptz NOT NULL,
        message_id text NOT NULL CHECK (length(message_id) <= 250),
        content bytea,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        deferred boolean NOT NULL DEFAULT false,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_attempt_at timestamptz,
        last_error text CHECK (length(last_error) <= 200),
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        failed_at timestamptz,
        UNIQUE (jurisdiction_id, event_id),
        CHECK ((status = 'pending') = (content IS NOT NULL)),
        CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
        CHECK ((status = 'failed') = (failed_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE INDEX mail_queue_due ON mail_queue (jurisdiction_id, next_attempt_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE INDEX mail_queue_pending_by_request ON mail_queue (jurisdiction_id, request_id, event_time)
        WHERE status = 'pending'`);
    await q.query(`CREATE INDEX mail_queue_by_status ON mail_queue (jurisdiction_id, status)`);
    await isolateTenantTable(q, 'mail_queue', ['SELECT', 'INSERT', 'UPDATE']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mail_queue`);
    // the role stays: it belongs to migration 1700000006000 and to every database of the cluster
  }
}
