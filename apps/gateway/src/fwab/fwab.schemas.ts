import { inputValidator, UUID_PATTERN_TEXT } from '@uocava/contracts/http';
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
