import type { IsoDate } from '../ids';
import type { BallotRequestInput } from '@uocava/contracts/http/ballot-request';
import { checkEligibility, type EligibilityContext, type EligibilityViolation } from './eligibility';
import { normaliseName } from './names';
import type { ReasonCode } from './reasons';

export const ROLL_STATUSES = ['active', 'inactive', 'pending', 'cancelled'] as const;
export type RollStatus = (typeof ROLL_STATUSES)[number];

/**
 * Kinds of ID number kept (as keyed hashes) on the roll. A state ID card number is issued by
 * the same motor-vehicle office and kept in the same `drivers_license` column, so a request's
 * `state-id` is compared with the `drivers-license` hash.
 */
export type RollIdKind = 'drivers-license' | 'ssn4';

/** One voter of the roll, as matching needs it. No ID number in plain text, ever. */
export interface RollRecord {
  /** The state voter id. */
  id: string;
  /** Normalised (normaliseName) names. */
  firstName: string;
  middleName?: string;
  lastName: string;
  suffix?: string;
  dateOfBirth: IsoDate;
  driversLicenseHash?: string;
  ssn4Hash?: string;
  residence: { street: string; city: string; state: string; zip: string };
  county?: string;
  precinct?: string;
  party?: string;
  status: RollStatus;
}

export type KeyedHash = (kind: RollIdKind, value: string) => string;

export type MatchOutcome =
  | { outcome: 'verified'; rollRecordId: string }
  | { outcome: 'needs-review'; reason: ReasonCode; candidateIds: string[] };

function requestNames(request: BallotRequestInput): Array<{ first: string; last: string }> {
  return [request.name, ...(request.previousName ? [request.previousName] : [])].map((n) => ({
    first: normaliseName(n.first),
    last: normaliseName(n.last),
  }));
}

/**
 * The normalised last names findCandidates compares (the name's, and the previous name's): a roll
 * look-up by date of birth and these last names finds every record findCandidates can keep, so
 * the verification worker opens only those instead of every voter born that day.
 */
export function candidateLastNames(request: BallotRequestInput): string[] {
  return [...new Set(requestNames(request).map((n) => n.last))];
}

/** Roll records whose normalised last and first name (or the previous name's) and date of birth match. */
export function findCandidates(request: BallotRequestInput, candidates: readonly RollRecord[]): RollRecord[] {
  const names = requestNames(request);
  return candidates.filter(
    (c) =>
      c.dateOfBirth === request.dateOfBirth &&
      names.some((n) => n.last === normaliseName(c.lastName) && n.first === normaliseName(c.firstName)),
  );
}

/**
 * Matches a request against roll records (typically those with the same date of birth).
 * Verified only for a unique name + date-of-birth match whose ID hash equals the request's;
 * every other case goes to a person with the reason.
 */
export function matchVoter(
  request: BallotRequestInput,
  candidates: readonly RollRecord[],
  keyedHash: KeyedHash,
): MatchOutcome {
  const found = findCandidates(request, candidates);
  if (found.length === 0) return { outcome: 'needs-review', reason: 'not-on-roll', candidateIds: [] };
  if (found.length > 1)
    return {
      outcome: 'needs-review',
      reason: 'roll-multiple-candidates',
      candidateIds: found.map((c) => c.id),
    };
  const record = found[0];
  const candidateIds = [record.id];
  const id = request.identification;
  if (id.type === 'none') return { outcome: 'needs-review', reason: 'missing-identification', candidateIds };
  const kind: RollIdKind = id.type === 'ssn4' ? 'ssn4' : 'drivers-license';
  const onFile = kind === 'ssn4' ? record.ssn4Hash : record.driversLicenseHash;
  if (onFile === undefined || onFile === '')
    return { outcome: 'needs-review', reason: 'roll-no-id-to-compare', candidateIds };
  if (!constantTimeEqual(keyedHash(kind, id.value), onFile))
    return { outcome: 'needs-review', reason: 'roll-id-mismatch', candidateIds };
  if (record.status === 'cancelled' || record.status === 'pending') {
    return { outcome: 'needs-review', reason: 'roll-record-not-active', candidateIds };
  }
  return { outcome: 'verified', rollRecordId: record.id };
}

function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

export type VerificationDecision =
  | { outcome: 'verified'; rollRecordId: string; reasons: [] }
  | { outcome: 'needs-review'; reasons: ReasonCode[]; candidateIds: string[] }
  | { outcome: 'rejected'; reasons: ReasonCode[] };

/**
 * The verification service's decision: eligibility first (any `reject` violation rejects the
 * request), then roll matching; `review` violations turn a verified match into needs-review.
 */
export function verifyRequest(
  request: BallotRequestInput,
  candidates: readonly RollRecord[],
  keyedHash: KeyedHash,
  ctx: EligibilityContext,
): VerificationDecision {
  const violations: EligibilityViolation[] = checkEligibility(request, ctx);
  const rejecting = unique(violations.filter((v) => v.severity === 'reject').map((v) => v.code));
  if (rejecting.length > 0) return { outcome: 'rejected', reasons: rejecting };
  const review = violations.map((v) => v.code);
  const match = matchVoter(request, candidates, keyedHash);
  if (match.outcome === 'verified') {
    if (review.length === 0) return { outcome: 'verified', rollRecordId: match.rollRecordId, reasons: [] };
    return { outcome: 'needs-review', reasons: unique(review), candidateIds: [match.rollRecordId] };
  }
  return {
    outcome: 'needs-review',
    reasons: unique([match.reason, ...review]),
    candidateIds: match.candidateIds,
  };
}

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}
