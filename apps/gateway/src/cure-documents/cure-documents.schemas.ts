import { inputValidator } from '@uocava/contracts/http';
import { CURE_RETURN_METHODS, CURE_UPLOAD_TYPES, OFFICE_CURE_RETURN_METHODS } from '@uocava/domain';
import { instantProperty } from '../common/schemas';

/** `201` of the voter's upload. */
export const cureUploadAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['responseId', 'ballotId', 'method', 'receivedAt', 'contentType', 'byteSize', 'sha256'],
  properties: {
    responseId: { type: 'string', format: 'uuid' },
    ballotId: { type: 'string', format: 'uuid' },
    method: { const: 'upload' },
    receivedAt: { type: 'string', format: 'date-time' },
    contentType: { type: 'string', enum: CURE_UPLOAD_TYPES },
    byteSize: { type: 'integer', minimum: 1 },
    sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
} as const;

/** A cure response as the office sees it (CureResponseView of libs/database). */
export const cureResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'responseId',
    'ballotId',
    'method',
    'receivedAt',
    'contentType',
    'byteSize',
    'sha256',
    'recordedBy',
  ],
  properties: {
    responseId: { type: 'string', format: 'uuid' },
    ballotId: { type: 'string', format: 'uuid' },
    method: { type: 'string', enum: CURE_RETURN_METHODS },
    receivedAt: { type: 'string', format: 'date-time' },
    contentType: { anyOf: [{ type: 'string', enum: CURE_UPLOAD_TYPES }, { type: 'null' }] },
    byteSize: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    sha256: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    recordedBy: {
      anyOf: [{ type: 'string' }, { type: 'null' }],
      description: 'the office key that recorded a response by mail, fax or e-mail',
    },
  },
} as const;

/** `POST /api/v1/office/ballots/{ballotId}/cure-responses`: an affidavit received by mail, fax or e-mail. */
export const recordCureResponseSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['method', 'receivedAt'],
  properties: {
    method: {
      type: 'string',
      enum: OFFICE_CURE_RETURN_METHODS,
      description: `one of ${OFFICE_CURE_RETURN_METHODS.join(', ')}`,
    },
    receivedAt: instantProperty,
  },
} as const;

export const parseRecordCureResponse = inputValidator(recordCureResponseSchema);
