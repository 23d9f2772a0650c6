/**
 * The answers of the review routes, for the OpenAPI document (each mirrors what ReviewService
 * returns; test/openapi.e2e-spec.ts checks real ones). The request in a queue item is the FPCA as
 * the voter sent it: the body schema of `POST /api/v1/ballot-requests`, referenced, not copied.
 */
import { REASON_CODES, ROLL_STATUSES } from '@uocava/domain';

const uuid = { type: 'string', format: 'uuid' } as const;
const instant = { type: 'string', format: 'date-time' } as const;
const reasons = {
  type: 'array',
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['code', 'description'],
    properties: { code: { type: 'string', enum: REASON_CODES }, description: { type: 'string' } },
  },
} as const;

/** A voter roll record as the office sees it (libs/domain `RollRecord`; ID numbers only as hashes). */
export const rollRecordSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'firstName', 'lastName', 'dateOfBirth', 'residence', 'status'],
  properties: {
    id: { type: 'string', description: 'the state voter id' },
    firstName: { type: 'string' },
    middleName: { type: 'string' },
    lastName: { type: 'string' },
    suffix: { type: 'string' },
    dateOfBirth: { type: 'string', format: 'date' },
    driversLicenseHash: { type: 'string' },
    ssn4Hash: { type: 'string' },
    residence: {
      type: 'object',
      additionalProperties: false,
      required: ['street', 'city', 'state', 'zip'],
      properties: {
        street: { type: 'string' },
        city: { type: 'string' },
        state: { type: 'string' },
        zip: { type: 'string' },
      },
    },
    county: { type: 'string' },
    precinct: { type: 'string' },
    party: { type: 'string' },
    status: { type: 'string', enum: ROLL_STATUSES },
  },
} as const;

/** An item of `GET /api/v1/office/review-queue` (ReviewItem). */
export const reviewItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'trackingCode', 'receivedAt', 'reasons', 'request', 'candidates'],
  properties: {
    requestId: uuid,
    trackingCode: { type: 'string' },
    receivedAt: instant,
    reasons,
    request: {
      description: 'the FPCA as the voter sent it (decrypted for the office)',
      $ref: '#/paths/~1api~1v1~1ballot-requests/post/requestBody/content/application~1json/schema',
    },
    candidates: {
      type: 'array',
      description: 'roll records with the same date of birth',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rollRecordId', 'record', 'nameMatches'],
        properties: { rollRecordId: uuid, record: rollRecordSchema, nameMatches: { type: 'boolean' } },
      },
    },
  },
} as const;

/** `200` of approve. */
export const approvedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'status', 'rollRecordId', 'decidedAt'],
  properties: { requestId: uuid, status: { const: 'verified' }, rollRecordId: uuid, decidedAt: instant },
} as const;

/** `200` of reject. */
export const rejectedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'status', 'reasons', 'decidedAt'],
  properties: { requestId: uuid, status: { const: 'rejected' }, reasons, decidedAt: instant },
} as const;
