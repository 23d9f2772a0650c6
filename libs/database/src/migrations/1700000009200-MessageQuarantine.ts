import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, ensureAppRole, isolateTenantTable, releaseTenantTable } from './tenant-isolation';

const OPERATOR = `current_setting('app.quarantine_operator', true) = 'on'`;

/**
 * `message_quarantine`: every message a consumer parked instead of processing (malformed, failing
 * for good, an event for a request that does not exist), with where it came from and why. The
 * message itself goes to the topic's dead-letter topic when that takes it (`stored_in = 'dlq'`);
 * when it cannot (too large, broker down) only this row keeps it (`stored_in = 'database'`):
 * headers, key, size, SHA-256, the first bytes; the whole message stays readable at its original
 * topic/partition/offset for the topic's retention, which is what `cli dlq replay` reads.
 *
 * One row per consumer and message (UNIQUE consumer, topic, partition, offset): a consumer that
 * crashed after parking and reads the message again parks nothing twice.
 *
 * Row-level security like every tenant table (ENABLE + FORCE, the tenant policy), with two narrow
 * openings:
 * - `park_unscoped` (INSERT only): a message that could not be decoded has no jurisdiction one
 *   can trust (its `ce_jurisdiction` header may be missing, wrong or another office's), so it is
 *   parked with `jurisdiction_id` NULL (the claim stays in `headers`). A decoded event is parked
 *   in its own jurisdiction's scope.
 * - `operator_read` / `operator_resolve`: the operator's commands (`cli dlq`) turn on
 *   `app.quarantine_operator` for their transaction, which opens reading every row and setting the
 *   resolution columns (status, resolved_at, resolved_by, resolution).
 * No DELETE, ever: a dropped message keeps its row with status 'dropped' and who dropped it.
 */
export class MessageQuarantine1700000009200 implements MigrationInterface {
  name = 'MessageQuarantine1700000009200';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE message_quarantine (
        quarantine_id bigserial PRIMARY KEY,
        jurisdiction_id text CHECK (length(jurisdiction_id) <= 200),
        consumer text NOT NULL CHECK (length(consumer) <= 200),
        topic text NOT NULL CHECK (length(topic) <= 249),
        partition integer NOT NULL CHECK (partition >= 0),
        "offset" bigint NOT NULL CHECK ("offset" >= 0),
        message_key text NOT NULL CHECK (length(message_key) <= 1000),
        headers jsonb NOT NULL,
        size integer NOT NULL CHECK (size >= 0),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        first_bytes bytea NOT NULL CHECK (length(first_bytes) <= 4096),
        event_id text CHECK (length(event_id) <= 200),
        event_type text CHECK (length(event_type) <= 200),
        reason text NOT NULL CHECK (reason IN ('malformed', 'failed', 'unknown-request')),
        error text NOT NULL CHECK (length(error) <= 2000),
        error_class text NOT NULL CHECK (length(error_class) <= 200),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        stored_in text NOT NULL CHECK (stored_in IN ('dlq', 'database')),
        dlq_error text CHECK (length(dlq_error) <= 2000),
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'parked' CHECK (status IN ('parked', 'replayed', 'dropped')),
        resolved_at timestamptz,
        resolved_by text CHECK (length(resolved_by) <= 200),
        resolution text CHECK (length(resolution) <= 2000),
        UNIQUE (consumer, topic, partition, "offset"),
        CHECK ((status = 'parked') = (resolved_at IS NULL))
      )`);
    await q.query(
      `CREATE INDEX message_quarantine_parked ON message_quarantine (quarantined_at) WHERE status = 'parked'`,
    );
    await isolateTenantTable(q, 'message_quarantine', [
      'SELECT',
      'INSERT',
      'UPDATE (status, resolved_at, resolved_by, resolution)',
    ]);
    await q.query(`GRANT USAGE ON SEQUENCE message_quarantine_quarantine_id_seq TO ${APP_ROLE}`);
    await q.query(
      `CREATE POLICY park_unscoped ON message_quarantine FOR INSERT WITH CHECK (jurisdiction_id IS NULL AND status = 'parked')`,
    );
    await q.query(`CREATE POLICY operator_read ON message_quarantine FOR SELECT USING (${OPERATOR})`);
    await q.query(
      `CREATE POLICY operator_resolve ON message_quarantine FOR UPDATE USING (${OPERATOR}) WITH CHECK (${OPERATOR})`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await releaseTenantTable(q, 'message_quarantine');
    await q.query(`DROP TABLE IF EXISTS message_quarantine`);
  }
}
