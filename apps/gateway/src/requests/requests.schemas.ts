/** Answer of `GET /api/v1/office/whoami`. */
import { BALLOT_DELIVERY_METHODS, OFFICE_ROLES, REQUEST_STATUSES, VOTER_CLASSES } from '@uocava/domain';

export const whoamiSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['jurisdictionId', 'role', 'keyId'],
  properties: {
    jurisdictionId: { type: 'string' },
    role: { type: 'string', enum: OFFICE_ROLES },
    keyId: { type: 'string', description: 'the id of the calling office key' },
  },
} as const;

/** One item of `GET /api/v1/office/ballot-requests` (the columns of listRequests, no personal data). */
export const requestListItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'request_id',
    'tracking_code',
    'status',
    'voter_class',
    'ballot_delivery',
    'mailing_country',
    'reasons',
    'received_at',
  ],
  properties: {
    request_id: { type: 'string', format: 'uuid' },
    tracking_code: { type: 'string' },
    status: { type: 'string', enum: REQUEST_STATUSES },
    voter_class: { type: 'string', enum: VOTER_CLASSES },
    ballot_delivery: { type: 'string', enum: BALLOT_DELIVERY_METHODS },
    mailing_country: { type: 'string', pattern: '^[A-Z]{2}$' },
    reasons: { type: 'array', items: { type: 'string' } },
    received_at: { type: 'string', format: 'date-time' },
  },
} as const;
