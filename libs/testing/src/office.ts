/**
 * The one test office context of the integration and e2e tests: an election office with a key
 * per role, made the way an operator makes one (`createJurisdiction` / `createApiKey` of
 * `@uocava/database`, as the apps' role, scoped to the new jurisdiction), and an HTTP client bound
 * to a running gateway that acts with those keys: `defineElection()`, `importRoll()`,
 * `submitFpca()`.
 */
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  createApiKey,
  createJurisdiction,
  databaseConfigFromEnv,
  openDataSource,
  type JurisdictionSpec,
} from '@uocava/database';
import type { OfficeRole } from '@uocava/domain';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  electionDateThisYear,
  exampleFpca,
  generalElectionSettings,
  nistDefinitionOn,
  rollCsv,
  type RollRow,
} from './fixtures';

/** What a test says of its office; everything has a default (Mahoning County, OH; a clerk). */
export interface OfficeSpec extends Partial<Omit<JurisdictionSpec, 'id'>> {
  /** the jurisdiction id is `<prefix>-<6 random hex digits>` */
  prefix?: string;
  /** one key per role (default: clerk) */
  roles?: OfficeRole[];
}

export interface Office {
  jurisdictionId: string;
  /** the key of each role (shown once, as the CLI prints it) */
  keys: Partial<Record<OfficeRole, string>>;
  /** the id of each role's key (what the audit trail records) */
  keyIds: Partial<Record<OfficeRole, string>>;
}

async function withAppDataSource<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = await openDataSource({ ...databaseConfigFromEnv(), applicationName: 'test', poolSize: 1 });
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
}

/** Creates an office (directory entry, settings, keys) in the database; no gateway needed. */
export async function createOffice(spec: OfficeSpec = {}): Promise<Office> {
  const { prefix = 'office', roles = ['clerk'], ...entry } = spec;
  const jurisdictionId = `${prefix}-${randomBytes(3).toString('hex')}`;
  return withAppDataSource(async (ds) => {
    await createJurisdiction(ds, {
      name: 'Mahoning County',
      state: 'OH',
      county: entry.name === undefined ? 'Mahoning' : undefined,
      ...entry,
      id: jurisdictionId,
    });
    const keys: Partial<Record<OfficeRole, string>> = {};
    const keyIds: Partial<Record<OfficeRole, string>> = {};
    for (const role of roles)
      ({ key: keys[role], keyId: keyIds[role] } = await createApiKey(ds, jurisdictionId, role));
    return { jurisdictionId, keys, keyIds };
  });
}

/** HTTP helpers bound to a running gateway (any office's key, the voter's routes). */
export function gatewayClient(baseUrl: string) {
  const officeUrl = (path: string) => `${baseUrl}/api/v1/office${path}`;
  return {
    /** an office route, with the key's bearer header */
    office: (key: string, path: string, init: RequestInit = {}) =>
      fetch(officeUrl(path), {
        ...init,
        headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) },
      }),
    /** POST a JSON body to an office route */
    officePost: (key: string, path: string, body: unknown) =>
      fetch(officeUrl(path), {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    /** define an election of this year from the NIST example (settings: a general election's by default) */
    defineElection: (key: string, date = electionDateThisYear(), file?: string, settings?: unknown) =>
      fetch(officeUrl('/elections'), {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          definition: nistDefinitionOn(date, file),
          settings: settings ?? generalElectionSettings(date),
        }),
      }),
    /** import a voter roll: rows (made into CSV) or a whole CSV body as it is */
    importRoll: (key: string, roll: RollRow[] | string) =>
      fetch(officeUrl('/voter-roll'), {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: typeof roll === 'string' ? roll : rollCsv(roll),
      }),
    /** submit a ballot request as JSON */
    submit: (voter: unknown, headers: Record<string, string> = {}) =>
      fetch(`${baseUrl}/api/v1/ballot-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(voter),
      }),
    track: async (trackingCode: string) => {
      const res = await fetch(`${baseUrl}/api/v1/tracking/${trackingCode}`);
      return (await res.json()) as {
        status: string;
        reasons: string[];
        requestId: string;
        receivedAt: string;
        ballots: Array<{ ballotId: string; status: string }>;
        steps: Array<{ eventId: string; type: string; leafIndex: number | null; receipt: unknown }>;
      };
    },
  };
}

export type GatewayClient = ReturnType<typeof gatewayClient>;

export interface ElectionOptions {
  /** election day (default: 30 days ahead, this year) */
  date?: string;
  /** which NIST example definition */
  file?: string;
  /** office settings of the election (default: a general election's) */
  settings?: unknown;
  role?: OfficeRole;
}

/** An office and the gateway's HTTP client acting with its keys (the clerk's unless told). */
export interface TestOffice extends Office {
  readonly http: GatewayClient;
  /** the key of `role`; throws when the office has none */
  key(role?: OfficeRole): string;
  /** an office route (GET unless `init` says otherwise) */
  get(path: string, init?: RequestInit, role?: OfficeRole): Promise<Response>;
  /** POST a JSON body to an office route */
  post(path: string, body: unknown, role?: OfficeRole): Promise<Response>;
  defineElection(options?: ElectionOptions): Promise<Response>;
  importRoll(roll: RollRow[] | string, role?: OfficeRole): Promise<Response>;
  /** the FPCA example for this office, signed today, changed by `change` */
  fpca(change?: (r: BallotRequestInput) => void): BallotRequestInput;
  /** POST a ballot request (the voter's route; no key) */
  submitFpca(voter: unknown): Promise<Response>;
}

/** The context for an office that exists (`createOffice`) on the gateway at `baseUrl`. */
export function officeContext(baseUrl: string, office: Office): TestOffice {
  const http = gatewayClient(baseUrl);
  const key = (role: OfficeRole = 'clerk'): string => {
    const k = office.keys[role];
    if (k === undefined) throw new Error(`office ${office.jurisdictionId} has no ${role} key`);
    return k;
  };
  return {
    ...office,
    http,
    key,
    get: (path, init, role) => http.office(key(role), path, init),
    post: (path, body, role) => http.officePost(key(role), path, body),
    defineElection: (o = {}) => http.defineElection(key(o.role), o.date, o.file, o.settings),
    importRoll: (roll, role) => http.importRoll(key(role), roll),
    fpca: (change) => exampleFpca(office.jurisdictionId, change),
    submitFpca: (voter) => http.submit(voter),
  };
}

/** Creates an office and returns its context on the gateway at `baseUrl`. */
export async function openTestOffice(baseUrl: string, spec: OfficeSpec = {}): Promise<TestOffice> {
  return officeContext(baseUrl, await createOffice(spec));
}
