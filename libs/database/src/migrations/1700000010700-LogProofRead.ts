import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, TENANT_SETTING } from './tenant-isolation';

/**
 * `tenant_log_nodes(jurisdiction, size, levels, idxs)`: a proof's read in one statement. It scopes
 * itself to the jurisdiction (SECURITY INVOKER: every read is under row-level security, as in a
 * `withTenant` transaction), reads the log's tree size and the given tree nodes, restores the scope
 * it found, and returns one row: the tree size (NULL when the log has no head) and the hashes in
 * the order of the keys (NULL for a node not stored), or no hashes when the log is smaller than
 * `size` (a proof of that size cannot be asked). A proof asked outside a transaction costs one
 * round trip instead of five (BEGIN, scope, size, nodes, COMMIT).
 */
export class LogProofRead1700000010700 implements MigrationInterface {
  name = 'LogProofRead1700000010700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tenant_log_nodes(p_jurisdiction text, p_size bigint, p_levels smallint[], p_idxs bigint[])
        RETURNS TABLE (tree_size bigint, hashes bytea[])
        LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, public AS $$
      DECLARE
        previous text := ${TENANT_SETTING};
      BEGIN
        PERFORM set_config('app.jurisdiction_id', p_jurisdiction, true);
        SELECT h.tree_size INTO tree_size FROM transparency_log_heads h WHERE h.jurisdiction_id = p_jurisdiction;
        IF tree_size IS NOT NULL AND tree_size >= p_size THEN
          SELECT array_agg(n.hash ORDER BY k.ord) INTO hashes
            FROM unnest(p_levels, p_idxs) WITH ORDINALITY AS k(level, idx, ord)
            LEFT JOIN transparency_tree_nodes n
              ON n.jurisdiction_id = p_jurisdiction AND n.level = k.level AND n.idx = k.idx;
        END IF;
        PERFORM set_config('app.jurisdiction_id', COALESCE(previous, ''), true);
        RETURN NEXT;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION tenant_log_nodes(text, bigint, smallint[], bigint[]) FROM PUBLIC`);
    await q.query(
      `GRANT EXECUTE ON FUNCTION tenant_log_nodes(text, bigint, smallint[], bigint[]) TO ${APP_ROLE}`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS tenant_log_nodes(text, bigint, smallint[], bigint[])`);
  }
}
