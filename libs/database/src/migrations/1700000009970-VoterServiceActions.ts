import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, ensureAppRole, isolateTenantTable } from './tenant-isolation';

/**
 * Voter service at the office (issue 15 item 3, docs/office-operations.md "Voter service"):
 *
 * - a request can be `cancelled` (when, why); a cancelled request, like a rejected one, no longer
 *   counts as the voter's active request, so the voter can send a new one;
 * - a ballot can be `void` (when, why: reissued or its request cancelled) and a ballot can replace
 *   a void one (`replaces_ballot_id`): one live ballot per request and election, any number of
 *   void ones before it, so UNIQUE (request_id, election_id) becomes a partial unique index;
 * - `request_contact_changes`: each change of a voter's contact details or mailing address, with
 *   the request as it was before, sealed with the jurisdiction's data key (purpose
 *   `contact-change:<change_id>`), which fields changed, and who changed it. Rows are never
 *   updated or deleted.
 *
 * The app role may now update the request's sealed body and the columns derived from it.
 */
export class VoterServiceActions1700000009970 implements MigrationInterface {
  name = 'VoterServiceActions1700000009970';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`ALTER TABLE ballot_requests DROP CONSTRAINT IF EXISTS ballot_requests_status_check`);
    await q.query(`
      ALTER TABLE ballot_requests
        ADD CONSTRAINT ballot_requests_status_check
          CHECK (status IN ('received', 'verified', 'needs-review', 'rejected', 'cancelled')),
        ADD COLUMN cancelled_at timestamptz,
        ADD COLUMN cancel_reason text
          CHECK (cancel_reason IN ('voter-request', 'voter-moved', 'voter-died', 'duplicate', 'other')),
        ADD CONSTRAINT ballot_requests_cancelled_has_when
          CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL AND cancel_reason IS NOT NULL))`);
    await q.query(`DROP INDEX ballot_requests_one_active_per_voter`);
    await q.query(`
      CREATE UNIQUE INDEX ballot_requests_one_active_per_voter
        ON ballot_requests (jurisdiction_id, voter_key, covers_year) WHERE status NOT IN ('rejected', 'cancelled')`);
    await q.query(
      `GRANT UPDATE (pii, ballot_delivery, mailing_country, military_post, paper_size, cancelled_at, cancel_reason)
         ON ballot_requests TO ${APP_ROLE}`,
    );

    await q.query(`
      ALTER TABLE ballots
        ADD COLUMN voided_at timestamptz,
        ADD COLUMN void_reason text CHECK (void_reason IN ('reissued', 'request-cancelled')),
        ADD COLUMN reissue_reason text
          CHECK (reissue_reason IN ('spoiled', 'lost', 'damaged', 'undeliverable', 'other')),
        ADD COLUMN replaces_ballot_id uuid REFERENCES ballots(ballot_id),
        ADD CONSTRAINT ballots_void_has_when CHECK ((status = 'void') = (voided_at IS NOT NULL AND void_reason IS NOT NULL))`);
    await q.query(`ALTER TABLE ballots DROP CONSTRAINT ballots_request_id_election_id_key`);
    await q.query(`
      CREATE UNIQUE INDEX ballots_one_live_per_election ON ballots (request_id, election_id) WHERE status <> 'void'`);
    await q.query(`CREATE INDEX ballots_by_request ON ballots (request_id, election_id)`);
    await q.query(`CREATE UNIQUE INDEX ballots_replaced_once ON ballots (replaces_ballot_id)`);

    await q.query(`
      CREATE TABLE request_contact_changes (
        change_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        request_id uuid NOT NULL REFERENCES ballot_requests(request_id),
        fields jsonb NOT NULL CHECK (jsonb_typeof(fields) = 'array' AND jsonb_array_length(fields) > 0),
        previous_pii bytea NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX request_contact_changes_by_request ON request_contact_changes (jurisdiction_id, request_id, changed_at)`,
    );
    await isolateTenantTable(q, 'request_contact_changes', ['SELECT', 'INSERT']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS request_contact_changes`);
    await q.query(`DROP INDEX IF EXISTS ballots_replaced_once`);
    await q.query(`DROP INDEX IF EXISTS ballots_by_request`);
    await q.query(`DROP INDEX IF EXISTS ballots_one_live_per_election`);
    await q.query(`DELETE FROM ballots WHERE status = 'void'`);
    await q.query(
      `ALTER TABLE ballots ADD CONSTRAINT ballots_request_id_election_id_key UNIQUE (request_id, election_id)`,
    );
    await q.query(`ALTER TABLE ballots DROP CONSTRAINT ballots_void_has_when`);
    await q.query(
      `ALTER TABLE ballots DROP COLUMN replaces_ballot_id, DROP COLUMN reissue_reason, DROP COLUMN void_reason, DROP COLUMN voided_at`,
    );
    await q.query(`DROP INDEX ballot_requests_one_active_per_voter`);
    await q.query(`
      CREATE UNIQUE INDEX ballot_requests_one_active_per_voter
        ON ballot_requests (jurisdiction_id, voter_key, covers_year) WHERE status <> 'rejected'`);
    await q.query(
      `ALTER TABLE ballot_requests DROP CONSTRAINT ballot_requests_cancelled_has_when, DROP COLUMN cancel_reason, DROP COLUMN cancelled_at`,
    );
  }
}
