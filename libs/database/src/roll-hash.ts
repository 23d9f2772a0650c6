import type { JurisdictionKeys } from './pii';
import { normaliseIdNumber, type RollIdKind } from '@uocava/domain';

/** The keyed hash of an ID number, the same at roll import and at verification. */
export function rollIdHasher(keys: JurisdictionKeys): (kind: RollIdKind, value: string) => string {
  return (kind, value) => keys.keyedHash(`id:${kind}`, normaliseIdNumber(value));
}
