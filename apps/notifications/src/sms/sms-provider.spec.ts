import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smsProviderFromEnv, smsSettingsFromEnv } from './sms-policy';
import { SinkSmsProvider, SmsSendError, TwilioSmsProvider } from './sms-provider';

const KEY = '2f1c7a3e-5b6d-5e4f-9a8b-7c6d5e4f3a2b';
const SID = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'not-a-real-token-0123456789';

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: URLSearchParams;
}

/** A local stand-in for api.twilio.com: records each request and answers with `reply`. */
async function fakeTwilio(reply: (seen: Seen) => { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => resolve(body));
    });
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const s = {
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        form: new URLSearchParams(body),
      };
      seen.push(s);
      const r = reply(s);
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const twilio = (apiUrl: string, from = '+15005550006') =>
  new TwilioSmsProvider({ accountSid: SID, authToken: TOKEN, from, apiUrl, timeoutMs: 2000 });

async function failure(p: Promise<unknown>): Promise<SmsSendError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof SmsSendError) return e;
    throw e;
  }
  throw new Error('the send did not fail');
}

describe('the Twilio adapter (against a local HTTP server)', () => {
  it("posts the form to the account's Messages resource with basic authentication and returns the SID", async () => {
    const api = await fakeTwilio(() => ({
      status: 201,
      body: { sid: 'SM0123456789abcdef', status: 'queued' },
    }));
    try {
      const sent = await twilio(api.url).send('+491701234567', 'Your ballot is ready.', KEY);
      expect(sent).toEqual({ providerRef: 'SM0123456789abcdef' });
      expect(api.seen).toHaveLength(1);
      const [r] = api.seen;
      expect(r.method).toBe('POST');
      expect(r.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      expect(r.authorization).toBe(`Basic ${Buffer.from(`${SID}:${TOKEN}`).toString('base64')}`);
      expect(r.contentType).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(r.form)).toEqual({
        To: '+491701234567',
        From: '+15005550006',
        Body: 'Your ballot is ready.',
      });
    } finally {
      await api.close();
    }
  });

  it('sends through a Messaging Service when SMS_FROM is one', async () => {
    const api = await fakeTwilio(() => ({ status: 201, body: { sid: 'SMx' } }));
    try {
      await twilio(api.url, 'MG0123456789abcdef0123456789abcdef').send('+491701234567', 'x', KEY);
      expect(api.seen[0].form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
      expect(api.seen[0].form.has('From')).toBe(false);
    } finally {
      await api.close();
    }
  });

  it("classifies Twilio's answers: a bad or unsubscribed number for good, throttling and outages as the provider down", async () => {
    const answers: Array<[number, unknown, string, string]> = [
      [
        400,
        { code: 21211, message: "The 'To' number +491701234567 is not valid" },
        'rejected',
        'http 400 twilio 21211',
      ],
      [
        400,
        { code: 21610, message: 'Attempt to send to unsubscribed recipient' },
        'rejected',
        'http 400 twilio 21610',
      ],
      [400, { code: 30001, message: 'Queue overflow' }, 'retry', 'http 400 twilio 30001'],
      [401, { code: 20003, message: 'Authenticate' }, 'provider-down', 'http 401 twilio 20003'],
      [429, { code: 20429, message: 'Too Many Requests' }, 'provider-down', 'http 429 twilio 20429'],
      [503, 'unavailable', 'provider-down', 'http 503'],
    ];
    let i = 0;
    const api = await fakeTwilio(() => ({ status: answers[i][0], body: answers[i][1] }));
    try {
      for (; i < answers.length; i++) {
        const e = await failure(twilio(api.url).send('+491701234567', 'x', KEY));
        expect([e.outcome, e.code]).toEqual([answers[i][2], answers[i][3]]);
        // never the provider's text, which quotes the number
        expect(e.message).not.toContain('1701234567');
      }
    } finally {
      await api.close();
    }
  });

  it('takes a provider that cannot be reached as down', async () => {
    const api = await fakeTwilio(() => ({ status: 201, body: {} }));
    await api.close();
    const e = await failure(twilio(api.url).send('+491701234567', 'x', KEY));
    expect(e.outcome).toBe('provider-down');
    expect(e.code).toMatch(/^[A-Z0-9_]+$/);
  });

  it('refuses to start without credentials or with a malformed sender, and never shows the token', () => {
    expect(() =>
      smsProviderFromEnv(smsSettingsFromEnv({ SMS_PROVIDER: 'twilio' }), { SMS_PROVIDER: 'twilio' }),
    ).toThrow(/TWILIO_ACCOUNT_SID/);
    const env = {
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      SMS_FROM: '0170',
    };
    expect(() => smsProviderFromEnv(smsSettingsFromEnv(env), env)).toThrow(/SMS_FROM/);
    const ok = smsProviderFromEnv(smsSettingsFromEnv(env), { ...env, SMS_FROM: '+15005550006' });
    expect(ok?.description).toBe(`twilio ${SID}`);
    expect(JSON.stringify(ok)).not.toContain(TOKEN);
  });
});

describe('SMS settings and the sink', () => {
  it('reads SMS_PROVIDER (sink by default, off, twilio) and refuses anything else', () => {
    expect(smsSettingsFromEnv({}).provider).toBe('sink');
    expect(smsProviderFromEnv(smsSettingsFromEnv({ SMS_PROVIDER: 'off' }), {})).toBeUndefined();
    expect(() => smsSettingsFromEnv({ SMS_PROVIDER: 'carrier-pigeon' })).toThrow(/SMS_PROVIDER/);
    expect(() => smsSettingsFromEnv({ SMS_RETRY_BASE_MS: '5000', SMS_RETRY_MAX_MS: '10' })).toThrow(
      /SMS_RETRY_MAX_MS/,
    );
  });

  it('writes each text to <dir>/<idempotency key>.json, the same file again on a resend', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sms-sink-'));
    try {
      const sink = new SinkSmsProvider(dir);
      expect(await sink.send('+491701234567', 'first', KEY)).toEqual({ providerRef: `sink-${KEY}` });
      await sink.send('+491701234567', 'first', KEY);
      expect(readdirSync(dir)).toEqual([`${KEY}.json`]);
      expect(JSON.parse(readFileSync(join(dir, `${KEY}.json`), 'utf8'))).toMatchObject({
        to: '+491701234567',
        text: 'first',
        idempotencyKey: KEY,
      });
      await expect(sink.send('+491701234567', 'x', '../escape')).rejects.toThrow(SmsSendError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
