/**
 * The SMS queue against the real Postgres of the test run: sealed rows queued once per event, a
 * voter's texts in event order, a text failing for now and then sent, the provider down and back,
 * a number refused for good, giving up, the crash between the provider's acceptance and the row
 * being marked (the same idempotency key again), and the NOTIFY wake-up of a running sender.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  claimDueSms,
  dataSourceOptions,
  enqueueSms,
  KeyRing,
  smsIdFor,
  smsQueueCounts,
  withTenant,
} from '@uocava/database';
import { eventually, ownerClient } from '@uocava/testing';
import type { SmsSettings } from './sms-policy';
import { SmsSendError, type SmsFailure, type SmsProvider } from './sms-provider';
import { SmsQueueSender, type SmsSenderHooks } from './sms-sender';

const settings: SmsSettings = {
  provider: 'sink',
  retryBaseMs: 100,
  retryMaxMs: 400,
  giveUpAfterMs: 600_000,
  sweepIntervalMs: 500,
  batch: 20,
  concurrency: 4,
  turn: 50,
  timeoutMs: 2000,
};

/** A provider in this process: records every call; `fail` decides per call whether it fails and how. */
class ScriptedProvider implements SmsProvider {
  readonly description = 'scripted';
  readonly calls: Array<{ to: string; text: string; key: string }> = [];
  fail: (to: string, text: string) => SmsFailure | undefined = () => undefined;
  async send(to: string, text: string, key: string) {
    this.calls.push({ to, text, key });
    const f = this.fail(to, text);
    if (f) throw new SmsSendError(f, f === 'rejected' ? 'http 400 twilio 21211' : 'http 503');
    return { providerRef: `SM${key.replace(/-/g, '').slice(0, 16)}` };
  }
  textsTo(to: string): string[] {
    return this.calls.filter((c) => c.to === to).map((c) => c.text);
  }
}

describe('SMS queue on real Postgres', () => {
  let ds: DataSource;
  let keyRing: KeyRing;
  const jurisdictionId = `smsq-${randomBytes(3).toString('hex')}`;
  const logs: string[] = [];
  const senders: SmsQueueSender[] = [];

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 4 }),
    ).initialize();
    keyRing = new KeyRing(ds, process.env.MASTER_KEY);
    const owner = await ownerClient();
    try {
      await owner.query(
        `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'SMS Queue Test', 'OH')`,
        [jurisdictionId],
      );
    } finally {
      await owner.end();
    }
  });

  afterEach(async () => {
    for (const s of senders.splice(0)) await s.stop();
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  function sender(
    provider: SmsProvider,
    options: { hooks?: SmsSenderHooks; settings?: Partial<SmsSettings> } = {},
  ) {
    const s = new SmsQueueSender(
      ds,
      keyRing,
      provider,
      { ...settings, ...options.settings },
      {
        log: (_level, line) => logs.push(line),
        ...options.hooks,
      },
    );
    senders.push(s);
    return s;
  }

  const mobile = () => `+49170${String(randomBytes(3).readUIntBE(0, 3)).padStart(8, '0')}`;

  /** Queues one text as the consumer does (its own tenant transaction); returns its id. */
  async function queue(to: string, text: string, options: { requestId?: string; eventTime?: Date } = {}) {
    const eventId = randomUUID();
    const keys = await keyRing.forJurisdiction(jurisdictionId);
    const fresh = await withTenant(ds, jurisdictionId, (tx) =>
      enqueueSms(tx, keys, {
        jurisdictionId,
        eventId,
        requestId: options.requestId ?? randomUUID(),
        kind: 'ballot-ready',
        eventTime: (options.eventTime ?? new Date()).toISOString(),
        content: { to, text },
      }),
    );
    expect(fresh).toBe(true);
    return smsIdFor(jurisdictionId, eventId);
  }

  async function row(smsId: string) {
    const [r]: Array<{
      status: string;
      attempts: number;
      content: Buffer | null;
      last_error: string | null;
      provider_ref: string | null;
    }> = await withTenant(ds, jurisdictionId, (tx) =>
      tx.query(
        `SELECT status, attempts, content, last_error, provider_ref FROM sms_queue WHERE sms_id = $1`,
        [smsId],
      ),
    );
    return r;
  }

  /** Runs the sender until nothing is due (retries included) or the time is up. */
  async function drainAll(s: SmsQueueSender, ms = 5000) {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      const { outcomes } = await s.sendBatch(jurisdictionId, 20);
      const pending = (await withTenant(ds, jurisdictionId, (tx) => smsQueueCounts(tx, jurisdictionId)))
        .pending;
      if (pending === 0) return;
      if (outcomes.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('seals each text, queues it once per event, and sends a voter’s texts in event order', async () => {
    const to = mobile();
    const requestId = randomUUID();
    const t0 = Date.now() - 60_000;
    const third = await queue(to, 'third', { requestId, eventTime: new Date(t0 + 3000) });
    const first = await queue(to, 'first', { requestId, eventTime: new Date(t0 + 1000) });
    const second = await queue(to, 'second', { requestId, eventTime: new Date(t0 + 2000) });

    // sealed: the number and the text are not in the row
    const pending = await row(first);
    expect(pending.status).toBe('pending');
    expect(pending.content!.toString('latin1')).not.toContain(to.slice(1));
    expect(pending.content!.toString('latin1')).not.toContain('first');

    // the same event again: no second row
    const keys = await keyRing.forJurisdiction(jurisdictionId);
    const sms = {
      jurisdictionId,
      eventId: randomUUID(),
      requestId: randomUUID(),
      kind: 'request-received',
      eventTime: new Date().toISOString(),
      content: { to, text: 'once' },
    };
    expect(await withTenant(ds, jurisdictionId, (tx) => enqueueSms(tx, keys, sms))).toBe(true);
    expect(await withTenant(ds, jurisdictionId, (tx) => enqueueSms(tx, keys, sms))).toBe(false);

    // a claim takes one text per voter: the head of the voter's queue
    const claimed = await withTenant(ds, jurisdictionId, (tx) => claimDueSms(tx, jurisdictionId, 20));
    expect(claimed.map((c) => c.sms_id)).toContain(first);
    expect(claimed.map((c) => c.sms_id)).not.toContain(second);

    const provider = new ScriptedProvider();
    await drainAll(sender(provider));
    expect(provider.textsTo(to).filter((t) => t !== 'once')).toEqual(['first', 'second', 'third']);
    for (const id of [first, second, third]) {
      const r = await row(id);
      expect(r).toMatchObject({ status: 'sent', attempts: 1, content: null, last_error: null });
      expect(r.provider_ref).toMatch(/^SM[0-9a-f]{16}$/);
    }
    // the idempotency key handed to the provider is the row's id
    expect(provider.calls.find((c) => c.text === 'first')!.key).toBe(first);
  });

  it('retries a text that failed for now, holding the voter’s later texts, and pauses while the provider is down', async () => {
    const to = mobile();
    const other = mobile();
    const requestId = randomUUID();
    const t0 = Date.now() - 60_000;
    const a = await queue(to, 'a', { requestId, eventTime: new Date(t0 + 1000) });
    const b = await queue(to, 'b', { requestId, eventTime: new Date(t0 + 2000) });
    const provider = new ScriptedProvider();
    let failures = 2;
    provider.fail = (_to, text) => (text === 'a' && failures-- > 0 ? 'retry' : undefined);
    const s = sender(provider);
    const first = await s.sendBatch(jurisdictionId, 20);
    expect(first.outcomes).toEqual(['retry']); // b waits behind a
    expect(await row(a)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'http 503' });
    expect(await row(b)).toMatchObject({ status: 'pending', attempts: 0 });
    await drainAll(s);
    expect(provider.textsTo(to)).toEqual(['a', 'a', 'a', 'b']);
    expect(await row(a)).toMatchObject({ status: 'sent', attempts: 3, content: null });
    expect(await row(b)).toMatchObject({ status: 'sent', attempts: 1 });

    // the provider down: the running sender stops trying after the first text, then catches up
    provider.fail = () => 'provider-down';
    const c = await queue(other, 'c');
    const d = await queue(mobile(), 'd');
    const running = sender(provider, { settings: { retryBaseMs: 1000, retryMaxMs: 1000 } });
    running.start();
    await eventually(
      async () => ((await row(c)).attempts + (await row(d)).attempts > 0 ? true : undefined),
      10000,
      'a try',
    );
    await new Promise((r) => setTimeout(r, 150));
    const tries = provider.calls.filter((x) => x.text === 'c' || x.text === 'd').length;
    expect(tries).toBeLessThanOrEqual(2);
    provider.fail = () => undefined;
    await eventually(
      async () => ((await row(c)).status === 'sent' && (await row(d)).status === 'sent' ? true : undefined),
      10000,
      'both sent once the provider is back',
    );
    expect(logs.some((l) => l.includes('sms provider unavailable (scripted)'))).toBe(true);
  });

  it('fails a number the provider refuses for good at once, and gives up on a text too old, clearing both', async () => {
    const to = mobile();
    const requestId = randomUUID();
    const t0 = Date.now() - 60_000;
    const refused = await queue(to, 'refused', { requestId, eventTime: new Date(t0 + 1000) });
    const next = await queue(to, 'next', { requestId, eventTime: new Date(t0 + 2000) });
    const provider = new ScriptedProvider();
    provider.fail = (_to, text) => (text === 'refused' ? 'rejected' : undefined);
    await drainAll(sender(provider));
    expect(await row(refused)).toMatchObject({
      status: 'failed',
      attempts: 1,
      content: null,
      last_error: 'http 400 twilio 21211',
    });
    // the refused text does not hold the voter's next one back
    expect(await row(next)).toMatchObject({ status: 'sent' });
    const line = logs.find((l) => l.includes(refused))!;
    expect(line).toContain('failed after 1 attempt(s)');
    expect(line).not.toContain(to.slice(1));

    const old = await queue(mobile(), 'old');
    provider.fail = () => 'retry';
    await sender(provider, { settings: { giveUpAfterMs: 1 } }).sendBatch(jurisdictionId, 20);
    expect(await row(old)).toMatchObject({
      status: 'failed',
      content: null,
      last_error: 'expired: http 503',
    });
  });

  it('sends a text again with the same idempotency key after a crash between the provider’s acceptance and the mark', async () => {
    const to = mobile();
    const id = await queue(to, 'crash');
    const provider = new ScriptedProvider();
    let crashes = 0;
    const s = sender(provider, {
      hooks: {
        afterSend: async (smsId) => {
          if (smsId === id && crashes++ === 0) throw new Error('killed after the provider accepted');
        },
      },
    });
    await expect(s.sendBatch(jurisdictionId, 20)).rejects.toThrow('killed');
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 0 }); // nothing recorded
    await drainAll(s);
    expect(await row(id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(provider.calls.filter((c) => c.to === to).map((c) => c.key)).toEqual([id, id]);
  });

  it('wakes a running sender through NOTIFY when a text is queued', async () => {
    const provider = new ScriptedProvider();
    const s = sender(provider, { settings: { sweepIntervalMs: 600_000 } });
    s.start();
    await new Promise((r) => setTimeout(r, 500)); // its first sweep is over; LISTEN is up
    const to = mobile();
    const id = await queue(to, 'woken');
    await eventually(async () => ((await row(id)).status === 'sent' ? true : undefined), 10000, 'sent');
    expect(provider.textsTo(to)).toEqual(['woken']);
  });
});
