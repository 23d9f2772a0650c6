import type { QueryRunner } from 'typeorm';
import { APP_GROUP_ROLE, ENSURE_APP_GROUP_ROLE } from '../provisioning';

/**
 * Row-level security building blocks shared by migrations (see docs/architecture.md, "Tenant
 * isolation"). Keep what these helpers emit stable: migrations that already ran used them.
 */

/** The NOLOGIN group role the apps' login role belongs to. Cluster-wide; never dropped by a migration. */
export const APP_ROLE = APP_GROUP_ROLE;

/** The tenant a transaction is scoped to, as the policies read it (`withTenant` sets it). */
export const TENANT_SETTING = `current_setting('app.jurisdiction_id', true)`;

/** Predicate of a tenant policy: the row belongs to the transaction's jurisdiction. */
export const TENANT_PREDICATE = `jurisdiction_id = ${TENANT_SETTING}`;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
/** `SELECT`, `INSERT`, `UPDATE` or `UPDATE (col, col)`: nothing else is ever granted to the app role. */
const PRIVILEGE = /^(SELECT|INSERT|UPDATE|UPDATE \([a-z_][a-z0-9_]*(, [a-z_][a-z0-9_]*)*\))$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return name;
}

/**
 * Creates the group role `uocava_app` (NOLOGIN) unless it exists. Roles are cluster-wide and two
 * test runs may migrate at once, so a concurrent creation is not an error. The statement is the
 * one libs/infra's provisioning runs too (`ENSURE_APP_GROUP_ROLE` of ../provisioning).
 */
export async function ensureAppRole(q: QueryRunner): Promise<void> {
  await q.query(ENSURE_APP_GROUP_ROLE);
}

/**
 * Makes `table` a tenant table: grants the app role exactly `privileges` (never DELETE or
 * TRUNCATE), and turns on ENABLE + FORCE ROW LEVEL SECURITY with one policy for every command:
 * a row is visible and writable only inside a transaction scoped to its jurisdiction.
 */
export async function isolateTenantTable(
  q: QueryRunner,
  table: string,
  privileges: readonly string[],
): Promise<void> {
  const t = identifier(table);
  for (const p of privileges) {
    if (!PRIVILEGE.test(p)) throw new Error(`privilege ${p} is not granted to ${APP_ROLE}`);
    await q.query(`GRANT ${p} ON ${t} TO ${APP_ROLE}`);
  }
  await q.query(`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`);
  await q.query(`DROP POLICY IF EXISTS tenant_isolation ON ${t}`);
  await q.query(
    `CREATE POLICY tenant_isolation ON ${t} FOR ALL USING (${TENANT_PREDICATE}) WITH CHECK (${TENANT_PREDICATE})`,
  );
}

/** Undoes `isolateTenantTable` (for a migration's `down`). */
export async function releaseTenantTable(q: QueryRunner, table: string): Promise<void> {
  const t = identifier(table);
  await q.query(`DROP POLICY IF EXISTS tenant_isolation ON ${t}`);
  await q.query(`ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${t} DISABLE ROW LEVEL SECURITY`);
  await q.query(`REVOKE ALL ON ${t} FROM ${APP_ROLE}`);
}
