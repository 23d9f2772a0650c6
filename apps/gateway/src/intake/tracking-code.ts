import { randomBytes } from 'node:crypto';
import type { TrackingCode } from '@uocava/domain';

/** Crockford base32 without I, L, O, U: easy to read aloud and type. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random tracking code `TRK-XXXX-XXXX-XXXX` (60 bits of entropy). */
export function newTrackingCode(): TrackingCode {
  const bytes = randomBytes(12);
  let out = '';
  for (let i = 0; i < 12; i++) out += ALPHABET[bytes[i] & 31];
  return `TRK-${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}` as TrackingCode;
}
