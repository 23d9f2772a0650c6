/** The voter search's answer, for the OpenAPI document (mirrors VoterSearchService's result). */
import { REQUEST_STATUSES } from '@uocava/domain';

export const foundRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'trackingCode', 'status', 'receivedAt', 'request'],
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    trackingCode: { type: 'string' },
    status: { type: 'string', enum: REQUEST_STATUSES },
    receivedAt: { type: 'string', format: 'date-time' },
    request: {
      description:
        'the FPCA as the voter sent it (the body of POST /api/v1/ballot-requests), opened for the office',
      $ref: '#/paths/~1api~1v1~1ballot-requests/post/requestBody/content/application~1json/schema',
    },
  },
} as const;
