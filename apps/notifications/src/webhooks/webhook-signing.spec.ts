import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { signWebhookRequest, WEBHOOK_CONTENT_TYPE } from './webhook-signing';

const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;
const EVENT = {
  specversion: '1.0',
  id: '6f1c2b8e-1d2a-4c3b-9e4f-5a6b7c8d9e0f',
  type: 'uocava.election.defined.v1',
  data: { electionId: 'e', text: 'ünïcode ✓' },
};

describe('Standard Webhooks request', () => {
  it('carries webhook-id, webhook-timestamp (seconds) and a v1 signature over id.timestamp.body', () => {
    const now = new Date('2026-11-03T12:00:00.750Z');
    const req = signWebhookRequest(SECRET, 'delivery-1', EVENT, now);
    expect(req.body).toBe(JSON.stringify(EVENT));
    expect(req.headers['content-type']).toBe(WEBHOOK_CONTENT_TYPE);
    expect(req.headers['webhook-id']).toBe('delivery-1');
    expect(req.headers['webhook-timestamp']).toBe(String(Math.floor(now.getTime() / 1000)));
    // the spec's formula, computed independently of any webhook library
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key)
      .update(`delivery-1.${req.headers['webhook-timestamp']}.${req.body}`, 'utf8')
      .digest('base64');
    expect(req.headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('verifies with the official standardwebhooks library, and not under another secret or body', () => {
    const req = signWebhookRequest(SECRET, 'delivery-2', EVENT);
    expect(new Webhook(SECRET).verify(req.body, req.headers)).toEqual(EVENT);
    const other = `whsec_${Buffer.from('another secret of 32 bytes......').toString('base64')}`;
    expect(() => new Webhook(other).verify(req.body, req.headers)).toThrow();
    expect(() => new Webhook(SECRET).verify(req.body.replace('✓', 'x'), req.headers)).toThrow();
  });
});
