/** Answers of `POST /api/v1/ballot-requests` (checked against real answers by test/openapi.e2e-spec.ts). */
import { REQUEST_STATUSES } from '@uocava/domain';

export const requestAcceptedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'trackingCode', 'status', 'duplicate'],
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    trackingCode: { type: 'string', description: 'the code the voter tracks the request with' },
    status: { type: 'string', enum: REQUEST_STATUSES },
    duplicate: { const: false },
  },
} as const;

export const requestDuplicateSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['duplicate', 'status', 'detail'],
  properties: {
    duplicate: { const: true },
    status: { const: 'duplicate' },
    detail: { type: 'string' },
  },
} as const;
