/**
 * The answer of `GET /api/v1/office/elections-overview`, for the OpenAPI document (what
 * ElectionsOverviewService returns; test/openapi.e2e-spec.ts checks a real one).
 */
import { officeMoveActSummaryV1 } from '@uocava/contracts';

const count = { type: 'integer', minimum: 0 } as const;
const day = { type: 'string', format: 'date' } as const;

export const electionsOverviewSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['today', 'elections'],
  properties: {
    today: { ...day, description: "the office's date the overview is for" },
    elections: {
      type: 'array',
      description:
        'every election ahead and those of the last 60 days (or the last one, when none is), in date order',
      items: {
        type: 'object',
        additionalProperties: false,
        required: [
          'electionId',
          'name',
          'date',
          'federal',
          'requests',
          'ballotsSent',
          'returned',
          'accepted',
          'rejected',
        ],
        properties: {
          electionId: { type: 'string', format: 'uuid' },
          name: { type: 'string' },
          date: day,
          federal: { type: 'boolean' },
          requests: { ...count, description: 'requests covering the election' },
          ballotsSent: { ...count, description: 'ballots transmitted (or further along)' },
          returned: count,
          accepted: count,
          rejected: count,
          day45: { ...day, description: 'federal elections only: election day minus 45 days' },
          moveAct: {
            ...officeMoveActSummaryV1.properties.byStatus,
            description: 'federal elections only: the 45-day monitor today',
          },
        },
      },
    },
  },
} as const;
