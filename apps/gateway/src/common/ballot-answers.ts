/**
 * The JSON Schemas of the office's ballot answers (what accept, reject, cure, transmitted, return
 * and the cure sweep answer), for the OpenAPI document. Each mirrors the object its service
 * returns.
 */
import {
  BALLOT_DELIVERY_METHODS,
  BALLOT_REJECTION_TYPES,
  BALLOT_STATUSES,
  CURABLE_REASONS,
  RETURN_LATE_REASONS,
} from '@uocava/domain';

const ballotId = { type: 'string', format: 'uuid' } as const;
const instant = { type: 'string', format: 'date-time' } as const;

const ballotAnswer = <S extends string, P extends Record<string, object>>(
  status: S,
  properties: P,
  required: string[] = [],
) =>
  ({
    type: 'object',
    additionalProperties: false,
    required: ['ballotId', 'status', ...required],
    properties: { ballotId, status: { const: status }, ...properties },
  }) as const;

export const acceptedAnswerSchema = ballotAnswer('accepted', {});
export const rejectedAnswerSchema = ballotAnswer(
  'rejected',
  { reasons: { type: 'array', minItems: 1, items: { type: 'string', enum: BALLOT_REJECTION_TYPES } } },
  ['reasons'],
);
export const cureRequestedAnswerSchema = ballotAnswer(
  'cure-requested',
  { reasons: { type: 'array', items: { type: 'string', enum: CURABLE_REASONS } }, cureDeadline: instant },
  ['reasons', 'cureDeadline'],
);
export const curedAnswerSchema = ballotAnswer('cured', {});
export const transmittedAnswerSchema = ballotAnswer(
  'transmitted',
  { transmittedAt: instant, method: { type: 'string', enum: BALLOT_DELIVERY_METHODS } },
  ['transmittedAt', 'method'],
);

export const returnAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ballotId', 'status', 'timely', 'lateReason', 'receivedAt', 'alreadyRecorded'],
  properties: {
    ballotId,
    status: {
      type: 'string',
      enum: BALLOT_STATUSES,
      description: 'returned, or the status it has since (a repeated scan)',
    },
    timely: { type: ['boolean', 'null'] },
    lateReason: { anyOf: [{ type: 'string', enum: RETURN_LATE_REASONS }, { type: 'null' }] },
    receivedAt: instant,
    alreadyRecorded: {
      type: 'boolean',
      description: 'true when this envelope was scanned before (same answer, no new event)',
    },
  },
} as const;

export const sweepAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['rejected'],
  properties: {
    rejected: { type: 'array', items: ballotId, description: 'the ballots rejected by this sweep' },
  },
} as const;
