/**
 * The JSON answers of the report routes, for the OpenAPI document (what ReportsService returns;
 * test/openapi.e2e-spec.ts checks real ones).
 */
import {
  BALLOT_DELIVERY_METHODS,
  BALLOT_REJECTION_TYPES,
  BALLOT_STATUSES,
  NIST_DEVICE_TYPES,
  NIST_EVENT_DISPOSITIONS,
  NIST_HASH_TYPES,
  REQUEST_STATUSES,
  VOTER_CLASSES,
} from '@uocava/domain';

const count = { type: 'integer', minimum: 0 } as const;
/** `{ <key>: count }` with only the keys that occur. */
const countsBy = (keys: readonly string[]) =>
  ({
    type: 'object',
    propertyNames: { enum: keys },
    additionalProperties: count,
  }) as const;

/** `GET /api/v1/office/elections/{id}/dashboard` (libs/domain `ElectionDashboard` + FWAB counts). */
export const dashboardSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'electionId',
    'requests',
    'byRequestStatus',
    'byVoterClass',
    'byDeliveryMethod',
    'byMailingCountry',
    'ballots',
    'fwabs',
  ],
  properties: {
    electionId: { type: 'string', format: 'uuid' },
    requests: count,
    byRequestStatus: countsBy(REQUEST_STATUSES),
    byVoterClass: countsBy(VOTER_CLASSES),
    byDeliveryMethod: countsBy([...BALLOT_DELIVERY_METHODS, 'unknown']),
    byMailingCountry: {
      type: 'object',
      description: 'per ISO 3166 country code (or `unknown`)',
      additionalProperties: count,
    },
    ballots: {
      type: 'object',
      additionalProperties: false,
      required: [
        'byStatus',
        'returned',
        'returnedOnTime',
        'returnedLate',
        'accepted',
        'rejected',
        'rejectedByReason',
      ],
      properties: {
        byStatus: countsBy(BALLOT_STATUSES),
        returned: count,
        returnedOnTime: count,
        returnedLate: count,
        accepted: count,
        rejected: count,
        rejectedByReason: {
          ...countsBy(BALLOT_REJECTION_TYPES),
          description: 'a ballot rejected for two reasons counts under each',
        },
      },
    },
    fwabs: { ...countsBy(['counted', 'superseded', 'rejected']), description: 'FWABs per disposition' },
  },
} as const;

const nistEvent = {
  type: 'object',
  additionalProperties: false,
  required: ['@type', 'Disposition', 'Id', 'Sequence', 'TimeStamp', 'Type'],
  properties: {
    '@type': { const: 'EventLogging.Event' },
    Description: { type: 'string' },
    Details: { type: 'string' },
    Disposition: { type: 'string', enum: NIST_EVENT_DISPOSITIONS },
    Hash: { type: 'string' },
    Id: { type: 'string' },
    OtherDisposition: { type: 'string' },
    Sequence: { type: 'string' },
    Severity: { type: 'string' },
    TimeStamp: { type: 'string', format: 'date-time' },
    Type: { type: 'string' },
    UserId: { type: 'string' },
  },
} as const;

/** `GET .../reports/event-log.json`: a NIST SP 1500-101 `EventLogging.ElectionEventLog`. */
export const electionEventLogSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['@type', 'GeneratedTime'],
  properties: {
    '@type': { const: 'EventLogging.ElectionEventLog' },
    Details: { type: 'string' },
    ElectionId: { type: 'string' },
    GeneratedTime: { type: 'string', format: 'date-time' },
    Device: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['@type', 'Id'],
        properties: {
          '@type': { const: 'EventLogging.Device' },
          Details: { type: 'string' },
          Event: { type: 'array', items: nistEvent },
          HashType: { type: 'string', enum: NIST_HASH_TYPES },
          Id: { type: 'string' },
          Manufacturer: { type: 'string' },
          Model: { type: 'string' },
          OtherHashType: { type: 'string' },
          OtherType: { type: 'string' },
          Type: { type: 'string', enum: NIST_DEVICE_TYPES },
          Version: { type: 'string' },
        },
      },
    },
  },
} as const;
