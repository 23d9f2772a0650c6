import { DATE_TIME_PATTERN, inputValidator } from '@uocava/contracts/http';
import { CURABLE_REASONS } from '@uocava/domain';

/** `POST /api/v1/office/ballots/{ballotId}/request-cure`. */
export const requestCureSchema = {
  type: 'object',
  required: ['reasons'],
  properties: {
    reasons: {
      type: 'array',
      minItems: 1,
      items: { type: 'string', enum: CURABLE_REASONS },
      description: `one or more of ${CURABLE_REASONS.join(', ')}`,
    },
    cureDeadline: {
      type: 'string',
      pattern: DATE_TIME_PATTERN,
      format: 'instant',
      description:
        "an ISO 8601 date-time with offset, at the latest the end of the state's cure window (docs/state-rules.md); default: that end, where the state sets one",
    },
  },
} as const;

/** `POST /api/v1/office/ballots/{ballotId}/cure`: when the cure arrived (default now). */
export const cureSchema = {
  type: 'object',
  properties: {
    curedAt: {
      type: 'string',
      pattern: DATE_TIME_PATTERN,
      format: 'instant',
      description: 'an ISO 8601 date-time with offset',
    },
  },
} as const;

export const parseRequestCure = inputValidator(requestCureSchema);
export const parseCure = inputValidator(cureSchema);
