import { DATE_TIME_PATTERN, inputValidator } from '@uocava/contracts/http';
import { BALLOT_DELIVERY_METHODS } from '@uocava/domain';

/** `POST /api/v1/office/ballots/{ballotId}/transmitted`: the office sent a mail or fax ballot. */
export const transmittedSchema = {
  type: 'object',
  required: ['transmittedAt', 'method'],
  properties: {
    transmittedAt: {
      type: 'string',
      pattern: DATE_TIME_PATTERN,
      description: 'an ISO 8601 date-time with offset',
    },
    method: {
      type: 'string',
      enum: BALLOT_DELIVERY_METHODS,
      description: `one of ${BALLOT_DELIVERY_METHODS.join(', ')}`,
    },
  },
} as const;

export const parseTransmitted = inputValidator(transmittedSchema);
