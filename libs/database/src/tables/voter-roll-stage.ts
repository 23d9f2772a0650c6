/**
 * The roll import's staging rows in COPY text form (owner: voter-roll.ts, which streams them).
 * Apart from it so that a worker thread formats rows without loading the database layer.
 */
import type { RollRow } from './voter-roll';

/** COPY text-format field: NULL as \\N; backslash, tab, newline and carriage return escaped. */
function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

declare const stageLine: unique symbol;
/** One roll row in the import's staging COPY text form, without its sequence number (upsertRoll adds it). */
export type RollStageLine = string & { readonly [stageLine]: true };

/** `r` as a line of the import's staging table (a plain string: it passes between threads as it is). */
export function rollStageLine(r: RollRow): RollStageLine {
  return [
    r.rollRecordId,
    copyText(r.stateVoterId),
    r.lastNameKey,
    r.dobKey,
    copyText(r.driversLicenseHash),
    copyText(r.ssn4Hash),
    copyText(r.precinct),
    copyText(r.party),
    copyText(r.status),
    `\\\\x${r.pii.toString('hex')}`,
    copyText(r.recordHash),
  ].join('\t') as RollStageLine;
}
