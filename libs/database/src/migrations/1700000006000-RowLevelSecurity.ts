import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  APP_ROLE,
  ensureAppRole,
  isolateTenantTable,
  releaseTenantTable,
  TENANT_PREDICATE,
  TENANT_SETTING,
} from './tenant-isolation';

/**
 * Every table with election data, and what the apps' role may do with it. Nothing else is granted:
 * no DELETE or TRUNCATE anywhere, and UPDATE only on the columns the apps change. The app role
 * owns nothing, so it cannot ALTER a table or turn row-level security off.
 */
export const TENANT_TABLES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['api_keys', ['SELECT', 'INSERT', 'UPDATE (revoked_at)']],
  ['data_keys', ['SELECT', 'INSERT']],
  ['ballot_requests', ['SELECT', 'INSERT', 'UPDATE (status, reasons, roll_record_id, updated_at)']],
  ['request_duplicates', ['SELECT', 'INSERT']],
  ['voter_roll', ['SELECT', 'INSERT', 'UPDATE']],
  ['elections', ['SELECT', 'INSERT']],
  ['ballots', ['SELECT', 'INSERT', 'UPDATE']],
  ['tracking_steps', ['SELECT', 'INSERT', 'UPDATE (receipt)']],
  ['fwabs', ['SELECT', 'INSERT', 'UPDATE']],
  ['audit_log', ['SELECT', 'INSERT']],
  ['inbox', ['SELECT', 'INSERT']],
  ['outbox', ['SELECT', 'INSERT', 'UPDATE (published_at)']],
  ['transparency_log_heads', ['SELECT', 'INSERT', 'UPDATE (tree_size, updated_at)']],
  ['transparency_log_entries', ['SELECT', 'INSERT']],
  ['transparency_tree_nodes', ['SELECT', 'INSERT']],
  ['transparency_checkpoints', ['SELECT', 'INSERT']],
  ['transparency_log_keys', ['SELECT', 'INSERT']],
];

const RELAY = `current_setting('app.outbox_relay', true) = 'on'`;

/**
 * Row-level security (issue 6). The apps connect as a login role that is a member of the NOLOGIN
 * group role `uocava_app` and owns nothing; migrations run as the owner. Every table with election
 * data has ENABLE + FORCE ROW LEVEL SECURITY and the policy
 * `jurisdiction_id = current_setting('app.jurisdiction_id', true)` (USING and WITH CHECK), which
 * `withTenant` sets per transaction with `set_config(..., true)`. An unset jurisdiction sees no
 * rows. The exceptions, each deliberate and narrow:
 *
 * - `jurisdictions` is the public directory of offices: readable by all, written only in scope.
 * - `audit_log` also accepts (insert only) the `denied` entry of a call without a valid key,
 *   which has no jurisdiction; nobody but the owner reads those.
 * - `outbox`: the relay publishes every jurisdiction's events in one ordered stream, so with
 *   `app.outbox_relay = 'on'` (set only by OutboxRelay.publishBatch) it may read rows and set
 *   `published_at` (the only column the app role may update). Events carry no personal data and
 *   go to Kafka anyway.
 * - `tenant_directory` (new, no RLS): SHA-256 of a public handle (office key, tracking code,
 *   ballot id) -> its jurisdiction, so that the entry points that start from a handle can open
 *   the right tenant transaction. Filled by triggers (SECURITY DEFINER: the app role may only
 *   read it), backfilled here. It holds no personal data and no usable secret.
 * - `tenant_receipts_work()` lists the jurisdictions whose log needs a checkpoint or receipts by
 *   scoping itself to each jurisdiction in turn (SECURITY INVOKER: every read is under RLS).
 */
export class RowLevelSecurity1700000006000 implements MigrationInterface {
  name = 'RowLevelSecurity1700000006000';

  async up(q: QueryRunner): Promise<void> {
    await ensureAppRole(q);
    await q.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);

    // ---- the handle directory -------------------------------------------------------------------
    await q.query(`
      CREATE TABLE tenant_directory (
        kind text NOT NULL CHECK (kind IN ('api-key', 'tracking-code', 'ballot')),
        handle bytea NOT NULL CHECK (length(handle) = 32),
        jurisdiction_id text NOT NULL REFERENCES jurisdictions(jurisdiction_id),
        PRIMARY KEY (kind, handle)
      )`);
    await q.query(`GRANT SELECT ON tenant_directory TO ${APP_ROLE}`);
    await q.query(`
      CREATE FUNCTION tenant_directory_record() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      BEGIN
        IF TG_TABLE_NAME = 'api_keys' THEN
          INSERT INTO public.tenant_directory (kind, handle, jurisdiction_id)
            VALUES ('api-key', NEW.key_hash, NEW.jurisdiction_id) ON CONFLICT DO NOTHING;
        ELSIF TG_TABLE_NAME = 'ballot_requests' THEN
          INSERT INTO public.tenant_directory (kind, handle, jurisdiction_id)
            VALUES ('tracking-code', sha256(convert_to(NEW.tracking_code, 'UTF8')), NEW.jurisdiction_id)
            ON CONFLICT DO NOTHING;
        ELSIF TG_TABLE_NAME = 'ballots' THEN
          INSERT INTO public.tenant_directory (kind, handle, jurisdiction_id)
            VALUES ('ballot', sha256(convert_to(NEW.ballot_id::text, 'UTF8')), NEW.jurisdiction_id)
            ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION tenant_directory_record() FROM PUBLIC`);
    for (const table of ['api_keys', 'ballot_requests', 'ballots']) {
      await q.query(
        `CREATE TRIGGER ${table}_tenant_directory AFTER INSERT ON ${table}
           FOR EACH ROW EXECUTE FUNCTION tenant_directory_record()`,
      );
    }
    await q.query(`
      INSERT INTO tenant_directory (kind, handle, jurisdiction_id)
        SELECT 'api-key', key_hash, jurisdiction_id FROM api_keys
        UNION ALL
        SELECT 'tracking-code', sha256(convert_to(tracking_code, 'UTF8')), jurisdiction_id FROM ballot_requests
        UNION ALL
        SELECT 'ballot', sha256(convert_to(ballot_id::text, 'UTF8')), jurisdiction_id FROM ballots
      ON CONFLICT DO NOTHING`);

    // ---- tenant tables --------------------------------------------------------------------------
    for (const [table, privileges] of TENANT_TABLES) await isolateTenantTable(q, table, privileges);

    await q.query(
      `GRANT SELECT, INSERT, UPDATE (name, state, county, settings) ON jurisdictions TO ${APP_ROLE}`,
    );
    await q.query(`ALTER TABLE jurisdictions ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE jurisdictions FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY directory_read ON jurisdictions FOR SELECT USING (true)`);
    await q.query(`CREATE POLICY tenant_insert ON jurisdictions FOR INSERT WITH CHECK (${TENANT_PREDICATE})`);
    await q.query(
      `CREATE POLICY tenant_update ON jurisdictions FOR UPDATE USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`,
    );

    await q.query(`
      CREATE POLICY anonymous_denial ON audit_log FOR INSERT
        WITH CHECK (jurisdiction_id IS NULL AND key_id IS NULL AND role IS NULL AND outcome = 'denied')`);

    await q.query(`CREATE POLICY relay_read ON outbox FOR SELECT USING (${RELAY})`);
    await q.query(`CREATE POLICY relay_mark ON outbox FOR UPDATE USING (${RELAY}) WITH CHECK (${RELAY})`);

    // ---- the receipts loop's question, asked of each jurisdiction under its own scope ----------
    await q.query(`
      CREATE FUNCTION tenant_receipts_work() RETURNS SETOF text
        LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, public AS $$
      DECLARE
        j text;
        previous text := ${TENANT_SETTING};
      BEGIN
        FOR j IN SELECT jurisdiction_id FROM jurisdictions ORDER BY jurisdiction_id LOOP
          PERFORM set_config('app.jurisdiction_id', j, true);
          IF EXISTS (
               SELECT 1 FROM transparency_log_heads h
                WHERE h.jurisdiction_id = j
                  AND h.tree_size > COALESCE((SELECT max(c.tree_size) FROM transparency_checkpoints c
                                               WHERE c.jurisdiction_id = j), 0))
             OR EXISTS (
               SELECT 1 FROM tracking_steps s
                WHERE s.jurisdiction_id = j AND s.receipt IS NULL AND s.leaf_index IS NOT NULL) THEN
            RETURN NEXT j;
          END IF;
        END LOOP;
        PERFORM set_config('app.jurisdiction_id', COALESCE(previous, ''), true);
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION tenant_receipts_work() FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION tenant_receipts_work() TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS tenant_receipts_work()`);
    await q.query(`DROP POLICY IF EXISTS relay_mark ON outbox`);
    await q.query(`DROP POLICY IF EXISTS relay_read ON outbox`);
    await q.query(`DROP POLICY IF EXISTS anonymous_denial ON audit_log`);
    for (const policy of ['tenant_update', 'tenant_insert', 'directory_read']) {
      await q.query(`DROP POLICY IF EXISTS ${policy} ON jurisdictions`);
    }
    await q.query(`ALTER TABLE jurisdictions NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE jurisdictions DISABLE ROW LEVEL SECURITY`);
    await q.query(`REVOKE ALL ON jurisdictions FROM ${APP_ROLE}`);
    for (const [table] of [...TENANT_TABLES].reverse()) await releaseTenantTable(q, table);
    for (const table of ['api_keys', 'ballot_requests', 'ballots']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_tenant_directory ON ${table}`);
    }
    await q.query(`DROP FUNCTION IF EXISTS tenant_directory_record()`);
    await q.query(`DROP TABLE IF EXISTS tenant_directory`);
    await q.query(`REVOKE USAGE ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
    // The role uocava_app stays: roles are cluster-wide and other databases may use it.
  }
}
