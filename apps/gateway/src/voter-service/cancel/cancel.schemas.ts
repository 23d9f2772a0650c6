import { inputValidator } from '@uocava/contracts/http';
import { CANCEL_REASONS } from '@uocava/domain';

/** `POST /api/v1/office/ballot-requests/{requestId}/cancel`. */
export const cancelRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: { type: 'string', enum: CANCEL_REASONS, description: `one of ${CANCEL_REASONS.join(', ')}` },
  },
} as const;

export const parseCancelRequest = inputValidator(cancelRequestSchema);

export const cancelledAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'status', 'reason', 'cancelledAt', 'voidedBallots'],
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    status: { type: 'string', const: 'cancelled' },
    reason: { type: 'string', enum: CANCEL_REASONS },
    cancelledAt: { type: 'string', format: 'date-time' },
    voidedBallots: {
      description: 'the ballots of the request that were still out and are now void',
      type: 'array',
      items: { type: 'string', format: 'uuid' },
    },
  },
} as const;
