import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable } from './tenant-isolation';

/**
 * Print batches for mail voters (issue 15 item 2, docs/office-operations.md §10).
 *
 * - `print_batches`: one office's batch of mail ballots of one election, made from a filter (election,
 *   ready dates, country), with the Mailer ID it was made with, the SHA-256 of its first PDF download
 *   (later downloads are compared with it) and when and by whom it was marked sent.
 * - `print_batch_pieces`: one row per ballot in a batch, in mailing order (`position`), with the
 *   Intelligent Mail barcode serial of its outbound envelope. A ballot is in at most one batch
 *   (`UNIQUE (ballot_id)`), and a serial is unique per piece per Mailer ID (`UNIQUE (mailer_id,
 *   serial)`, across jurisdictions: offices of one state may share the state's Mailer ID). Serials
 *   come from one sequence, so two offices never draw the same one.
 * - Row-level security like every tenant table; the app role reads and inserts, updates only the
 *   columns the apps change (first PDF hash, sent), and never deletes.
 */
export class PrintBatches1700000009900 implements MigrationInterface {
  name = 'PrintBatches1700000009900';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE print_batches (
        batch_id uuid PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        election_id uuid NOT NULL REFERENCES elections(election_id),
        filter jsonb NOT NULL,
        mailer_id text NOT NULL CHECK (mailer_id ~ '^([0-8][0-9]{5}|9[0-9]{8})$'),
        piece_count integer NOT NULL CHECK (piece_count >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        pdf_sha256 text CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
        sent_at timestamptz,
        sent_by text,
        UNIQUE (jurisdiction_id, batch_id),
        CHECK ((sent_at IS NULL) = (sent_by IS NULL))
      )`);
    await q.query(
      `CREATE INDEX print_batches_by_election ON print_batches (jurisdiction_id, election_id, created_at)`,
    );
    await q.query(`CREATE SEQUENCE print_piece_serial_seq MINVALUE 1 START 1`);
    await q.query(`
      CREATE TABLE print_batch_pieces (
        jurisdiction_id text NOT NULL,
        batch_id uuid NOT NULL,
        ballot_id uuid NOT NULL UNIQUE REFERENCES ballots(ballot_id),
        position integer NOT NULL CHECK (position >= 1),
        mailer_id text NOT NULL,
        serial bigint NOT NULL CHECK (serial >= 0),
        PRIMARY KEY (batch_id, position),
        UNIQUE (mailer_id, serial),
        FOREIGN KEY (jurisdiction_id, batch_id) REFERENCES print_batches (jurisdiction_id, batch_id)
      )`);
    await isolateTenantTable(q, 'print_batches', [
      'SELECT',
      'INSERT',
      'UPDATE (pdf_sha256, sent_at, sent_by)',
    ]);
    await isolateTenantTable(q, 'print_batch_pieces', ['SELECT', 'INSERT']);
    await q.query(`GRANT USAGE ON SEQUENCE print_piece_serial_seq TO uocava_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS print_batch_pieces`);
    await q.query(`DROP TABLE IF EXISTS print_batches`);
    await q.query(`DROP SEQUENCE IF EXISTS print_piece_serial_seq`);
  }
}
