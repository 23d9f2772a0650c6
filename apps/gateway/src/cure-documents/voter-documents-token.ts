/**
 * The voter's documents of a request (cure affidavit, cure upload, FWAB packet) are reached from
 * the tracking page, after the tracking code and the date of birth matched, through a token
 * derived from the request id with the jurisdiction's key: unguessable, never stored, and the
 * same on every visit. Links carry the tracking code and this token, never the date of birth.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { JurisdictionKeys, JurisdictionRecord } from '@uocava/database';
import type { ElectionOffice } from '@uocava/ballot-pdf';

export function voterDocumentsToken(keys: JurisdictionKeys, requestId: string): string {
  return keys.keyedHash('voter-documents', requestId).slice(0, 43);
}

const TOKEN = /^[0-9a-f]{43}$/;

/** Constant-time check of an offered token. */
export function voterDocumentsTokenMatches(
  keys: JurisdictionKeys,
  requestId: string,
  offered: unknown,
): boolean {
  if (typeof offered !== 'string' || !TOKEN.test(offered)) return false;
  const a = createHash('sha256').update(offered).digest();
  const b = createHash('sha256').update(voterDocumentsToken(keys, requestId)).digest();
  return timingSafeEqual(a, b);
}

/** The office block printed on the forms, from the jurisdiction's settings (as on packets). */
export function officeBlock(j: JurisdictionRecord | undefined, jurisdictionId: string): ElectionOffice {
  const office = ((j?.settings ?? {}) as { office?: Partial<ElectionOffice> }).office ?? {};
  const name = j?.name ?? jurisdictionId;
  return {
    name: office.name ?? `${name} Election Office`,
    mailingAddress: office.mailingAddress ?? [name],
    fax: office.fax,
    email: office.email,
    phone: office.phone,
  };
}
