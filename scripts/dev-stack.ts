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
import {
  createApiKey,
  createJurisdiction,
  openDataSource,
  revokeApiKeysLabelled,
  runMigrations,
  withTenant,
} from '@uocava/database';
import {
  ensureDemoPki,
  Ed25519Cosigner,
  Ed25519NoteSigner,
  generateLogKey,
  generateWitnessKey,
  logKeyId,
  logOrigin,
  privateKeyFromPem,
} from '@uocava/transparency';
import { DEV_ENV_FILE } from '../apps/cli/src/commands/env';

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
const DEMO = 'demo-county';

function masterKey(): string {
  if (process.env.MASTER_KEY) return process.env.MASTER_KEY;
  const file = join(cache, 'dev-master.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

function demoElectionDate(): string {
  const now = new Date();
  const in45 = new Date(now.getTime() + 45 * 86400000);
  const endOfYear = new Date(Date.UTC(now.getUTCFullYear(), 11, 31));
  return (in45 < endOfYear ? in45 : endOfYear).toISOString().slice(0, 10);
}

/**
 * A demo witness for the demo county (apps/witness, as another organisation would run it): its key
 * and the demo log key are made once in .cache (the receipts app uses the same log key file), the
 * witness state lives in .cache/witness. Returns the witness's environment and verifier key.
 */
function demoWitness(): { env: Record<string, string>; verifierKey: string } {
  const keysDir = process.env.KEYS_DIR ?? join(cache, 'keys');
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const logKeyFile = join(keysDir, `${logKeyId(DEMO, 1)}.pem`);
  const origin = logOrigin(process.env.LOG_ORIGIN_DOMAIN ?? 'log.uocava.example', DEMO, 1);
  if (!existsSync(logKeyFile))
    writeFileSync(logKeyFile, generateLogKey(origin).privateKeyPem, { mode: 0o600 });
  const logVerifierKey = generateLogKeyVerifier(origin, readFileSync(logKeyFile, 'utf8'));
  const name = 'witness.localhost/demo';
  const witnessKeyFile = join(cache, 'witness-key.pem');
  if (!existsSync(witnessKeyFile))
    writeFileSync(witnessKeyFile, generateWitnessKey(name).privateKeyPem, { mode: 0o600 });
  const cosigner = new Ed25519Cosigner(name, privateKeyFromPem(readFileSync(witnessKeyFile, 'utf8')));
  return {
    verifierKey: cosigner.verifierKey(),
    env: {
      WITNESS_NAME: name,
      WITNESS_KEY_FILE: witnessKeyFile,
      WITNESS_STATE_DIR: join(cache, 'witness'),
      // creates the state on the first start only; a deleted state.json still refuses to start
      WITNESS_INIT: '1',
      WITNESS_LOG_KEYS: logVerifierKey,
    },
  };
}

function generateLogKeyVerifier(origin: string, pem: string): string {
  return new Ed25519NoteSigner(origin, privateKeyFromPem(pem)).verifierKey();
}

/** The demo office, as the apps' role (DATABASE_URL), scoped to the demo jurisdiction. */
async function seedDemo(
  databaseUrl: string,
  witnessPolicy: Record<string, unknown>,
): Promise<{ clerkKey: string; adminKey: string }> {
  const ds = await openDataSource({ url: databaseUrl, poolSize: 1 });
  try {
    await createJurisdiction(ds, {
      id: DEMO,
      name: 'Demo County',
      state: 'OH',
      county: 'Demo',
      officeAddress: [
        'Demo County Board of Elections',
        '1 Main Street',
        'Springfield, OH 45501',
        'United States',
      ],
      officeEmail: 'uocava@demo-county.example',
      settings: { witnessPolicy },
    });
    // demo keys are made anew at each start; earlier demo keys stop working
    await withTenant(ds, DEMO, (tx) => revokeApiKeysLabelled(tx, DEMO, 'npm start demo'));
    const clerkKey = (await createApiKey(ds, DEMO, 'clerk', 'npm start demo')).key;
    const adminKey = (await createApiKey(ds, DEMO, 'admin', 'npm start demo')).key;
    return { clerkKey, adminKey };
  } finally {
    await ds.destroy();
  }
}

async function seedElectionAndRoll(gateway: string, clerkKey: string): Promise<void> {
  const headers = { authorization: `Bearer ${clerkKey}` };
  const date = demoElectionDate();
  const def = JSON.parse(
    readFileSync(
      join(
        root,
        'libs/contracts/src/standards/nist-1500-20-ballot-definition/example_physical_ballot_def_1.json',
      ),
      'utf8',
    ),
  ) as { Election: Array<{ StartDate: string; EndDate: string }> };
  def.Election[0].StartDate = date;
  def.Election[0].EndDate = date;
  const election = await fetch(`${gateway}/api/v1/office/elections`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      definition: def,
      settings: {
        electionDate: date,
        type: 'general',
        federalOffices: true,
        returnRule: {
          kind: 'postmarked-by-election-day',
          electionDate: date,
          receiveWithinDays: 10,
          utcOffset: '-05:00',
        },
      },
    }),
  });
  if (election.status !== 201) log(`demo election: ${election.status} ${await election.text()}`);
  const roll =
    'state_voter_id,first_name,middle_name,last_name,suffix,date_of_birth,drivers_license,ssn4,residence_street,' +
    'residence_city,residence_state,residence_zip,county,precinct,party,status\n' +
    'DEMO0001,Jane,A,Doe,,1993-11-12,AA999888,,3818 Belmont Ave,Springfield,OH,45501,Demo,gpu-p-001-BRA,,active\n';
  await fetch(`${gateway}/api/v1/office/voter-roll`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'text/csv' },
    body: roll,
  });
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
  const keys = await seedDemo(postgres.appUrl, {
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
