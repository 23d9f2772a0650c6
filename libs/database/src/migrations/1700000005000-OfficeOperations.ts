import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Election-office operations: hardening of the append-only staff audit trail, the return and decision columns of
 * ballots (received, timely, method, postmark, decision reasons, cure deadline), and Federal
 * Write-In Absentee Ballots (FWAB) with their resolution. No personal data in any of them.
 */
export class OfficeOperations1700000005000 implements MigrationInterface {
  name = 'OfficeOperations1700000005000';

  async up(q: QueryRunner): Promise<void> {
    // audit_log itself comes from migration 1700000004000. Here: refused calls without a valid key
    // have no jurisdiction; TRUNCATE is refused too; and no role may UPDATE/DELETE it.
    await q.query(`ALTER TABLE audit_log ALTER COLUMN jurisdiction_id DROP NOT NULL`);
    await q.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
    await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC`);
    await q.query(`CREATE INDEX audit_log_by_action ON audit_log (jurisdiction_id, action, at)`);

    await q.query(`
      ALTER TABLE ballots
        ADD COLUMN transmit_method text,
        ADD COLUMN returned_at timestamptz,
        ADD COLUMN return_method text,
        ADD COLUMN postmark_date date,
        ADD COLUMN return_timely boolean,
        ADD COLUMN late_reason text,
        ADD COLUMN decision_reasons jsonb,
        ADD COLUMN cure_deadline timestamptz,
        ADD COLUMN decided_at timestamptz`);
    await q.query(`CREATE INDEX ballots_by_election ON ballots (jurisdiction_id, election_id, status)`);
    await q.query(`
      CREATE INDEX ballots_cure_due ON ballots (cure_deadline) WHERE status = 'cure-requested'`);

    await q.query(`
      CREATE TABLE fwabs (
        fwab_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        election_id uuid NOT NULL REFERENCES elections(election_id),
        request_id uuid REFERENCES ballot_requests(request_id),
        voter_registered boolean NOT NULL,
        applied_on date,
        received_at timestamptz NOT NULL,
        timely boolean NOT NULL,
        counts text NOT NULL CHECK (counts IN ('state-ballot', 'fwab', 'none')),
        disposition text NOT NULL CHECK (disposition IN ('counted', 'superseded', 'rejected')),
        reason text,
        registration_application boolean NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX fwabs_by_election ON fwabs (jurisdiction_id, election_id)`);
    await q.query(`CREATE INDEX fwabs_by_request ON fwabs (request_id) WHERE request_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS fwabs`);
    await q.query(`DROP INDEX IF EXISTS ballots_cure_due`);
    await q.query(`DROP INDEX IF EXISTS ballots_by_election`);
    await q.query(`
      ALTER TABLE ballots
        DROP COLUMN IF EXISTS transmit_method, DROP COLUMN IF EXISTS returned_at,
        DROP COLUMN IF EXISTS return_method, DROP COLUMN IF EXISTS postmark_date,
        DROP COLUMN IF EXISTS return_timely, DROP COLUMN IF EXISTS late_reason,
        DROP COLUMN IF EXISTS decision_reasons, DROP COLUMN IF EXISTS cure_deadline,
        DROP COLUMN IF EXISTS decided_at`);
    await q.query(`DROP INDEX IF EXISTS audit_log_by_action`);
    await q.query(`DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log`);
    // jurisdiction_id stays nullable: rows without one may exist by now.
  }
}
