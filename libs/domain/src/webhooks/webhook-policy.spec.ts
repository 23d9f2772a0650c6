import {
  attemptAccepted,
  checkWebhookUrl,
  giveUpOnDelivery,
  webhookRetryDelayMs,
  webhookSecretFrom,
  webhookSettingsFromEnv,
} from './webhook-policy';

describe('webhook target URLs', () => {
  const prod = { allowHttpLoopback: false };
  const dev = { allowHttpLoopback: true };

  it('accepts a public https URL (normalised)', () => {
    expect(checkWebhookUrl('https://hooks.example.org/uocava?x=1', prod)).toEqual({
      ok: true,
      url: 'https://hooks.example.org/uocava?x=1',
    });
    expect(checkWebhookUrl('https://Hooks.Example.org:8443', prod)).toEqual({
      ok: true,
      url: 'https://hooks.example.org:8443/',
    });
  });

  it.each([
    ['http://hooks.example.org/', 'must use https'],
    ['ftp://hooks.example.org/', 'must use https'],
    ['hooks.example.org/x', 'must be an absolute URL'],
    ['https://user:pw@hooks.example.org/', 'must not carry a user name or password'],
    ['https://hooks.example.org/#frag', 'must not have a fragment (#...)'],
    ['https://127.0.0.1/', 'must not point to a loopback, private or link-local address'],
    ['https://localhost/', 'must not point to a loopback, private or link-local address'],
    ['https://10.1.2.3/', 'must not point to a loopback, private or link-local address'],
    ['https://172.16.0.1/', 'must not point to a loopback, private or link-local address'],
    ['https://192.168.1.1/', 'must not point to a loopback, private or link-local address'],
    [
      'https://169.254.169.254/latest/meta-data',
      'must not point to a loopback, private or link-local address',
    ],
    ['https://[::1]/', 'must not point to a loopback, private or link-local address'],
    ['https://[fd00::1]/', 'must not point to a loopback, private or link-local address'],
    ['http://127.0.0.1:8080/hook', 'must use https'],
    [`https://hooks.example.org/${'a'.repeat(2000)}`, 'must be at most 2000 characters'],
  ])('refuses %s in production: %s', (url, message) => {
    expect(checkWebhookUrl(url, prod)).toEqual({ ok: false, message });
  });

  it('allows http to loopback only when the dev/test setting says so', () => {
    expect(checkWebhookUrl('http://127.0.0.1:8080/hook', dev)).toEqual({
      ok: true,
      url: 'http://127.0.0.1:8080/hook',
    });
    expect(checkWebhookUrl('http://localhost:8080/hook', dev).ok).toBe(true);
    expect(checkWebhookUrl('http://[::1]:8080/hook', dev).ok).toBe(true);
    expect(checkWebhookUrl('http://hooks.example.org/', dev)).toEqual({
      ok: false,
      message: 'must use https (http is allowed to a loopback address only)',
    });
    expect(checkWebhookUrl('http://10.0.0.1/', dev).ok).toBe(false);
  });
});

describe('webhook secrets', () => {
  it('are whsec_ + base64 of the random bytes', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i);
    const secret = webhookSecretFrom(bytes);
    expect(secret.startsWith('whsec_')).toBe(true);
    expect(Buffer.from(secret.slice(6), 'base64')).toEqual(Buffer.from(bytes));
  });
  it('need 24 to 64 bytes', () => {
    expect(() => webhookSecretFrom(new Uint8Array(16))).toThrow(/between 24 and 64/);
  });
});

describe('webhook retry schedule', () => {
  const s = { retryBaseMs: 1000, retryMaxMs: 60_000 };

  it('doubles per attempt within [window/2, window], capped', () => {
    const low = (n: number) => webhookRetryDelayMs(n, s, () => 0);
    const high = (n: number) => webhookRetryDelayMs(n, s, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(low)).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(high)).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
    expect(webhookRetryDelayMs(1000, s, () => 0.5)).toBe(45000);
  });

  it('is jittered by the random draw', () => {
    const draws = new Set(Array.from({ length: 50 }, () => webhookRetryDelayMs(3, s)));
    expect(draws.size).toBeGreaterThan(10);
    for (const d of draws) {
      expect(d).toBeGreaterThanOrEqual(2000);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });

  it('gives up after the maximum attempts or age', () => {
    const limits = { maxAttempts: 5, giveUpAfterMs: 3_600_000 };
    expect(giveUpOnDelivery(4, 1000, limits)).toBe(false);
    expect(giveUpOnDelivery(5, 1000, limits)).toBe(true);
    expect(giveUpOnDelivery(1, 3_600_000, limits)).toBe(true);
  });

  it('accepts 2xx only', () => {
    expect([200, 201, 204, 299].every(attemptAccepted)).toBe(true);
    expect([null, 100, 301, 304, 400, 410, 500, 503].some(attemptAccepted)).toBe(false);
  });

  it('reads its settings, refusing malformed ones', () => {
    expect(webhookSettingsFromEnv({})).toMatchObject({ retryBaseMs: 5000, maxAttempts: 12, leaseMs: 60000 });
    expect(() => webhookSettingsFromEnv({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS/);
    expect(() => webhookSettingsFromEnv({ WEBHOOK_RETRY_BASE_MS: '10', WEBHOOK_RETRY_MAX_MS: '5' })).toThrow(
      /WEBHOOK_RETRY_MAX_MS/,
    );
    expect(() => webhookSettingsFromEnv({ WEBHOOK_LEASE_MS: '1000', WEBHOOK_TIMEOUT_MS: '1000' })).toThrow(
      /WEBHOOK_LEASE_MS/,
    );
  });
});
