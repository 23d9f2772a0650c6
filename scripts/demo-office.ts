/**
 * The demo office of `npm start` (scripts/dev-stack.ts), as functions, so that whatever needs the
 * same jurisdiction, witness and election (the surge benchmark, bench/surge.bench.ts) makes them
 * the same way: the jurisdiction and its office keys in the database as the apps' role, its
 * witness keys and the log key the receipts app signs with, the election over the office API.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createApiKey,
  createJurisdiction,
  openDataSource,
  revokeApiKeysLabelled,
  withTenant,
} from '@uocava/database';
import {
  Ed25519Cosigner,
  Ed25519NoteSigner,
  generateLogKey,
  generateWitnessKey,
  logKeyId,
  logOrigin,
  privateKeyFromPem,
} from '@uocava/transparency';

const root = join(__dirname, '..');

/** the demo jurisdiction's id */
export const DEMO = 'demo-county';

/** The demo election's day: 45 days ahead, kept inside this calendar year (an FPCA's reach). */
export function demoElectionDate(): string {
  const now = new Date();
  const in45 = new Date(now.getTime() + 45 * 86400000);
  const endOfYear = new Date(Date.UTC(now.getUTCFullYear(), 11, 31));
  return (in45 < endOfYear ? in45 : endOfYear).toISOString().slice(0, 10);
}

export interface DemoWitnessKeys {
  /** the witness's name (`witness.localhost/demo`) */
  name: string;
  /** the file of its PKCS#8 PEM key, and the key */
  keyFile: string;
  keyPem: string;
  /** its verifier key (what the witness policy names) */
  verifierKey: string;
  /** the verifier key of the demo log (epoch 1), which the witness accepts checkpoints of */
  logVerifierKey: string;
}

/**
 * The demo witness's key (made once in `cache`) and the demo log key (made once in `keysDir`,
 * where the receipts app reads it: the same file).
 */
export function demoWitnessKeys(cache: string, keysDir: string): DemoWitnessKeys {
  mkdirSync(keysDir, { recursive: true, mode: 0o700 });
  const logKeyFile = join(keysDir, `${logKeyId(DEMO, 1)}.pem`);
  const origin = logOrigin(process.env.LOG_ORIGIN_DOMAIN ?? 'log.uocava.example', DEMO, 1);
  if (!existsSync(logKeyFile))
    writeFileSync(logKeyFile, generateLogKey(origin).privateKeyPem, { mode: 0o600 });
  const logVerifierKey = new Ed25519NoteSigner(
    origin,
    privateKeyFromPem(readFileSync(logKeyFile, 'utf8')),
  ).verifierKey();
  const name = 'witness.localhost/demo';
  const keyFile = join(cache, 'witness-key.pem');
  if (!existsSync(keyFile)) writeFileSync(keyFile, generateWitnessKey(name).privateKeyPem, { mode: 0o600 });
  const keyPem = readFileSync(keyFile, 'utf8');
  const cosigner = new Ed25519Cosigner(name, privateKeyFromPem(keyPem));
  return { name, keyFile, keyPem, verifierKey: cosigner.verifierKey(), logVerifierKey };
}

/**
 * The demo office, as the apps' role (`databaseUrl`), scoped to the demo jurisdiction: the
 * jurisdiction with its witness policy, and a new clerk and admin key (earlier keys of the same
 * label are revoked).
 */
export async function seedDemoOffice(
  databaseUrl: string,
  witnessPolicy: Record<string, unknown>,
  label = 'npm start demo',
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
    await withTenant(ds, DEMO, (tx) => revokeApiKeysLabelled(tx, DEMO, label));
    const clerkKey = (await createApiKey(ds, DEMO, 'clerk', label)).key;
    const adminKey = (await createApiKey(ds, DEMO, 'admin', label)).key;
    return { clerkKey, adminKey };
  } finally {
    await ds.destroy();
  }
}

/** Defines the demo election (NIST's example definition, on `demoElectionDate()`) over the office API. */
export async function defineDemoElection(gateway: string, clerkKey: string): Promise<Response> {
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
  return fetch(`${gateway}/api/v1/office/elections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerkKey}`, 'content-type': 'application/json' },
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
}

/** The residence of every demo voter (the demo county's), as the roll and the FPCA write it. */
export const DEMO_RESIDENCE = {
  street: '3818 Belmont Ave',
  city: 'Springfield',
  state: 'OH',
  zip: '45501',
  county: 'Demo',
} as const;

/** The demo roll of `npm start`: Jane Doe of docs/examples/ballot-request.json. */
export const DEMO_ROLL_CSV =
  'state_voter_id,first_name,middle_name,last_name,suffix,date_of_birth,drivers_license,ssn4,residence_street,' +
  'residence_city,residence_state,residence_zip,county,precinct,party,status\n' +
  'DEMO0001,Jane,A,Doe,,1993-11-12,AA999888,,3818 Belmont Ave,Springfield,OH,45501,Demo,gpu-p-001-BRA,,active\n';

/** Imports a voter roll (CSV, or any stream of it) over the office API. */
export function importRollOverHttp(
  gateway: string,
  clerkKey: string,
  csv: string | Buffer,
): Promise<Response> {
  return fetch(`${gateway}/api/v1/office/voter-roll`, {
    method: 'POST',
    headers: { authorization: `Bearer ${clerkKey}`, 'content-type': 'text/csv' },
    body: csv,
  });
}
