/** Answer of `GET /api/v1/tracking/{trackingCode}` (the TrackingView of tracking.service.ts). */
import { BALLOT_STATUSES, REQUEST_STATUSES } from '@uocava/domain';

export const trackingViewSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'trackingCode',
    'requestId',
    'jurisdictionId',
    'status',
    'reasons',
    'receivedAt',
    'ballots',
    'steps',
  ],
  properties: {
    trackingCode: { type: 'string' },
    requestId: { type: 'string', format: 'uuid' },
    jurisdictionId: { type: 'string' },
    status: { type: 'string', enum: REQUEST_STATUSES },
    reasons: {
      type: 'array',
      items: { type: 'string' },
      description: 'reason codes of a review or rejection',
    },
    receivedAt: { type: 'string', format: 'date-time' },
    ballots: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ballotId', 'electionId', 'status'],
        properties: {
          ballotId: { type: 'string', format: 'uuid' },
          electionId: { type: 'string' },
          status: { type: 'string', enum: BALLOT_STATUSES },
        },
      },
    },
    steps: {
      type: 'array',
      description: 'every step of the request and its ballots, in log order',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['eventId', 'type', 'ballotId', 'at', 'leafIndex', 'receipt'],
        properties: {
          eventId: { type: 'string' },
          type: { type: 'string', description: 'the CloudEvents type, e.g. uocava.request.verified.v1' },
          ballotId: { type: ['string', 'null'] },
          at: { type: 'string', format: 'date-time' },
          leafIndex: {
            type: ['integer', 'null'],
            description: 'the entry on the transparency log, once logged',
          },
          receipt: { description: 'the signed receipt (docs/transparency.md), null until it is issued' },
        },
      },
    },
  },
} as const;
