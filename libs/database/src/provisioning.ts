/**
 * Server provisioning: databases and roles, not tables. The SQL of libs/infra's Postgres set-up
 * (tests, dev, `npm run migrate`) and the one definition of the apps' group role, which the
 * migrations create too (migrations/tenant-isolation.ts `ensureAppRole`). Each function takes a
 * connected `pg` client of a role with the rights it needs (CREATEDB, CREATEROLE).
 */
import { escapeIdentifier, escapeLiteral, type Client } from 'pg';

/** The NOLOGIN group role the apps' login role belongs to. Cluster-wide; never dropped by a migration. */
export const APP_GROUP_ROLE = 'uocava_app';

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `name` is a plain lower-case role name (≤ 63 bytes). */
export function assertRoleName(name: string): void {
  if (!ROLE_NAME.test(name)) throw new Error(`invalid role name ${JSON.stringify(name)}`);
}

/**
 * Creates the group role `uocava_app` (NOLOGIN) unless it exists. Roles are cluster-wide and two
 * test runs may migrate at once, so a concurrent creation is not an error. Migrations that already
 * ran executed this text: keep it stable.
 */
export const ENSURE_APP_GROUP_ROLE = `
    DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_GROUP_ROLE}') THEN
        BEGIN
          CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
        EXCEPTION
          WHEN duplicate_object OR unique_violation THEN NULL; -- created concurrently
          WHEN insufficient_privilege THEN
            RAISE EXCEPTION 'role ${APP_GROUP_ROLE} is missing and the migrating role may not create it'
              USING HINT = 'CREATE ROLE ${APP_GROUP_ROLE} NOLOGIN; as a role with CREATEROLE, then migrate again (docs/operations.md)';
        END;
      END IF;
    END $$`;

/** The SQL error code of a failure, if any. */
const codeOf = (error: unknown): string | undefined => (error as { code?: string }).code;

/**
 * Creates (or updates) the login role `login` with `password`, a member of `uocava_app` (created
 * here too if missing), with no other attribute: no superuser, no BYPASSRLS, owns nothing.
 */
export async function ensureAppLoginRole(client: Client, login: string, password: string): Promise<void> {
  assertRoleName(login);
  await client.query(ENSURE_APP_GROUP_ROLE);
  const role = escapeIdentifier(login);
  const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD ${escapeLiteral(password)}`;
  const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [login]);
  if ((exists.rowCount ?? 0) === 0) {
    try {
      await client.query(`CREATE ROLE ${role} ${attributes}`);
    } catch (error) {
      // 42710 duplicate_object / 23505: created concurrently (the dev role by a second process)
      const code = codeOf(error);
      if (code !== '42710' && code !== '23505') throw error;
      await client.query(`ALTER ROLE ${role} ${attributes}`);
    }
  } else {
    await client.query(`ALTER ROLE ${role} ${attributes}`);
  }
  await client.query(`GRANT ${APP_GROUP_ROLE} TO ${role}`);
}

/** DROP ROLE IF EXISTS (after the databases it could reach are gone). */
export async function dropLoginRole(client: Client, login: string): Promise<void> {
  assertRoleName(login);
  await client.query(`DROP ROLE IF EXISTS ${escapeIdentifier(login)}`);
}

/** Whether the server answers a trivial statement on this connection. */
export async function pingServer(client: Client): Promise<void> {
  await client.query('SELECT 1');
}

/**
 * CREATE DATABASE unless it exists; returns whether it was created. `name` must be checked by the
 * caller (a plain identifier).
 */
export async function createDatabaseIfMissing(client: Client, name: string): Promise<boolean> {
  const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if ((found.rowCount ?? 0) > 0) return false;
  try {
    await client.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // 42P04 duplicate_database: created concurrently by another run.
    if (codeOf(error) === '42P04') return false;
    throw error;
  }
}

/** DROP DATABASE IF EXISTS, forcing other sessions off where the server can (Postgres 13+). */
export async function dropDatabase(client: Client, name: string): Promise<void> {
  const quoted = escapeIdentifier(name);
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
  } catch (error) {
    // WITH (FORCE) needs Postgres 13+.
    if (codeOf(error) !== '42601') throw error;
    await client.query(`DROP DATABASE IF EXISTS ${quoted}`);
  }
}
