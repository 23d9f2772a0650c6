import { inputValidator, UUID_PATTERN_TEXT } from '@uocava/contracts/http';

/**
 * `POST /api/v1/office/elections`: a NIST SP 1500-20 ballot definition and the office's settings.
 * The definition itself is checked by `parseElectionDefinition` (libs/domain), which names the
 * JSON path of each problem.
 */
export const defineElectionSchema = {
  type: 'object',
  required: ['definition', 'settings'],
  properties: {
    definition: { type: 'object', description: 'a NIST SP 1500-20 ballot definition (JSON)' },
    settings: {
      type: 'object',
      description: 'the office settings: { electionDate, type, federalOffices, returnRule, oathText? }',
    },
  },
} as const;

/** `POST /api/v1/office/elections/{electionId}/style-assignments`. */
export const assignStyleSchema = {
  type: 'object',
  required: ['requestId', 'ballotStyleId'],
  properties: {
    requestId: { type: 'string', pattern: UUID_PATTERN_TEXT, description: 'A ballot request id (UUID).' },
    ballotStyleId: { type: 'string', minLength: 1, maxLength: 120, description: 'A ballot style id.' },
  },
} as const;

export const parseDefineElection = inputValidator(defineElectionSchema);
export const parseAssignStyle = inputValidator(assignStyleSchema);
