import { Webhook } from 'standardwebhooks';

/** The body's media type: a CloudEvent in structured JSON mode (CloudEvents HTTP binding). */
export const WEBHOOK_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export interface SignedWebhookRequest {
  body: string;
  headers: Record<string, string>;
}

/**
 * The Standard Webhooks request of one attempt: `webhook-id` (the delivery id, the same on every
 * attempt and replay: the receiver's idempotency key), `webhook-timestamp` (this attempt, Unix
 * seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of id.timestamp.body>` under the
 * subscription's `whsec_` secret), signed by the official `standardwebhooks` library.
 */
export function signWebhookRequest(
  secret: string,
  deliveryId: string,
  event: unknown,
  now: Date = new Date(),
): SignedWebhookRequest {
  const body = JSON.stringify(event);
  // the timestamp is whole seconds; sign exactly what the header says
  const timestamp = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const signature = new Webhook(secret).sign(deliveryId, timestamp, body);
  return {
    body,
    headers: {
      'content-type': WEBHOOK_CONTENT_TYPE,
      'user-agent': 'uocava-webhooks/1',
      'webhook-id': deliveryId,
      'webhook-timestamp': String(timestamp.getTime() / 1000),
      'webhook-signature': signature,
    },
  };
}
