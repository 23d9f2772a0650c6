import type { JurisdictionKeys } from './pii';
import { normaliseIdNumber } from '@uocava/domain/fpca/roll';
import type { RollIdKind, RollRecord } from '@uocava/domain/fpca/matching';
import { normaliseName } from '@uocava/domain/fpca/names';
import type { RollRow } from './tables/voter-roll';

/** The keyed hash of an ID number, the same at roll import and at verification. */
export function rollIdHasher(keys: JurisdictionKeys): (kind: RollIdKind, value: string) => string {
  return (kind, value) => keys.keyedHash(`id:${kind}`, normaliseIdNumber(value));
}

/**
 * A checked roll record as `voter_roll` stores it: the keyed hashes it is looked up by, the record
 * sealed under its roll record id (purpose `roll:<id>`), and the record's hash when imported.
 */
export function sealedRollRow(
  keys: JurisdictionKeys,
  rollRecordId: string,
  record: RollRecord,
  recordHash: string | null = null,
): RollRow {
  return {
    rollRecordId,
    stateVoterId: record.id,
    lastNameKey: keys.keyedHash('last-name', normaliseName(record.lastName)),
    dobKey: keys.keyedHash('dob', record.dateOfBirth),
    driversLicenseHash: record.driversLicenseHash ?? null,
    ssn4Hash: record.ssn4Hash ?? null,
    precinct: record.precinct ?? null,
    party: record.party ?? null,
    status: record.status,
    pii: keys.sealJson(`roll:${rollRecordId}`, record),
    recordHash,
  };
}
