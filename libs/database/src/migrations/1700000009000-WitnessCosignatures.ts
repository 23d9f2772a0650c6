import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable, releaseTenantTable } from './tenant-isolation';

/**
 * `transparency_cosignatures`: every witness cosignature (C2SP tlog-cosignature/v1 signature line)
 * the receipts app obtained for a checkpoint, one row per witness and checkpoint. Append-only like
 * the other log tables (the trigger of migration 1700000003000); tenant-isolated. The cosigned
 * checkpoint is the stored note followed by these lines.
 *
 * The partial index finds the receipts still waiting for their witnesses (`receipt.witnessed =
 * 'pending'`, written only for jurisdictions with a witness policy).
 */
export class WitnessCosignatures1700000009000 implements MigrationInterface {
  name = 'WitnessCosignatures1700000009000';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`
      CREATE TABLE transparency_cosignatures (
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        origin text NOT NULL,
        tree_size bigint NOT NULL CHECK (tree_size >= 0),
        witness text NOT NULL,
        signature_line text NOT NULL,
        cosigned_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (jurisdiction_id, origin, tree_size, witness)
      )`);
    await q.query(
      `CREATE INDEX transparency_cosignatures_latest ON transparency_cosignatures (jurisdiction_id, origin, witness, tree_size DESC)`,
    );
    await q.query(
      `CREATE TRIGGER transparency_cosignatures_append_only BEFORE UPDATE OR DELETE ON transparency_cosignatures FOR EACH ROW EXECUTE FUNCTION transparency_append_only()`,
    );
    await q.query(
      `CREATE INDEX tracking_steps_awaiting_witnesses ON tracking_steps (jurisdiction_id, leaf_index) WHERE (receipt ->> 'witnessed') = 'pending'`,
    );
    await isolateTenantTable(q, 'transparency_cosignatures', ['SELECT', 'INSERT']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS tracking_steps_awaiting_witnesses`);
    await releaseTenantTable(q, 'transparency_cosignatures');
    await q.query(`DROP TABLE IF EXISTS transparency_cosignatures`);
  }
}
