/**
 * Pure rules of the office review queue: the decision bodies and the roll record an approved
 * FPCA becomes when the office registers the voter from it. No I/O.
 */
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  normaliseName,
  REASON_CODES,
  type KeyedHash,
  type ReasonCode,
  type RollRecord,
} from '@uocava/domain';
import type { ProblemField } from '@uocava/platform';

export type ApproveDecision =
  | { kind: 'link'; rollRecordId: string }
  | { kind: 'register'; stateVoterId: string; precinct?: string; party?: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ProblemField[] };

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATE_VOTER_ID = /^[A-Za-z0-9-]{1,50}$/;
const SHORT_TEXT = /^[\p{L}\p{N} ._/-]{1,60}$/u;

const problem = (field: string, code: string, message: string): ProblemField => ({
  field,
  pointer: field === '(body)' ? '' : `/${field.replace(/\./g, '/')}`,
  code,
  message,
});

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], prefix = ''): ProblemField[] {
  return Object.keys(o)
    .filter((k) => !allowed.includes(k))
    .map((k) => problem(`${prefix}${k}`, 'unknown-field', 'This field is not part of the request.'));
}

/** `{ rollRecordId }` (link to an existing roll record) or `{ createRollRecord: {...} }` (register). */
export function parseApproveBody(body: unknown): Parsed<ApproveDecision> {
  if (!isObject(body)) return { ok: false, problems: [problem('(body)', 'type', 'Send a JSON object.')] };
  const problems = unknownKeys(body, ['rollRecordId', 'createRollRecord']);
  const hasLink = body.rollRecordId !== undefined;
  const hasCreate = body.createRollRecord !== undefined;
  if (hasLink === hasCreate) {
    problems.push(problem('(body)', 'one-of', 'Give exactly one of rollRecordId or createRollRecord.'));
    return { ok: false, problems };
  }
  if (hasLink) {
    if (typeof body.rollRecordId !== 'string' || !UUID_PATTERN.test(body.rollRecordId))
      problems.push(problem('rollRecordId', 'format', 'rollRecordId must be a roll record id (UUID).'));
    return problems.length
      ? { ok: false, problems }
      : { ok: true, value: { kind: 'link', rollRecordId: (body.rollRecordId as string).toLowerCase() } };
  }
  const c = body.createRollRecord;
  if (!isObject(c)) {
    problems.push(problem('createRollRecord', 'type', 'createRollRecord must be an object.'));
    return { ok: false, problems };
  }
  problems.push(...unknownKeys(c, ['stateVoterId', 'precinct', 'party'], 'createRollRecord.'));
  if (typeof c.stateVoterId !== 'string' || !STATE_VOTER_ID.test(c.stateVoterId))
    problems.push(
      problem(
        'createRollRecord.stateVoterId',
        'format',
        'stateVoterId must be 1-50 letters, digits or hyphens.',
      ),
    );
  for (const k of ['precinct', 'party'] as const) {
    const v = c[k];
    if (v !== undefined && (typeof v !== 'string' || !SHORT_TEXT.test(v)))
      problems.push(
        problem(`createRollRecord.${k}`, 'format', `${k} must be 1-60 letters, digits or . _ / -`),
      );
  }
  if (problems.length) return { ok: false, problems };
  const value: ApproveDecision = { kind: 'register', stateVoterId: c.stateVoterId as string };
  if (typeof c.precinct === 'string') value.precinct = c.precinct;
  if (typeof c.party === 'string') value.party = c.party;
  return { ok: true, value };
}

/** `{ reasons: ReasonCode[] }`: 1-20 known codes, no repeats. */
export function parseRejectBody(body: unknown): Parsed<ReasonCode[]> {
  if (!isObject(body)) return { ok: false, problems: [problem('(body)', 'type', 'Send a JSON object.')] };
  const problems = unknownKeys(body, ['reasons']);
  const reasons = body.reasons;
  if (!Array.isArray(reasons) || reasons.length === 0 || reasons.length > 20) {
    problems.push(problem('reasons', 'required', 'Give 1 to 20 reason codes.'));
    return { ok: false, problems };
  }
  reasons.forEach((r, i) => {
    if (typeof r !== 'string' || !(REASON_CODES as readonly string[]).includes(r))
      problems.push(problem(`reasons.${i}`, 'unknown-reason', 'Not a known reason code.'));
  });
  if (new Set(reasons).size !== reasons.length)
    problems.push(problem('reasons', 'duplicate', 'Each reason code once.'));
  return problems.length ? { ok: false, problems } : { ok: true, value: reasons as ReasonCode[] };
}

/**
 * The roll record of a voter the office registers from the FPCA (the FPCA is also a voter
 * registration application): names normalised as the roll import does, the ID number only as its
 * keyed hash, status active.
 */
export function rollRecordFromRequest(
  request: BallotRequestInput,
  decision: { stateVoterId: string; precinct?: string; party?: string },
  keyedHash: KeyedHash,
): RollRecord {
  const r = request.votingResidence;
  const record: RollRecord = {
    id: decision.stateVoterId,
    firstName: normaliseName(request.name.first),
    lastName: normaliseName(request.name.last),
    dateOfBirth: request.dateOfBirth,
    residence: {
      street: r.unit ? `${r.street} ${r.unit}` : r.street,
      city: r.city,
      state: r.state.toUpperCase(),
      zip: r.zip,
    },
    status: 'active',
  };
  if (request.name.middle) record.middleName = normaliseName(request.name.middle);
  if (request.name.suffix) record.suffix = normaliseName(request.name.suffix);
  const id = request.identification;
  if (id.type === 'ssn4') record.ssn4Hash = keyedHash('ssn4', id.value);
  else if (id.type !== 'none') record.driversLicenseHash = keyedHash('drivers-license', id.value);
  if (r.county) record.county = r.county;
  if (decision.precinct) record.precinct = decision.precinct;
  const party = decision.party ?? request.party;
  if (party) record.party = party;
  return record;
}
