/**
 * `npm start`: Postgres + Kafka + every app, with a small demo jurisdiction and election.
 * Fixed ports where free (gateway 3000, Kafka 9092), printed at the end. Ctrl-C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureKafka, ensurePostgres, freePort, isPortFree } from '@uocava/infra';
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
const cache = join(root, '.cache');
const log = (line: string) => process.stderr.write(`[start] ${line}\n`);
const APPS = [
  ['gateway', 3000],
  ['verification', 3001],
  ['ballots', 3002],
  ['receipts', 3003],
  ['notifications', 3004],
  ['witness', 3005],
] as const;
const DEMO = 'demo-county';

function masterKey(): string {
  if (process.env.MASTER_KEY) return process.env.MASTER_KEY;
  const file = join(cache, 'dev-master.key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function port(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
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

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 120000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url} exited with ${child.exitCode}`);
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
  const [postgres, kafka] = await Promise.all([
    ensurePostgres({ purpose: 'dev', log }),
    ensureKafka({ purpose: 'dev', log }),
  ]);
  // migrations as the owner of the tables; the apps, the CLI and the demo seeding as the app role
  const ran = await runMigrations({ url: postgres.url });
  if (ran.length) log(`migrations: ${ran.join(', ')}`);
  const ports = Object.fromEntries(
    await Promise.all(APPS.map(async ([name, p]) => [name, await port(p)] as const)),
  );
  const gateway = `http://127.0.0.1:${ports.gateway}`;
  const env = {
    DATABASE_URL: postgres.appUrl,
    DATABASE_OWNER_URL: postgres.url,
    KAFKA_BROKERS: kafka.brokers.join(','),
    MASTER_KEY: masterKey(),
    PUBLIC_URL: gateway,
    MAIL_SINK_DIR: join(cache, 'mail'),
    RECEIPTS_GENERATE_KEYS: '1',
    KEYS_DIR: join(cache, 'keys'),
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

  const children: ChildProcess[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await kafka.stop();
    await postgres.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  for (const [name] of APPS) {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', `apps/${name}/src/main.ts`], {
      cwd: root,
      env: { ...process.env, ...(name === 'witness' ? witness.env : {}), PORT: String(ports[name]) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (code) => {
      if (!stopping) {
        log(`${name} exited (${code}); stopping the stack`);
        void stop(1);
      }
    });
    children.push(child);
  }
  await Promise.all(APPS.map(([name], i) => waitHealthy(`http://127.0.0.1:${ports[name]}`, children[i])));
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
