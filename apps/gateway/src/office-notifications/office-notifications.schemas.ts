/** `GET /api/v1/office/notifications` (MailQueueSummary and SmsQueueCounts of libs/database), for the OpenAPI document. */
const count = { type: 'integer', minimum: 0 } as const;
const instant = { type: 'string', format: 'date-time' } as const;

export const mailQueueSummarySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['counts', 'byKind', 'oldestPendingSince', 'failed', 'sms'],
  properties: {
    counts: {
      type: 'object',
      additionalProperties: false,
      required: ['pending', 'sent', 'failed'],
      properties: { pending: count, sent: count, failed: count },
    },
    byKind: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'pending', 'sent', 'failed'],
        properties: { kind: { type: 'string' }, pending: count, sent: count, failed: count },
      },
    },
    oldestPendingSince: { anyOf: [instant, { type: 'null' }], description: 'null: nothing waiting' },
    sms: {
      type: 'object',
      description: 'the text messages (SMS) to voters who opted in, by status',
      additionalProperties: false,
      required: ['pending', 'sent', 'failed'],
      properties: { pending: count, sent: count, failed: count },
    },
    failed: {
      type: 'array',
      description: 'the latest mails given up on: ids and codes only, no address or text',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['mailId', 'requestId', 'kind', 'attempts', 'queuedAt', 'failedAt', 'lastError'],
        properties: {
          mailId: { type: 'string' },
          requestId: { type: 'string', format: 'uuid' },
          kind: { type: 'string' },
          attempts: count,
          queuedAt: instant,
          failedAt: instant,
          lastError: { type: ['string', 'null'] },
        },
      },
    },
  },
} as const;
