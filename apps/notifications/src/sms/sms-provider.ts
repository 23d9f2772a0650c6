/**
 * Where a text message goes: the `SmsProvider` interface and its adapters, chosen by
 * `SMS_PROVIDER` (sms-policy.ts): `sink` writes each message to a directory for development and
 * tests, `twilio` posts it to Twilio's Messages REST API. Credentials come from the environment
 * and are never logged; errors carry a status or code, never the number or the provider's text.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SmsProvider {
  /** `sink <dir>` or `twilio <account sid>`, for logs (no secret) */
  readonly description: string;
  /**
   * Sends one text. `idempotencyKey` is the same on every attempt of one message (the queue row's
   * id): a provider that honours it sends a retried message once. Resolves to the provider's
   * message id; throws an `SmsSendError` (or anything else: the provider is then taken as down).
   */
  send(to: string, text: string, idempotencyKey: string): Promise<{ providerRef: string | null }>;
}

/**
 * What a failed send means:
 * - `rejected`: the provider refused this message for good (an invalid or unreachable number, a
 *   recipient who replied STOP): marked failed at once;
 * - `retry`: this message failed for now: it waits its backoff, the others go on;
 * - `provider-down`: the provider cannot be reached, refuses our credentials or throttles us: the
 *   sender pauses instead of trying every queued message.
 */
export type SmsFailure = 'rejected' | 'retry' | 'provider-down';

export class SmsSendError extends Error {
  constructor(
    readonly outcome: SmsFailure,
    /** short and free of personal data, e.g. `http 400 twilio 21211`, `ECONNREFUSED` */
    readonly code: string,
  ) {
    super(`sms send failed: ${code}`);
  }
}

/**
 * Development and tests: each message is written as `<dir>/<idempotency key>.json` (`to`, `text`,
 * `idempotencyKey`, `sentAt`), to a temporary name then renamed: a reader never sees half a file,
 * and a resend of the same message overwrites the same file.
 */
export class SinkSmsProvider implements SmsProvider {
  readonly description: string;

  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true });
    this.description = `sink ${dir}`;
  }

  async send(to: string, text: string, idempotencyKey: string): Promise<{ providerRef: string | null }> {
    if (!/^[0-9a-f-]{36}$/.test(idempotencyKey)) throw new SmsSendError('rejected', 'bad idempotency key');
    const file = join(this.dir, `${idempotencyKey}.json`);
    const body = JSON.stringify({ to, text, idempotencyKey, sentAt: new Date().toISOString() });
    writeFileSync(`${file}.tmp`, body);
    renameSync(`${file}.tmp`, file);
    return { providerRef: `sink-${idempotencyKey}` };
  }
}

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  /** the sending number (E.164) or a Messaging Service SID (`MG…`) */
  from: string;
  /** `https://api.twilio.com` (tests point it at a local server) */
  apiUrl: string;
  timeoutMs: number;
}

/** Twilio error codes that say the recipient can never get this text (retrying cannot help). */
const TWILIO_PERMANENT = new Set([
  21211, // invalid 'To' number
  21214, // 'To' number cannot be reached
  21408, // region not enabled for this account
  21610, // the recipient replied STOP: unsubscribed
  21612, // 'To' number not reachable from this 'From'
  21614, // 'To' is not a mobile number
  21217, // invalid phone number
]);

/**
 * Twilio's Messages REST API: `POST {apiUrl}/2010-04-01/Accounts/{sid}/Messages.json`, basic
 * authentication (account SID and auth token), form-encoded `To`, `From` (or
 * `MessagingServiceSid`) and `Body`; a 201 answer carries the message's `sid`. Twilio takes no
 * idempotency key on this call: a retry after a lost answer may send the text twice (the queue
 * retries only what it did not see accepted). A recipient's STOP is handled by Twilio, which then
 * refuses the number with error 21610 (the message is marked failed).
 */
export class TwilioSmsProvider implements SmsProvider {
  readonly description: string;
  // true private fields: the credentials never show in a log, an inspection or JSON.stringify
  readonly #url: string;
  readonly #authorization: string;
  readonly #from: string;
  readonly #timeoutMs: number;

  constructor(settings: TwilioSettings) {
    if (!/^AC[0-9a-zA-Z]{8,64}$/.test(settings.accountSid))
      throw new Error('TWILIO_ACCOUNT_SID must be an account SID (AC…)');
    if (!settings.authToken) throw new Error('TWILIO_AUTH_TOKEN is required with SMS_PROVIDER=twilio');
    if (!/^(\+[1-9][0-9]{6,14}|MG[0-9a-zA-Z]{8,64})$/.test(settings.from))
      throw new Error('SMS_FROM must be an E.164 number or a Messaging Service SID (MG…)');
    this.#url = `${settings.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(settings.accountSid)}/Messages.json`;
    this.#authorization = `Basic ${Buffer.from(`${settings.accountSid}:${settings.authToken}`).toString('base64')}`;
    this.#from = settings.from;
    this.#timeoutMs = settings.timeoutMs;
    this.description = `twilio ${settings.accountSid}`;
  }

  async send(to: string, text: string, _idempotencyKey?: string): Promise<{ providerRef: string | null }> {
    const form = new URLSearchParams({ To: to, Body: text });
    if (this.#from.startsWith('MG')) form.set('MessagingServiceSid', this.#from);
    else form.set('From', this.#from);
    let res: Response;
    try {
      res = await fetch(this.#url, {
        method: 'POST',
        headers: {
          authorization: this.#authorization,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(this.#timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: unknown } }).cause;
      const code =
        typeof cause?.code === 'string' && /^[A-Z0-9_]{1,40}$/.test(cause.code)
          ? cause.code
          : error instanceof Error && error.name === 'TimeoutError'
            ? 'ETIMEDOUT'
            : 'ENETWORK';
      throw new SmsSendError('provider-down', code);
    }
    const body = (await res.json().catch(() => ({}))) as { sid?: unknown; code?: unknown };
    if (res.status === 200 || res.status === 201)
      return { providerRef: typeof body.sid === 'string' ? body.sid.slice(0, 100) : null };
    const twilioCode =
      typeof body.code === 'number' && Number.isSafeInteger(body.code) ? body.code : undefined;
    const code = `http ${res.status}${twilioCode !== undefined ? ` twilio ${twilioCode}` : ''}`;
    if (twilioCode !== undefined && TWILIO_PERMANENT.has(twilioCode))
      throw new SmsSendError('rejected', code);
    if (res.status === 401 || res.status === 403 || res.status === 429 || res.status >= 500)
      throw new SmsSendError('provider-down', code);
    throw new SmsSendError('retry', code);
  }
}
