import { inputValidator } from '@uocava/contracts/http';
import { REISSUE_REASONS } from '@uocava/domain';

/** `POST /api/v1/office/ballots/{ballotId}/reissue`. */
export const reissueBallotSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: { type: 'string', enum: REISSUE_REASONS, description: `one of ${REISSUE_REASONS.join(', ')}` },
  },
} as const;

export const parseReissueBallot = inputValidator(reissueBallotSchema);

export const reissuedAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ballotId', 'requestId', 'status', 'reason', 'voidedAt'],
  properties: {
    ballotId: { type: 'string', format: 'uuid', description: 'the ballot now void' },
    requestId: { type: 'string', format: 'uuid' },
    status: { type: 'string', const: 'void' },
    reason: { type: 'string', enum: REISSUE_REASONS },
    voidedAt: { type: 'string', format: 'date-time' },
  },
} as const;
