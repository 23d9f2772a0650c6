import type { JurisdictionKeys } from './pii';
import { normaliseIdNumber } from '@uocava/domain/fpca/roll';
import type { RollIdKind } from '@uocava/domain/fpca/matching';

/** The keyed hash of an ID number, the same at roll import and at verification. */
export function rollIdHasher(keys: JurisdictionKeys): (kind: RollIdKind, value: string) => string {
  return (kind, value) => keys.keyedHash(`id:${kind}`, normaliseIdNumber(value));
}
