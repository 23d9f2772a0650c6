import { EVENT_TYPES } from '@uocava/contracts';
import { DATE_TIME_PATTERN, inputValidator } from '@uocava/contracts/http';

/** `POST /api/v1/office/webhooks`: a new subscription. */
export const createWebhookSchema = {
  type: 'object',
  required: ['url'],
  additionalProperties: false,
  properties: {
    url: {
      type: 'string',
      minLength: 1,
      maxLength: 2000,
      description:
        'Where the events are POSTed: an absolute https:// URL (no credentials, no fragment, not a private or loopback address).',
    },
    eventTypes: {
      type: 'array',
      uniqueItems: true,
      maxItems: EVENT_TYPES.length,
      items: { type: 'string', enum: [...EVENT_TYPES] },
      description: 'Only these event types are delivered; omitted or empty: every type.',
    },
    description: { type: 'string', maxLength: 200, description: 'A note for the office (no personal data).' },
  },
} as const;

/** `POST /api/v1/office/webhooks/{webhookId}/replay`. */
export const replayWebhookSchema = {
  type: 'object',
  required: ['from'],
  additionalProperties: false,
  properties: {
    from: {
      type: 'string',
      pattern: DATE_TIME_PATTERN,
      format: 'instant',
      description:
        "RFC 3339 instant with its offset: the subscription's deliveries of events whose time is at or after it are sent again.",
    },
  },
} as const;

const subscriptionProperties = {
  subscriptionId: { type: 'string', format: 'uuid' },
  url: { type: 'string' },
  eventTypes: { type: 'array', items: { type: 'string' }, description: 'empty: every type' },
  description: { type: ['string', 'null'] },
  status: { type: 'string', enum: ['active', 'disabled'] },
  createdAt: { type: 'string', format: 'date-time' },
  createdBy: { type: 'string', description: 'the office key id of the admin who made it' },
  disabledAt: { type: ['string', 'null'], format: 'date-time' },
  disabledBy: { type: ['string', 'null'] },
  deliveries: {
    type: 'object',
    required: ['pending', 'delivered', 'failed'],
    properties: {
      pending: { type: 'integer' },
      delivered: { type: 'integer' },
      failed: { type: 'integer' },
    },
  },
} as const;

/** A subscription as the API shows it (never its secret, except once at creation). */
export const webhookSubscriptionSchema = {
  type: 'object',
  required: Object.keys(subscriptionProperties),
  properties: subscriptionProperties,
} as const;

export const createdWebhookSchema = {
  type: 'object',
  required: [...Object.keys(subscriptionProperties), 'secret'],
  properties: {
    ...subscriptionProperties,
    secret: {
      type: 'string',
      pattern: '^whsec_[A-Za-z0-9+/=]+$',
      description:
        'The Standard Webhooks signing secret. Shown only in this answer: store it now (it cannot be read back).',
    },
  },
} as const;

export const webhookDeliverySchema = {
  type: 'object',
  properties: {
    deliveryId: { type: 'string', format: 'uuid', description: 'the webhook-id header of every attempt' },
    eventId: { type: 'string', format: 'uuid' },
    eventType: { type: 'string' },
    eventTime: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    lastAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    lastStatus: { type: ['integer', 'null'], description: "the receiver's last HTTP status" },
    lastError: { type: ['string', 'null'], description: '`http <status>`, `timeout`, `ECONNREFUSED`, ...' },
    queuedAt: { type: 'string', format: 'date-time' },
    deliveredAt: { type: ['string', 'null'], format: 'date-time' },
    failedAt: { type: ['string', 'null'], format: 'date-time' },
    replays: { type: 'integer' },
  },
} as const;

export const replayResultSchema = {
  type: 'object',
  required: ['from', 'requeued', 'pending'],
  properties: {
    from: { type: 'string', format: 'date-time' },
    requeued: { type: 'integer', description: 'delivered or failed deliveries queued again' },
    pending: { type: 'integer', description: 'deliveries of the period still pending anyway' },
  },
} as const;

export const parseCreateWebhook = inputValidator(createWebhookSchema);
export const parseReplayWebhook = inputValidator(replayWebhookSchema);
