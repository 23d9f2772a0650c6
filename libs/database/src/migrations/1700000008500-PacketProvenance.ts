import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, ensureAppRole, isolateTenantTable, releaseTenantTable } from './tenant-isolation';

/**
 * What a packet's bytes were rendered from, recorded with the ballot: the JCS SHA-256 of its inputs
 * and the renderer version (libs/ballot-pdf/src/version.ts). Ballots issued before this migration
 * have neither (NULL: "renderer of unknown version").
 *
 * `packet_regenerations`: every time a download found that the packet no longer reproduces and the
 * gateway re-issued it (same ballot, new bytes, on the log): why (`renderer-changed`,
 * `inputs-changed`, `mismatch`), the hashes and versions before and after. A `mismatch` (same
 * inputs, same renderer, other bytes) is a defect: the office sees it on its overview until a
 * person acknowledges it (the only column the apps may update, with who did it).
 */
export class PacketProvenance1700000008500 implements MigrationInterface {
  name = 'PacketProvenance1700000008500';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`ALTER TABLE ballots ADD COLUMN renderer_version text, ADD COLUMN inputs_sha256 text`);
    await q.query(`
      CREATE TABLE packet_regenerations (
        regeneration_id bigserial PRIMARY KEY,
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        ballot_id uuid NOT NULL REFERENCES ballots(ballot_id),
        request_id uuid NOT NULL,
        reason text NOT NULL CHECK (reason IN ('renderer-changed', 'inputs-changed', 'mismatch')),
        previous_pdf_sha256 text NOT NULL,
        pdf_sha256 text NOT NULL,
        previous_renderer_version text,
        renderer_version text NOT NULL,
        previous_inputs_sha256 text,
        inputs_sha256 text NOT NULL,
        event_id uuid NOT NULL UNIQUE,
        regenerated_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by text
      )`);
    await q.query(`
      CREATE INDEX packet_regenerations_open ON packet_regenerations (jurisdiction_id, regenerated_at)
        WHERE reason = 'mismatch' AND acknowledged_at IS NULL`);
    await q.query(
      `CREATE INDEX packet_regenerations_by_ballot ON packet_regenerations (jurisdiction_id, ballot_id)`,
    );
    await isolateTenantTable(q, 'packet_regenerations', [
      'SELECT',
      'INSERT',
      'UPDATE (acknowledged_at, acknowledged_by)',
    ]);
    await q.query(`GRANT USAGE ON SEQUENCE packet_regenerations_regeneration_id_seq TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await releaseTenantTable(q, 'packet_regenerations');
    await q.query(`DROP TABLE IF EXISTS packet_regenerations`);
    await q.query(
      `ALTER TABLE ballots DROP COLUMN IF EXISTS renderer_version, DROP COLUMN IF EXISTS inputs_sha256`,
    );
  }
}
