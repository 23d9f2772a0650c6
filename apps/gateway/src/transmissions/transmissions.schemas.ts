import { DATE_TIME_PATTERN, inputValidator } from '@uocava/contracts/http';
import { BALLOT_DELIVERY_METHODS, PAPER_SIZES } from '@uocava/domain';

/** `POST /api/v1/office/ballots/{ballotId}/transmitted`: the office sent a mail or fax ballot. */
export const transmittedSchema = {
  type: 'object',
  required: ['transmittedAt', 'method'],
  properties: {
    transmittedAt: {
      type: 'string',
      pattern: DATE_TIME_PATTERN,
      format: 'instant',
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

/** An item of `GET /api/v1/office/work-queue` (MailFaxItem of libs/database). */
export const workQueueItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'ballotId',
    'requestId',
    'electionId',
    'deliveryMethod',
    'mailingCountry',
    'paperSize',
    'pageCount',
    'generatedAt',
  ],
  properties: {
    ballotId: { type: 'string', format: 'uuid' },
    requestId: { type: 'string', format: 'uuid' },
    electionId: { type: 'string', format: 'uuid' },
    deliveryMethod: { type: 'string', enum: ['mail', 'fax'] },
    mailingCountry: { type: 'string' },
    paperSize: { type: 'string', enum: PAPER_SIZES },
    pageCount: { type: 'integer', minimum: 1 },
    generatedAt: { type: 'string', format: 'date-time' },
  },
} as const;
