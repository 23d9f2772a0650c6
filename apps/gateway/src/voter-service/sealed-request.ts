import type { BallotRequestInput } from '@uocava/contracts/http';
import { findRequest, type JurisdictionKeys, type SqlExecutor, type StoredRequest } from '@uocava/database';
import { isUuid } from '@uocava/domain';
import { notFound, ProblemException } from '@uocava/platform';

/** The request of the caller's jurisdiction, locked for a voter-service action; 404 for anything else. */
export async function lockRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<StoredRequest> {
  const r = isUuid(requestId.toLowerCase())
    ? await findRequest(tx, jurisdictionId, requestId.toLowerCase(), { lock: true })
    : undefined;
  if (r === undefined) throw notFound(`Ballot request ${requestId}`);
  return r;
}

/**
 * The request's sealed FPCA, opened; a 409 when it does not open under the jurisdiction's key
 * (a key rotated without re-sealing, or a damaged row): nothing is changed then.
 */
export function openRequest(keys: JurisdictionKeys, r: StoredRequest): BallotRequestInput {
  try {
    return keys.openJson<BallotRequestInput>(`request:${r.requestId}`, r.pii);
  } catch {
    throw new ProblemException(
      409,
      'sealed-data-unreadable',
      'The sealed request cannot be opened',
      `The sealed data of request ${r.requestId} does not open with the jurisdiction's key; nothing was changed. Tell the platform's operators.`,
    );
  }
}

/** A 409 for a voter-service rule's refusal. */
export function refused(refusal: { code: string; message: string }): ProblemException {
  return new ProblemException(409, refusal.code, 'Not possible now', refusal.message);
}
