/**
 * The answers of the MOVE Act routes, for the OpenAPI document (what MoveActService returns;
 * test/openapi.e2e-spec.ts checks real ones). The counts are those of the
 * `uocava.office.move-act-summary.v1` event, whose schema they reuse.
 */
import { officeMoveActSummaryV1 } from '@uocava/contracts';
import { MOVE_ACT_STATUSES } from '@uocava/domain';

const summary = officeMoveActSummaryV1.properties;
const day = { type: 'string', format: 'date' } as const;
const uuid = { type: 'string', format: 'uuid' } as const;

/** `GET /api/v1/office/elections/{id}/move-act`. */
export const moveActMonitorSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'electionId',
    'electionDate',
    'federal',
    'officeTargetDays',
    'today',
    'total',
    'byStatus',
    'byDueDate',
    'items',
  ],
  properties: {
    electionId: uuid,
    electionDate: day,
    federal: { type: 'boolean' },
    officeTargetDays: summary.officeTargetDays,
    today: { ...day, description: 'the date the monitor is for' },
    total: summary.total,
    byStatus: summary.byStatus,
    byDueDate: summary.byDueDate,
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['requestId', 'status', 'dueDate', 'day45'],
        properties: {
          requestId: uuid,
          status: { type: 'string', enum: MOVE_ACT_STATUSES },
          dueDate: day,
          day45: { ...day, description: 'election day minus 45 days' },
          daysLeft: {
            type: 'integer',
            description: 'days to the due date (negative when past), untransmitted only',
          },
        },
      },
    },
  },
} as const;

/** `POST /api/v1/office/elections/{id}/move-act/summary`. */
export const moveActSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['eventId', 'emitted', 'date', 'total', 'byStatus'],
  properties: {
    eventId: { ...uuid, description: 'the ce_id of the summary event (one per election and date)' },
    emitted: { type: 'boolean', description: 'false when it was emitted before' },
    date: day,
    total: summary.total,
    byStatus: summary.byStatus,
  },
} as const;
