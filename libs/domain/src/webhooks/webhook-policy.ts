/**
 * The rules of webhooks for integrators (docs/webhooks.md), as plain functions: what target URL
 * is accepted, the signing secret's format, the retry schedule and when a delivery is given up
 * on, and the settings read from the environment. No I/O.
 */
import { isIP } from 'node:net';
import { integerSetting } from '../env-settings';

/** Standard Webhooks secret: `whsec_` + base64 of the key bytes. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A Standard Webhooks secret from 32 random bytes (the caller draws them). */
export function webhookSecretFrom(randomBytes: Uint8Array): string {
  if (randomBytes.length < 24 || randomBytes.length > 64)
    throw new Error('a webhook secret needs between 24 and 64 random bytes');
  return `${WEBHOOK_SECRET_PREFIX}${Buffer.from(randomBytes).toString('base64')}`;
}

export interface WebhookUrlPolicy {
  /** dev/test only (`WEBHOOK_ALLOW_HTTP_LOOPBACK=1`): `http://` to 127.0.0.0/8, ::1 or localhost */
  allowHttpLoopback: boolean;
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.']);

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (LOOPBACK_NAMES.has(h) || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  if (isIP(h) === 6) return h === '::1';
  return false;
}

/** An IP literal of a network an integrator's endpoint is never on (SSRF guard). */
function isInternalAddress(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  const v = isIP(h);
  if (v === 4) {
    const [a, b] = h.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      a >= 224
    );
  }
  if (v === 6) {
    return (
      h === '::' ||
      h === '::1' ||
      h.startsWith('fc') ||
      h.startsWith('fd') ||
      h.startsWith('fe80') ||
      h.startsWith('::ffff:')
    );
  }
  return false;
}

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

/**
 * Whether `text` may be a subscription's target: an absolute `https://` URL without credentials or
 * fragment, at most 2000 characters, whose host is a name or a public IP address. `http://` only
 * to a loopback host, and only when the policy allows it (dev and tests).
 */
export function checkWebhookUrl(text: string, policy: WebhookUrlPolicy): UrlCheck {
  if (text.length > 2000) return { ok: false, message: 'must be at most 2000 characters' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: 'must be an absolute URL' };
  }
  if (url.username !== '' || url.password !== '')
    return { ok: false, message: 'must not carry a user name or password' };
  if (url.hash !== '') return { ok: false, message: 'must not have a fragment (#...)' };
  if (url.protocol === 'http:') {
    if (policy.allowHttpLoopback && isLoopback(url.hostname)) return { ok: true, url: url.toString() };
    return {
      ok: false,
      message: policy.allowHttpLoopback
        ? 'must use https (http is allowed to a loopback address only)'
        : 'must use https',
    };
  }
  if (url.protocol !== 'https:') return { ok: false, message: 'must use https' };
  if (isLoopback(url.hostname) ? !policy.allowHttpLoopback : isInternalAddress(url.hostname))
    return { ok: false, message: 'must not point to a loopback, private or link-local address' };
  return { ok: true, url: url.toString() };
}

export interface WebhookDeliverySettings {
  /** first retry after about this long; doubles per attempt (`WEBHOOK_RETRY_BASE_MS`, default 5 s) */
  retryBaseMs: number;
  /** longest wait between two attempts (`WEBHOOK_RETRY_MAX_MS`, default 1 h) */
  retryMaxMs: number;
  /** attempts before a delivery is marked failed (`WEBHOOK_MAX_ATTEMPTS`, default 12) */
  maxAttempts: number;
  /** a delivery still not accepted this long after it was queued is marked failed (`WEBHOOK_GIVE_UP_AFTER_MS`, default 72 h) */
  giveUpAfterMs: number;
  /** how long a worker holds a claimed delivery (`WEBHOOK_LEASE_MS`, default 60 s; more than the timeout) */
  leaseMs: number;
  /** one POST may take this long (`WEBHOOK_TIMEOUT_MS`, default 10 s) */
  timeoutMs: number;
  /** every jurisdiction is looked at this often besides the wake-ups (`WEBHOOK_SWEEP_INTERVAL_MS`, default 30 s) */
  sweepIntervalMs: number;
  /** deliveries claimed at once per jurisdiction (`WEBHOOK_BATCH`, default 20) */
  batch: number;
}

/** The URL policy from the environment (`WEBHOOK_ALLOW_HTTP_LOOPBACK=1`: dev and tests only). */
export function webhookUrlPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookUrlPolicy {
  return { allowHttpLoopback: env.WEBHOOK_ALLOW_HTTP_LOOPBACK === '1' };
}

/** The delivery loop's settings; a malformed value is an error at start-up. */
export function webhookSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WebhookDeliverySettings {
  const s: WebhookDeliverySettings = {
    retryBaseMs: integerSetting(env, 'WEBHOOK_RETRY_BASE_MS', 5_000),
    retryMaxMs: integerSetting(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000),
    maxAttempts: integerSetting(env, 'WEBHOOK_MAX_ATTEMPTS', 12),
    giveUpAfterMs: integerSetting(env, 'WEBHOOK_GIVE_UP_AFTER_MS', 72 * 3_600_000),
    leaseMs: integerSetting(env, 'WEBHOOK_LEASE_MS', 60_000),
    timeoutMs: integerSetting(env, 'WEBHOOK_TIMEOUT_MS', 10_000),
    sweepIntervalMs: integerSetting(env, 'WEBHOOK_SWEEP_INTERVAL_MS', 30_000),
    batch: integerSetting(env, 'WEBHOOK_BATCH', 20),
  };
  if (s.retryMaxMs < s.retryBaseMs)
    throw new Error('WEBHOOK_RETRY_MAX_MS must not be smaller than WEBHOOK_RETRY_BASE_MS');
  if (s.leaseMs <= s.timeoutMs) throw new Error('WEBHOOK_LEASE_MS must be larger than WEBHOOK_TIMEOUT_MS');
  return s;
}

/**
 * Wait before the next attempt after `attempts` failed ones (1, 2, ...): exponential,
 * base * 2^(attempts-1) capped at the maximum, with "equal jitter" — a random point in the upper
 * half of that window (`random` in [0, 1)), so receivers coming back are not hit by every sender at
 * the same instant, and the wait never drops below half the schedule.
 */
export function webhookRetryDelayMs(
  attempts: number,
  settings: Pick<WebhookDeliverySettings, 'retryBaseMs' | 'retryMaxMs'>,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 30);
  const window = Math.min(settings.retryMaxMs, settings.retryBaseMs * 2 ** exponent);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.round(window / 2 + r * (window / 2));
}

/** What an attempt's answer means: 2xx accepted; anything else (or no answer) is tried again. */
export function attemptAccepted(status: number | null): boolean {
  return status !== null && status >= 200 && status <= 299;
}

/** Whether a delivery that just failed its `attempts`-th attempt, `ageMs` after it was queued, is given up on. */
export function giveUpOnDelivery(
  attempts: number,
  ageMs: number,
  settings: Pick<WebhookDeliverySettings, 'maxAttempts' | 'giveUpAfterMs'>,
): boolean {
  return attempts >= settings.maxAttempts || ageMs >= settings.giveUpAfterMs;
}
