import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable } from './tenant-isolation';

/**
 * Cure responses (issue 15 item 7, docs/office-operations.md "Cures"): what a voter sent back to
 * cure a ballot, one row each. An upload through the voter's tracking page keeps the file, sealed
 * with the jurisdiction's data key (AES-256-GCM, purpose `cure-response:<response_id>`), with its
 * type, size and SHA-256; an affidavit the office received by mail, fax or e-mail is recorded
 * without a file, with the office key that recorded it. Rows are never changed or deleted: the
 * office decides on the cure with the ballot's own cure and accept/reject actions.
 */
export class CureDocuments1700000009940 implements MigrationInterface {
  name = 'CureDocuments1700000009940';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE cure_responses (
        response_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        ballot_id uuid NOT NULL REFERENCES ballots(ballot_id),
        method text NOT NULL CHECK (method IN ('upload', 'mail', 'fax', 'email')),
        received_at timestamptz NOT NULL,
        content_type text CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        byte_size integer CHECK (byte_size > 0),
        sha256 text CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        sealed_file bytea,
        recorded_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((method = 'upload') = (sealed_file IS NOT NULL)),
        CHECK ((sealed_file IS NULL) = (content_type IS NULL AND byte_size IS NULL AND sha256 IS NULL)),
        CHECK (method = 'upload' OR recorded_by IS NOT NULL)
      )`);
    await q.query(
      `CREATE INDEX cure_responses_by_ballot ON cure_responses (jurisdiction_id, ballot_id, received_at)`,
    );
    await isolateTenantTable(q, 'cure_responses', ['SELECT', 'INSERT']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS cure_responses`);
  }
}
