import { inputValidator } from '@uocava/contracts/http';
import { BALLOT_REJECTION_TYPES } from '@uocava/domain';

/** `POST /api/v1/office/ballots/{ballotId}/reject`: EAVS Section B BallotRejectionType reasons. */
export const rejectBallotSchema = {
  type: 'object',
  required: ['reasons'],
  properties: {
    reasons: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', enum: BALLOT_REJECTION_TYPES },
      description: `one or more of ${BALLOT_REJECTION_TYPES.join(', ')} (EAVS Section B)`,
    },
  },
} as const;

export const parseRejectBallot = inputValidator(rejectBallotSchema);
