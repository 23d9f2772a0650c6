/** JSON Schema pieces that several office inputs share (each described by its hint). */
import { DATE_TIME_PATTERN } from '@uocava/contracts/http';
import { RETURN_METHODS } from '@uocava/domain';

/** An instant with its offset, e.g. `2026-11-03T10:00:00-05:00`. */
export const instantProperty = {
  type: 'string',
  pattern: DATE_TIME_PATTERN,
  format: 'instant',
  description: 'an ISO 8601 date-time with offset, e.g. 2026-11-03T10:00:00-05:00',
} as const;

/** How a voted ballot came back. */
export const returnMethodProperty = {
  type: 'string',
  enum: RETURN_METHODS,
  description: `one of ${RETURN_METHODS.join(', ')}`,
} as const;

/** A calendar day. */
export const dateProperty = { type: 'string', format: 'date', description: 'a date YYYY-MM-DD' } as const;
