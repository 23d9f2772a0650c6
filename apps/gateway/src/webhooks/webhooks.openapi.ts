import { EVENT_CATALOG, EVENT_TYPES } from '@uocava/contracts';
import { DATASCHEMA_PATH } from '@uocava/messaging';

/** The headers of every webhook request (Standard Webhooks). */
const headers = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description:
      'The delivery id (UUID): the same on every attempt and replay of this delivery. Use it to drop duplicates.',
    schema: { type: 'string', format: 'uuid' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'When this attempt was signed, in Unix seconds. Refuse one far from your clock (5 minutes).',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      '`v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>">` under the secret after `whsec_` ' +
      '(base64-decoded). Verify it with an official Standard Webhooks library (docs/webhooks.md).',
    schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$' },
  },
] as const;

/** One CloudEvent envelope per event type (structured JSON mode), its `data` schema inline. */
function eventEnvelope(type: (typeof EVENT_TYPES)[number]) {
  const { $id: _id, ...data } = EVENT_CATALOG[type].schema as Record<string, unknown>;
  return {
    type: 'object',
    title: type,
    description: EVENT_CATALOG[type].summary,
    required: [
      'specversion',
      'id',
      'source',
      'type',
      'time',
      'subject',
      'dataschema',
      'jurisdiction',
      'data',
    ],
    properties: {
      specversion: { const: '1.0' },
      id: { type: 'string', format: 'uuid', description: 'the event id (the same in Kafka)' },
      source: { type: 'string' },
      type: { const: type },
      time: { type: 'string', format: 'date-time' },
      subject: { type: 'string', description: 'the Kafka message key (ballot request id, election id, ...)' },
      datacontenttype: { const: 'application/json' },
      dataschema: {
        type: 'string',
        format: 'uri',
        description: 'PUBLIC_URL + /schemas/events/<type>.json, served by the gateway',
        pattern: `${DATASCHEMA_PATH.replace(/\//g, '\\/')}${type.replace(/\./g, '\\.')}\\.json$`,
      },
      jurisdiction: { type: 'string', description: 'CloudEvents extension: the jurisdiction id' },
      data,
    },
  };
}

/**
 * The OpenAPI 3.1 `webhooks` section: the request the platform sends to a subscription's URL.
 * docs/webhooks.md tells the rest (retries, replay, ordering).
 */
export function webhooksSection(): Record<string, unknown> {
  return {
    'uocava-event': {
      post: {
        operationId: 'receiveUocavaEvent',
        tags: ['webhooks'],
        summary: 'An event of your jurisdiction, POSTed to your subscription URL',
        description:
          'One request per event and subscription, signed with the Standard Webhooks headers. The body is the ' +
          'CloudEvent in structured JSON mode (no personal data). Answer 2xx within 10 s to accept it; anything ' +
          'else is retried with exponential backoff and jitter until the maximum attempts or age, then the delivery ' +
          'is marked failed. Deliveries are not ordered; the same delivery may arrive more than once (same webhook-id).',
        parameters: headers,
        requestBody: {
          required: true,
          content: {
            'application/cloudevents+json': {
              schema: { oneOf: EVENT_TYPES.map(eventEnvelope) },
            },
          },
        },
        responses: {
          '200': { description: 'Accepted (any 2xx).' },
          default: { description: 'Not accepted: the delivery is tried again later.' },
        },
        security: [],
      },
    },
  };
}
