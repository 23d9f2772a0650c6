/**
 * Pure rules of the office review queue: the decision bodies (JSON Schemas) and the roll record an
 * approved FPCA becomes when the office registers the voter from it. No I/O.
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
import { inputValidator, UUID_PATTERN_TEXT } from '@uocava/contracts/http';

export type ApproveDecision =
  | { kind: 'link'; rollRecordId: string }
  | { kind: 'register'; stateVoterId: string; precinct?: string; party?: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ProblemField[] };

/** `POST .../approve`: `{ rollRecordId }` (link to a roll record) or `{ createRollRecord }` (register). */
export const approveSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    rollRecordId: {
      type: 'string',
      pattern: UUID_PATTERN_TEXT,
      description: 'rollRecordId must be a roll record id (UUID).',
    },
    createRollRecord: {
      type: 'object',
      additionalProperties: false,
      required: ['stateVoterId'],
      properties: {
        stateVoterId: {
          type: 'string',
          pattern: '^[A-Za-z0-9-]{1,50}$',
          description: 'stateVoterId must be 1-50 letters, digits or hyphens.',
        },
        precinct: {
          type: 'string',
          pattern: '^[\\p{L}\\p{N} ._/-]{1,60}$',
          description: 'precinct must be 1-60 letters, digits or . _ / -',
        },
        party: {
          type: 'string',
          pattern: '^[\\p{L}\\p{N} ._/-]{1,60}$',
          description: 'party must be 1-60 letters, digits or . _ / -',
        },
      },
    },
  },
} as const;

/** `POST .../reject`: 1-20 known reason codes, each once. */
export const rejectRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reasons'],
  properties: {
    reasons: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', enum: REASON_CODES, description: 'Not a known reason code.' },
      description: 'Give 1 to 20 reason codes, each once.',
    },
  },
} as const;

const validateApprove = inputValidator(approveSchema);
const validateReject = inputValidator(rejectRequestSchema);

/** `{ rollRecordId }` (link to an existing roll record) or `{ createRollRecord: {...} }` (register). */
export function parseApproveBody(body: unknown): Parsed<ApproveDecision> {
  const checked = validateApprove(body);
  if (!checked.ok) return checked;
  const { rollRecordId, createRollRecord: c } = checked.value;
  if ((rollRecordId === undefined) === (c === undefined))
    return {
      ok: false,
      problems: [
        {
          field: '(body)',
          pointer: '',
          code: 'one-of',
          message: 'Give exactly one of rollRecordId or createRollRecord.',
        },
      ],
    };
  if (rollRecordId !== undefined)
    return { ok: true, value: { kind: 'link', rollRecordId: rollRecordId.toLowerCase() } };
  const value: ApproveDecision = { kind: 'register', stateVoterId: c!.stateVoterId };
  if (c!.precinct !== undefined) value.precinct = c!.precinct;
  if (c!.party !== undefined) value.party = c!.party;
  return { ok: true, value };
}

/** `{ reasons: ReasonCode[] }`: 1-20 known codes, no repeats. */
export function parseRejectBody(body: unknown): Parsed<ReasonCode[]> {
  const checked = validateReject(body);
  return checked.ok ? { ok: true, value: [...checked.value.reasons] } : checked;
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
