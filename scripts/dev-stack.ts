/**
 * `npm start`: Postgres + Kafka + every app, with a small demo jurisdiction and election.
 * Fixed ports where free (gateway 3000, Kafka 9092), printed at the end. Ctrl-C stops everything.
 * A second stack (its own UOCAVA_STACK_ID, UOCAVA_DEV_CACHE, UOCAVA_DEV_PORT) runs beside it
 * untouched; test/dev-stack.e2e-spec.ts runs two.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { ensureKafka, ensurePostgres } from '@uocava/infra';
import { runMigrations } from '@uocava/database';
import { ensureDemoPki } from '@uocava/transparency';
import { DEV_ENV_FILE } from '../apps/cli/src/commands/env';
import {
  DEMO,
  DEMO_ROLL_CSV,
  defineDemoElection,
  demoWitnessKeys,
  importRollOverHttp,
  seedDemoOffice,
} from './demo-office';

const root = join(__dirname, '..');
/** the stack's own files (keys, witness state, dev.env): `UOCAVA_DEV_CACHE`, else `.cache` */
const cache = process.env.UOCAVA_DEV_CACHE || join(root, '.cache');
/** the gateway's preferred port (`UOCAVA_DEV_PORT`, default 3000); the other apps take the next ones */
const basePort = Number(process.env.UOCAVA_DEV_PORT || 3000);
const log = (line: string) => process.stderr.write(`[start] ${line}\n`);
const APPS = [
  ['gateway', basePort],
  ['verification', basePort + 1],
  ['ballots', basePort + 2],
  ['receipts', basePort + 3],
  ['notifications', basePort + 4],
  ['witness', basePort + 5],
] as const;

function masterKey(): string {
  if (process.env.MASTER_KEY) return process.env.MASTER_KEY;
  const file = join(cache, 'dev-master.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * A demo witness for the demo county (apps/witness, as another organisation would run it): its key
 * and the demo log key are made once in .cache (the receipts app uses the same log key file), the
 * witness state lives in .cache/witness. Returns the witness's environment and verifier key.
 */
function demoWitness(): { env: Record<string, string>; verifierKey: string } {
  const keys = demoWitnessKeys(cache, process.env.KEYS_DIR ?? join(cache, 'keys'));
  return {
    verifierKey: keys.verifierKey,
    env: {
      WITNESS_NAME: keys.name,
      WITNESS_KEY_FILE: keys.keyFile,
      WITNESS_STATE_DIR: join(cache, 'witness'),
      // creates the state on the first start only; a deleted state.json still refuses to start
      WITNESS_INIT: '1',
      WITNESS_LOG_KEYS: keys.logVerifierKey,
    },
  };
}

/** The demo election and its one-voter roll, over the office API (scripts/demo-office.ts). */
async function seedElectionAndRoll(gateway: string, clerkKey: string): Promise<void> {
  const election = await defineDemoElection(gateway, clerkKey);
  if (election.status !== 201) log(`demo election: ${election.status} ${await election.text()}`);
  await (await importRollOverHttp(gateway, clerkKey, DEMO_ROLL_CSV)).arrayBuffer();
}

/** Waits for an app's /health (an app that dies meanwhile is restarted by the supervisor). */
async function waitHealthy(url: string, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/health`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not become healthy`);
}

async function main(): Promise<void> {
  mkdirSync(cache, { recursive: true });
  // this checkout's own stack: its own database, login role and password, broker, embedded data
  process.env.UOCAVA_STACK_ID ??= createHash('sha256').update(root).digest('hex').slice(0, 12);
  log(`stack ${process.env.UOCAVA_STACK_ID} (${root})`);
  const [postgres, kafka] = await Promise.all([
    ensurePostgres({ purpose: 'dev', log }),
    ensureKafka({ purpose: 'dev', log }),
  ]);
  // migrations as the owner of the tables; the apps, the CLI and the demo seeding as the app role
  const ran = await runMigrations({ url: postgres.url });
  if (ran.length) log(`migrations: ${ran.join(', ')}`);
  // preferred ports; each app binds its own and reports what it bound (PORT_FALLBACK): never probed
  const ports: Record<string, number> = Object.fromEntries(APPS.map(([name, p]) => [name, p]));
  const env: Record<string, string> = {
    DATABASE_URL: postgres.appUrl,
    DATABASE_OWNER_URL: postgres.url,
    KAFKA_BROKERS: kafka.brokers.join(','),
    MASTER_KEY: masterKey(),
    PORT_FALLBACK: '1',
    MAIL_SINK_DIR: join(cache, 'mail'),
    RECEIPTS_GENERATE_KEYS: '1',
    KEYS_DIR: join(cache, 'keys'),
    // dev only: webhook subscriptions may target http://127.0.0.1 (docs/webhooks.md)
    WEBHOOK_ALLOW_HTTP_LOOPBACK: '1',
  };
  writeFileSync(
    DEV_ENV_FILE,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  Object.assign(process.env, env);
  const witness = demoWitness();
  const keys = await seedDemoOffice(postgres.appUrl, {
    quorum: 1,
    witnesses: [{ key: witness.verifierKey, url: `http://127.0.0.1:${ports.witness}` }],
  });
  // a demo root and the demo jurisdiction's certificate, so /log/key publishes the chain
  const pki = await ensureDemoPki(join(cache, 'pki-root'), env.KEYS_DIR, DEMO, 'log.uocava.example');
  if (pki.issued) log(`demo PKI: root ${pki.rootCertificate}, certificate of ${DEMO} in ${env.KEYS_DIR}`);

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  /** an exit that already happened counts: a child killed by a signal has exitCode null */
  const exited = (c: ChildProcess) => c.exitCode !== null || c.signalCode !== null;
  const waitExit = (c: ChildProcess, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (exited(c)) return resolve(true);
      const timer = setTimeout(() => resolve(exited(c)), ms);
      c.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    // a second Ctrl-C, or anything that hangs past 20 s, ends it at once
    setTimeout(() => process.exit(code || 130), 20000).unref();
    const all = [...children.values()];
    for (const c of all) if (!exited(c)) c.kill('SIGTERM');
    await Promise.all(
      all.map(async (c) => {
        if (!(await waitExit(c, 5000))) {
          c.kill('SIGKILL');
          await waitExit(c, 2000);
        }
      }),
    );
    await kafka.stop();
    await postgres.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => (stopping ? process.exit(130) : void stop(0)));
  process.on('SIGTERM', () => void stop(0));

  /**
   * Starts an app, and starts it again (backoff 1 s doubling to 30 s) whenever it dies. Resolves
   * with the port the app itself bound (its "listening on" line): the stack talks to that port
   * only, so never to another process that holds the preferred one.
   */
  const bound = new Map<string, (port: number) => void>();
  const supervise = (name: string, restarts = 0): ChildProcess => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
      cwd: root,
      env: { ...process.env, ...(name === 'witness' ? witness.env : {}), PORT: String(ports[name]) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^\[[a-z]+\] listening on http:\/\/[^:]+:(\d+)/.exec(line);
        if (!m) continue;
        const port = Number(m[1]);
        if (port !== ports[name]) log(`${name} bound port ${port} (${ports[name]} was taken)`);
        ports[name] = port;
        bound.get(name)?.(port);
      }
    });
    const started = Date.now();
    children.set(name, child);
    log(`${name} started (pid ${child.pid})`);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      // an app that ran for a minute starts its backoff afresh
      const n = Date.now() - started > 60000 ? 0 : restarts;
      const delay = Math.min(30000, 1000 * 2 ** n);
      log(
        `${name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s (restart ${n + 1})`,
      );
      setTimeout(() => {
        if (!stopping) supervise(name, n + 1);
      }, delay).unref();
    });
    return child;
  };
  const boundPort = (name: string) =>
    new Promise<number>((resolve) => {
      bound.set(name, resolve);
      supervise(name);
    });
  // the gateway first: the others need its address (PUBLIC_URL, the links in e-mails)
  const gatewayPort = await boundPort('gateway');
  const gateway = `http://127.0.0.1:${gatewayPort}`;
  process.env.PUBLIC_URL = gateway;
  env.PUBLIC_URL = gateway;
  writeFileSync(
    DEV_ENV_FILE,
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n') + '\n',
    { mode: 0o600 },
  );
  await Promise.all(APPS.filter(([n]) => n !== 'gateway').map(([name]) => boundPort(name)));
  await Promise.all(APPS.map(([name]) => waitHealthy(`http://127.0.0.1:${ports[name]}`)));
  await seedElectionAndRoll(gateway, keys.clerkKey);

  process.stdout.write(
    [
      '',
      'UOCAVA ballot platform is running:',
      `  voter pages                    ${gateway}/`,
      `  clerk pages (office key)       ${gateway}/office`,
      `  gateway API (voter + office)   ${gateway}/api/v1`,
      `  OpenAPI                        ${gateway}/api/openapi.json`,
      ...APPS.filter(([n]) => n !== 'gateway').map(
        ([n]) => `  ${n.padEnd(30)} http://127.0.0.1:${ports[n]}/health`,
      ),
      `  Kafka bootstrap                ${kafka.brokers.join(',')}`,
      `  Postgres                       ${postgres.appUrl.replace(/\/\/[^@]*@/, '//')} (apps, role ${postgres.appRole})`,
      `  mail sink (e-mails as .eml)    ${env.MAIL_SINK_DIR}`,
      `  demo root CA (not production)  ${pki.rootCertificate}`,
      `    verify: npm run cli -- verify-receipt <receipt.json> --root ${pki.rootCertificate} --log-keys ${gateway}/api/v1/jurisdictions/${DEMO}/log/key`,
      '',
      `Demo jurisdiction "${DEMO}" with an election and one voter on the roll. Office keys (new at each start):`,
      `  clerk  ${keys.clerkKey}`,
      `  admin  ${keys.adminKey}`,
      '',
      `Try: curl -s -X POST ${gateway}/api/v1/ballot-requests -H 'content-type: application/json' -d @docs/examples/ballot-request.json`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
