/**
 * What the integration and e2e tests need again and again: an office with keys, an election of
 * this year from NIST's example definition, voter-roll CSV, and HTTP helpers for the gateway.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ROLL_CSV_HEADER, validFpcaExample, type IsoDate, type OfficeRole } from '@uocava/domain';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { createApiKey, createJurisdiction } from '../../../apps/cli/src/commands/office';

const STANDARDS = join(__dirname, '../../contracts/src/standards/nist-1500-20-ballot-definition');

/** The precinct of NIST's example_physical_ballot_def_1.json. */
export const EXAMPLE_PRECINCT = 'gpu-p-001-BRA';

/** An election day `daysAhead` days from now, kept inside this calendar year (an FPCA's reach). */
export function electionDateThisYear(daysAhead = 30): string {
  const now = new Date();
  const ahead = new Date(now.getTime() + daysAhead * 86400000);
  const endOfYear = new Date(Date.UTC(now.getUTCFullYear(), 11, 31));
  return (ahead < endOfYear ? ahead : endOfYear).toISOString().slice(0, 10);
}

/** One of NIST's example ballot definitions, moved to `date`. */
export function nistDefinitionOn(date: string, file = 'example_physical_ballot_def_1.json'): unknown {
  const def = JSON.parse(readFileSync(join(STANDARDS, file), 'utf8')) as {
    Election: Array<{ StartDate: string; EndDate: string }>;
  };
  def.Election[0].StartDate = date;
  def.Election[0].EndDate = date;
  return def;
}

/** `date` plus `days` (ISO dates, UTC calendar). */
export function addDays(date: string, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10) as IsoDate;
}

/** Where a test voter lives: the jurisdiction's state and county. */
export interface Residence {
  street: string;
  city: string;
  state: string;
  zip: string;
  county: string;
}

/** A test voter: who, and their driver's license number (what the roll matches on). */
export interface Person {
  first: string;
  last: string;
  dateOfBirth: string;
  driversLicense: string;
}

/**
 * A valid FPCA request of `person` to `jurisdictionId` (the FPCA example otherwise: abroad in
 * Germany), signed today, with the ballot sent by `delivery`.
 */
export function fpcaRequest(
  jurisdictionId: string,
  person: Person,
  residence: Residence,
  changes: Partial<Pick<BallotRequestInput, 'voterClass' | 'ballotDelivery'>> = {},
): BallotRequestInput {
  const voter = validFpcaExample();
  voter.jurisdictionId = jurisdictionId;
  voter.name = { first: person.first, last: person.last };
  voter.dateOfBirth = person.dateOfBirth as IsoDate;
  voter.identification = { type: 'drivers-license', value: person.driversLicense };
  voter.votingResidence = { ...residence };
  voter.contact = { email: `${person.first}.${person.last}@example.org`.toLowerCase() };
  voter.affirmation.signedOn = new Date().toISOString().slice(0, 10) as IsoDate;
  return { ...voter, ...changes };
}

/** The roll record that a request of `person` matches (same name, birth date, license, residence). */
export function rollRowOf(
  person: Person,
  residence: Residence,
  stateVoterId: string,
  precinct = EXAMPLE_PRECINCT,
): RollRow {
  return {
    state_voter_id: stateVoterId,
    first_name: person.first,
    last_name: person.last,
    date_of_birth: person.dateOfBirth,
    drivers_license: person.driversLicense,
    residence_street: residence.street,
    residence_city: residence.city,
    residence_state: residence.state,
    residence_zip: residence.zip,
    county: residence.county,
    precinct,
    status: 'active',
  };
}

/** The office settings of a federal general election on `date`. */
export function generalElectionSettings(date: string) {
  return {
    electionDate: date,
    type: 'general',
    federalOffices: true,
    returnRule: {
      kind: 'postmarked-by-election-day',
      electionDate: date,
      receiveWithinDays: 10,
      utcOffset: '-05:00',
    },
  };
}

export type RollRow = Partial<Record<(typeof ROLL_CSV_HEADER)[number], string>>;

/** A voter-roll CSV (header + rows; missing columns are empty). */
export function rollCsv(rows: RollRow[]): string {
  const escape = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [
    ROLL_CSV_HEADER.join(','),
    ...rows.map((r) => ROLL_CSV_HEADER.map((c) => escape(r[c] ?? '')).join(',')),
  ]
    .join('\n')
    .concat('\n');
}

/**
 * A jurisdiction (Mahoning County, OH by default) with one key per requested role, created with
 * the operator CLI's functions (as the apps' role, scoped to the new jurisdiction), and optional
 * office settings (docs/office-api.md).
 */
export async function createOffice(
  prefix: string,
  roles: OfficeRole[] = ['clerk'],
  place: { name: string; state: string; county?: string } = {
    name: 'Mahoning County',
    state: 'OH',
    county: 'Mahoning',
  },
  settings?: Record<string, unknown>,
): Promise<{ jurisdictionId: string; keys: Partial<Record<OfficeRole, string>> }> {
  const jurisdictionId = `${prefix}-${randomBytes(3).toString('hex')}`;
  await createJurisdiction({ id: jurisdictionId, ...place, settings });
  const keys: Partial<Record<OfficeRole, string>> = {};
  for (const role of roles) keys[role] = (await createApiKey(jurisdictionId, role)).key;
  return { jurisdictionId, keys };
}

/** HTTP helpers bound to a running gateway. */
export function gatewayClient(baseUrl: string) {
  return {
    /** an office route, with the key's bearer header */
    office: (key: string, path: string, init: RequestInit = {}) =>
      fetch(`${baseUrl}/api/v1/office${path}`, {
        ...init,
        headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) },
      }),
    /** POST a JSON body to an office route */
    officePost: (key: string, path: string, body: unknown) =>
      fetch(`${baseUrl}/api/v1/office${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    /** define an election of this year from the NIST example (settings: a general election's by default) */
    defineElection: (key: string, date = electionDateThisYear(), file?: string, settings?: unknown) =>
      fetch(`${baseUrl}/api/v1/office/elections`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          definition: nistDefinitionOn(date, file),
          settings: settings ?? generalElectionSettings(date),
        }),
      }),
    importRoll: (key: string, rows: RollRow[]) =>
      fetch(`${baseUrl}/api/v1/office/voter-roll`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: rollCsv(rows),
      }),
    /** submit a ballot request as JSON */
    submit: (voter: unknown) =>
      fetch(`${baseUrl}/api/v1/ballot-requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(voter),
      }),
    track: async (trackingCode: string) => {
      const res = await fetch(`${baseUrl}/api/v1/tracking/${trackingCode}`);
      return (await res.json()) as {
        status: string;
        requestId: string;
        receivedAt: string;
        ballots: Array<{ ballotId: string; status: string }>;
        steps: Array<{ eventId: string; type: string; leafIndex: number | null; receipt: unknown }>;
      };
    },
  };
}
