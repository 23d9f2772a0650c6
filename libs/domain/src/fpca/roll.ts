/**
 * Voter-roll CSV rows: header check, one row -> RollRecord with ID numbers turned into keyed
 * hashes at once, and a streaming parser (csv-parse) over a Readable the caller opens.
 */
import { createHmac } from 'node:crypto';
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { parseIsoDate } from '../office/dates';
import { isUsStateCode, ZIP_PATTERN } from './geo';
import { ROLL_STATUSES, type RollIdKind, type RollRecord, type RollStatus } from './matching';
import { normaliseName } from './names';
import { hasForbiddenCharacters, HAS_LETTER } from './text';

export const ROLL_CSV_HEADER = [
  'state_voter_id',
  'first_name',
  'middle_name',
  'last_name',
  'suffix',
  'date_of_birth',
  'drivers_license',
  'ssn4',
  'residence_street',
  'residence_city',
  'residence_state',
  'residence_zip',
  'county',
  'precinct',
  'party',
  'status',
] as const;

export type RollHmac = (kind: RollIdKind, value: string) => string;
export type RollRowResult = { ok: true; record: RollRecord } | { ok: false; line: number; reasons: string[] };

const MAX_FIELD = 200;

/** Normal form of an ID number before hashing: no spaces or hyphens, upper case. */
export function normaliseIdNumber(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/** HMAC-SHA-256 (hex) of `kind:normalised value` with the jurisdiction's secret. */
export function hmacId(secret: Buffer, kind: RollIdKind, value: string): string {
  if (secret.length < 16) throw new RangeError('HMAC secret must be at least 16 bytes');
  return createHmac('sha256', secret)
    .update(`${kind}:${normaliseIdNumber(value)}`, 'utf8')
    .digest('hex');
}

export function validateRollHeader(
  fields: readonly string[],
): { ok: true } | { ok: false; reasons: string[] } {
  const got = fields.map((f, i) => (i === 0 ? f.replace(/^\uFEFF/, '') : f).trim().toLowerCase());
  const reasons: string[] = [];
  const missing = ROLL_CSV_HEADER.filter((h) => !got.includes(h));
  const extra = got.filter((g) => !(ROLL_CSV_HEADER as readonly string[]).includes(g));
  if (missing.length) reasons.push(`missing column(s): ${missing.join(', ')}`);
  if (extra.length) reasons.push(`unknown column(s): ${extra.map((e) => e.slice(0, 40)).join(', ')}`);
  if (!missing.length && !extra.length && got.join(',') !== ROLL_CSV_HEADER.join(',')) {
    reasons.push(`columns must be in this order: ${ROLL_CSV_HEADER.join(',')}`);
  }
  return reasons.length ? { ok: false, reasons } : { ok: true };
}

/**
 * One data row -> RollRecord. Reasons name the column and the problem, never the value (the
 * roll is personal data and these reasons may be logged).
 */
export function parseRollRow(fields: readonly string[], lineNumber: number, hmac: RollHmac): RollRowResult {
  if (fields.length !== ROLL_CSV_HEADER.length) {
    return {
      ok: false,
      line: lineNumber,
      reasons: [`expected ${ROLL_CSV_HEADER.length} columns, found ${fields.length}`],
    };
  }
  const reasons: string[] = [];
  const col: Record<string, string> = {};
  ROLL_CSV_HEADER.forEach((h, i) => {
    const v = fields[i].trim();
    if (v.length > MAX_FIELD) reasons.push(`${h} is longer than ${MAX_FIELD} characters`);
    else if (hasForbiddenCharacters(v)) reasons.push(`${h} contains control or invisible characters`);
    col[h] = v;
  });
  if (reasons.length) return { ok: false, line: lineNumber, reasons };

  if (!/^[A-Za-z0-9-]{1,50}$/.test(col.state_voter_id))
    reasons.push('state_voter_id must be 1-50 letters, digits or hyphens');
  for (const h of ['first_name', 'last_name'] as const) {
    if (col[h] === '' || !HAS_LETTER.test(col[h])) reasons.push(`${h} is required and must contain a letter`);
  }
  const dateOfBirth = parseIsoDate(col.date_of_birth);
  if (dateOfBirth === undefined) reasons.push('date_of_birth is not a real YYYY-MM-DD date');
  const dl = normaliseIdNumber(col.drivers_license);
  if (dl !== '' && !/^[A-Z0-9]{4,20}$/.test(dl))
    reasons.push('drivers_license must be 4-20 letters and digits');
  const ssn4 = normaliseIdNumber(col.ssn4);
  if (ssn4 !== '' && !/^[0-9]{4}$/.test(ssn4)) reasons.push('ssn4 must be exactly 4 digits');
  if (col.residence_street === '') reasons.push('residence_street is required');
  if (col.residence_city === '') reasons.push('residence_city is required');
  if (!isUsStateCode(col.residence_state))
    reasons.push('residence_state is not a US state or territory code');
  if (!ZIP_PATTERN.test(col.residence_zip)) reasons.push('residence_zip must be 5 digits or ZIP+4');
  const status = col.status.toLowerCase();
  if (!(ROLL_STATUSES as readonly string[]).includes(status))
    reasons.push(`status must be one of ${ROLL_STATUSES.join(', ')}`);
  if (reasons.length || dateOfBirth === undefined) return { ok: false, line: lineNumber, reasons };

  const record: RollRecord = {
    id: col.state_voter_id,
    firstName: normaliseName(col.first_name),
    lastName: normaliseName(col.last_name),
    dateOfBirth,
    residence: {
      street: col.residence_street,
      city: col.residence_city,
      state: col.residence_state.toUpperCase(),
      zip: col.residence_zip,
    },
    status: status as RollStatus,
  };
  if (col.middle_name) record.middleName = normaliseName(col.middle_name);
  if (col.suffix) record.suffix = normaliseName(col.suffix);
  if (dl) record.driversLicenseHash = hmac('drivers-license', dl);
  if (ssn4) record.ssn4Hash = hmac('ssn4', ssn4);
  if (col.county) record.county = col.county;
  if (col.precinct) record.precinct = col.precinct;
  if (col.party) record.party = col.party;
  return { ok: true, record };
}

/**
 * The record as RFC 8785 canonical JSON (keys sorted, absent fields left out): equal exactly when
 * the records are. The same text as a generic canonicaliser gives (roll.spec checks it), about a
 * third of its cost, which a million-row import pays once per row.
 */
export function canonicalRollRecordJson(r: RollRecord): string {
  const { city, state, street, zip } = r.residence;
  // every field of RollRecord, in sorted order: the type makes a new field fail to compile here
  const sorted = {
    county: r.county,
    dateOfBirth: r.dateOfBirth,
    driversLicenseHash: r.driversLicenseHash,
    firstName: r.firstName,
    id: r.id,
    lastName: r.lastName,
    middleName: r.middleName,
    party: r.party,
    precinct: r.precinct,
    residence: { city, state, street, zip },
    ssn4Hash: r.ssn4Hash,
    status: r.status,
    suffix: r.suffix,
  } satisfies { [K in keyof Required<RollRecord>]: RollRecord[K] };
  return JSON.stringify(sorted);
}

export interface RollCsvOptions {
  /** Largest accepted record in bytes (defends against a runaway quoted field). Default 64 KiB. */
  maxRecordSize?: number;
}

/** A data row of a roll CSV as its fields, with the line where it starts; or why reading stopped. */
export type RollCsvRecord =
  { ok: true; line: number; fields: string[] } | { ok: false; line: number; reasons: string[] };

/**
 * Reads a voter-roll CSV stream into its data rows' fields, unchecked (parseRollRow checks each).
 * A bad header yields one failure for line 1 and stops; malformed CSV (e.g. an unclosed quote)
 * yields a failure for that line and stops.
 */
export async function* rollCsvRecords(
  input: Readable,
  options: RollCsvOptions = {},
): AsyncGenerator<RollCsvRecord> {
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
    max_record_size: options.maxRecordSize ?? 65536,
  });
  input.on('error', (err) => parser.destroy(err));
  input.pipe(parser);
  let first = true;
  let lastLine = 1;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = item.info.lines;
      lastLine = line;
      if (first) {
        first = false;
        const h = validateRollHeader(item.record);
        if (!h.ok) {
          yield { ok: false, line, reasons: h.reasons };
          return;
        }
        continue;
      }
      yield { ok: true, line, fields: item.record };
    }
  } catch (err) {
    const e = err as { lines?: number; code?: string };
    yield {
      ok: false,
      line: typeof e.lines === 'number' ? e.lines : lastLine + 1,
      reasons: [`malformed CSV${e.code ? ` (${e.code})` : ''}`],
    };
  } finally {
    input.unpipe(parser);
    parser.destroy();
  }
}
