import { inputValidator, UUID_PATTERN_TEXT } from '@uocava/contracts/http';
import { fwabResolvedV1 } from '@uocava/contracts';
import { FWAB_NOT_COUNTED_REASONS, RETURN_METHODS } from '@uocava/domain';
import { dateProperty, instantProperty, returnMethodProperty } from '../common/schemas';

/** `POST /api/v1/office/fwab`: a Federal Write-In Absentee Ballot the office received. */
export const recordFwabSchema = {
  type: 'object',
  required: ['electionId', 'receivedAt'],
  properties: {
    electionId: { type: 'string', description: 'the election id' },
    requestId: {
      type: 'string',
      pattern: UUID_PATTERN_TEXT,
      description: 'a ballot request id, when the voter has one',
    },
    receivedAt: instantProperty,
    method: returnMethodProperty,
    postmarkDate: dateProperty,
    voterRegistered: { type: 'boolean', description: 'true or false' },
  },
} as const;

export const parseRecordFwab = inputValidator(recordFwabSchema);

// ---- answers (FwabView / FwabListItem of libs/database; checked by test/openapi.e2e-spec.ts)

const fwabResolution = fwabResolvedV1.properties;
const fwabAnswer = {
  fwabId: { type: 'string', format: 'uuid' },
  requestId: { anyOf: [{ type: 'string', format: 'uuid' }, { type: 'null' }] },
  timely: { type: 'boolean' },
  counts: fwabResolution.counts,
  disposition: fwabResolution.disposition,
  reason: { anyOf: [{ type: 'string', enum: FWAB_NOT_COUNTED_REASONS }, { type: 'null' }] },
  registrationApplication: fwabResolution.registrationApplication,
} as const;
const fwabRequired = [
  'fwabId',
  'requestId',
  'timely',
  'counts',
  'disposition',
  'reason',
  'registrationApplication',
];

/** `201` of `POST /api/v1/office/fwab`: the FWAB and which ballot counts. */
export const fwabRecordedSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...fwabRequired, 'electionId', 'resolvedAt'],
  properties: {
    ...fwabAnswer,
    electionId: { type: 'string', format: 'uuid' },
    resolvedAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** An item of `GET /api/v1/office/elections/{id}/fwabs`. */
export const fwabListItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...fwabRequired, 'receivedAt', 'method'],
  properties: {
    ...fwabAnswer,
    receivedAt: { type: 'string', format: 'date-time' },
    method: { anyOf: [{ type: 'string', enum: RETURN_METHODS }, { type: 'null' }] },
  },
} as const;
