/**
 * The data the integration and e2e tests need again and again: an election of this year from
 * NIST's example definition, FPCA requests, voter-roll CSV. The office they act for, with its keys
 * and HTTP client, is `./office.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROLL_CSV_HEADER, validFpcaExample, type IsoDate } from '@uocava/domain';
import type { BallotRequestInput } from '@uocava/contracts/http';

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

/** One of NIST's example ballot definitions (or any JSON file beside them), moved to `date`. */
export function nistDefinitionOn(
  date: string,
  file = 'example_physical_ballot_def_1.json',
): Record<string, unknown> {
  const def = JSON.parse(readFileSync(join(STANDARDS, file), 'utf8')) as Record<string, unknown> & {
    Election?: Array<{ StartDate: string; EndDate: string }>;
  };
  if (def.Election) {
    def.Election[0].StartDate = date;
    def.Election[0].EndDate = date;
  }
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

/** A voting residence in Mahoning County, Ohio (the demo office's county). */
export const MAHONING_RESIDENCE: Residence = {
  street: '3818 Belmont Ave',
  city: 'Youngstown',
  state: 'OH',
  zip: '44505',
  county: 'Mahoning',
};

/**
 * The n-th of a family of distinct test voters: `last` names the family (`${last}${n}`), and
 * `licenceBase` keeps their licence numbers apart from other families'.
 */
export function numberedPerson(n: number, last: string, licenceBase: number): Person {
  return {
    first: `Voter${String.fromCharCode(65 + (n % 26))}`,
    last: `${last}${n}`,
    dateOfBirth: `19${60 + (n % 30)}-0${1 + (n % 9)}-1${n % 10}`,
    driversLicense: `OH${String(licenceBase + n)}`,
  };
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
  return electionSettings(date, 'general', true);
}

/** The office settings of an election on `date` (postmarked by election day, 10 days to arrive). */
export function electionSettings(date: string, type: string, federalOffices: boolean) {
  return {
    electionDate: date,
    type,
    federalOffices,
    returnRule: {
      kind: 'postmarked-by-election-day',
      electionDate: date,
      receiveWithinDays: 10,
      utcOffset: '-05:00',
    },
  };
}

export type RollRow = Partial<Record<(typeof ROLL_CSV_HEADER)[number], string>>;

/** The header line of a voter-roll CSV (with its newline), for tests that write the records. */
export const ROLL_HEADER_LINE = `${ROLL_CSV_HEADER.join(',')}\n`;

/** A voter-roll CSV (header + rows; missing columns are empty). */
export function rollCsv(rows: RollRow[]): string {
  const escape = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return (
    ROLL_HEADER_LINE +
    rows.map((r) => `${ROLL_CSV_HEADER.map((c) => escape(r[c] ?? '')).join(',')}\n`).join('')
  );
}

/** The FPCA example for `jurisdictionId`, signed today, changed by `change`. */
export function exampleFpca(
  jurisdictionId: string,
  change: (r: BallotRequestInput) => void = () => undefined,
): BallotRequestInput {
  const voter = validFpcaExample();
  voter.jurisdictionId = jurisdictionId;
  voter.affirmation.signedOn = new Date().toISOString().slice(0, 10) as IsoDate;
  change(voter);
  return voter;
}
