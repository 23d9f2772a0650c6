import { DATE_TIME_PATTERN, inputValidator } from '@uocava/contracts/http';
import { PRINT_BATCH_CANCEL_REASONS } from '@uocava/domain';

const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/** `POST /api/v1/office/print-batches`: which mail ballots the batch takes. */
export const createPrintBatchSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['electionId'],
  properties: {
    electionId: { type: 'string', format: 'uuid', description: 'the election' },
    readyFrom: {
      type: 'string',
      pattern: ISO_DATE,
      description: 'only ballots ready (packet issued) on or after this UTC date, YYYY-MM-DD',
    },
    readyTo: {
      type: 'string',
      pattern: ISO_DATE,
      description: 'only ballots ready on or before this UTC date',
    },
    country: {
      type: 'string',
      pattern: '^[A-Z]{2}$',
      description: 'only ballots mailed to this country (ISO 3166-1 alpha-2)',
    },
  },
} as const;
export const parseCreatePrintBatch = inputValidator(createPrintBatchSchema);

/** `POST /api/v1/office/print-batches/{batchId}/sent`: the batch went to the post office. */
export const batchSentSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['sentAt'],
  properties: {
    sentAt: {
      type: 'string',
      pattern: DATE_TIME_PATTERN,
      format: 'instant',
      description: 'an ISO 8601 date-time with offset',
    },
  },
} as const;
export const parseBatchSent = inputValidator(batchSentSchema);

/** A print batch as the office API answers it. */
export const printBatchSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'batchId',
    'electionId',
    'filter',
    'mailerId',
    'pieceCount',
    'createdAt',
    'createdBy',
    'pdfSha256',
    'sentAt',
    'cancelledAt',
    'cancelReason',
  ],
  properties: {
    batchId: { type: 'string', format: 'uuid' },
    electionId: { type: 'string', format: 'uuid' },
    filter: {
      type: 'object',
      additionalProperties: false,
      properties: {
        electionId: { type: 'string' },
        readyFrom: { type: 'string' },
        readyTo: { type: 'string' },
        country: { type: 'string' },
      },
    },
    mailerId: { type: 'string' },
    pieceCount: { type: 'integer', minimum: 0 },
    createdAt: { type: 'string', format: 'date-time' },
    createdBy: { type: 'string', description: 'the id of the office key that made it' },
    pdfSha256: { type: ['string', 'null'], description: 'hex SHA-256 of the first PDF downloaded' },
    sentAt: { type: ['string', 'null'], format: 'date-time' },
    cancelledAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'set when the batch was cancelled',
    },
    cancelReason: { type: ['string', 'null'], enum: [...PRINT_BATCH_CANCEL_REASONS, null] },
  },
} as const;

/** `POST /api/v1/office/print-batches/{batchId}/cancel`: why the batch is not mailed. */
export const cancelBatchSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['reason'],
  properties: {
    reason: {
      type: 'string',
      enum: PRINT_BATCH_CANCEL_REASONS,
      description: `one of ${PRINT_BATCH_CANCEL_REASONS.join(', ')}`,
    },
  },
} as const;

export const parseCancelBatch = inputValidator(cancelBatchSchema);

/** The answer to cancelling a batch. */
export const batchCancelledAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['batchId', 'cancelledAt', 'cancelReason', 'pieceCount', 'alreadyCancelled'],
  properties: {
    batchId: { type: 'string', format: 'uuid' },
    cancelledAt: { type: 'string', format: 'date-time' },
    cancelReason: { type: 'string', enum: PRINT_BATCH_CANCEL_REASONS },
    pieceCount: {
      type: 'integer',
      minimum: 0,
      description: 'the pieces released: their ballots can go into a new batch',
    },
    alreadyCancelled: { type: 'boolean', description: 'the batch was cancelled before this call' },
  },
} as const;

/** The answer to creating a batch: the batch and its pieces in mailing order. */
export const createdPrintBatchSchema = {
  ...printBatchSchema,
  required: [...printBatchSchema.required, 'pieces'],
  properties: {
    ...printBatchSchema.properties,
    pieces: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ballotId', 'position', 'imb'],
        properties: {
          ballotId: { type: 'string', format: 'uuid' },
          position: { type: 'integer', minimum: 1 },
          imb: { type: 'string', pattern: '^[0-9]{20}([0-9]{5}|[0-9]{9}|[0-9]{11})?$' },
        },
      },
    },
  },
} as const;

/** The answer to marking a batch sent. */
export const batchSentAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['batchId', 'sentAt', 'pieceCount', 'transmitted', 'alreadyTransmitted', 'alreadySent'],
  properties: {
    batchId: { type: 'string', format: 'uuid' },
    sentAt: { type: 'string', format: 'date-time' },
    pieceCount: { type: 'integer', minimum: 0 },
    transmitted: {
      type: 'integer',
      minimum: 0,
      description: 'ballots this call recorded as transmitted (one ballot.transmitted event each)',
    },
    alreadyTransmitted: {
      type: 'integer',
      minimum: 0,
      description: 'ballots of the batch that were already marked sent one by one (no second event)',
    },
    alreadySent: { type: 'boolean', description: 'the batch had been marked sent before: nothing changed' },
  },
} as const;
