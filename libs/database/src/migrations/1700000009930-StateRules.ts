import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ensureAppRole, isolateTenantTable } from './tenant-isolation';

/**
 * State rules as data (docs/state-rules.md).
 *
 * - `ballot_requests.fpca_valid_through`: the last day the FPCA stands as a ballot request, set at
 *   intake from the state's rule (an office's override included). NULL, for every request stored
 *   before this migration and for any writer that does not set it, means 31 December of
 *   `covers_year`: the calendar-year rule the platform had before.
 * - `state_rule_overrides`: an office's overrides of its own state's values, one row per version
 *   (1, 2, …): the office's current overrides are its highest version, and the earlier ones stay as
 *   their history. `overrides` is the JSON the schema of libs/domain/src/state-rules checks (`{}`:
 *   none, the state's table as it is). Written by an admin through the office API. Row-level
 *   security like every tenant table; the app role may read and insert, never update or delete.
 */
export class StateRules1700000009930 implements MigrationInterface {
  name = 'StateRules1700000009930';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`ALTER TABLE ballot_requests ADD COLUMN fpca_valid_through date`);
    await q.query(`
      ALTER TABLE ballot_requests ADD CONSTRAINT ballot_requests_fpca_valid_through_after_year_start
        CHECK (fpca_valid_through IS NULL OR fpca_valid_through >= make_date(covers_year, 1, 1))`);
    await q.query(`
      CREATE TABLE state_rule_overrides (
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        version integer NOT NULL CHECK (version >= 1),
        overrides jsonb NOT NULL CHECK (jsonb_typeof(overrides) = 'object'),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL CHECK (length(created_by) <= 200),
        PRIMARY KEY (jurisdiction_id, version)
      )`);
    await isolateTenantTable(q, 'state_rule_overrides', ['SELECT', 'INSERT']);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS state_rule_overrides`);
    await q.query(`ALTER TABLE ballot_requests DROP COLUMN IF EXISTS fpca_valid_through`);
  }
}
