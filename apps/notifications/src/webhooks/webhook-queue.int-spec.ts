/**
 * The webhook delivery queue against the real Postgres of the test run, as the apps' role (under
 * row-level security): one row per (subscription, event) whatever the redeliveries, the filters,
 * leases (never two holders; an expired lease is taken over and the old holder's outcome
 * refused), concurrent claimers (SKIP LOCKED), replay, and the sender loop with a stub poster.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  claimWebhookDeliveries,
  dataSourceOptions,
  disableWebhookSubscription,
  enqueueWebhookDeliveries,
  insertWebhookSubscription,
  KeyRing,
  listWebhookDeliveries,
  openWebhookSecret,
  recordWebhookAttempt,
  replayWebhookDeliveries,
  withTenant,
  type WebhookEvent,
} from '@uocava/database';
import { webhookSecretFrom, type WebhookDeliverySettings } from '@uocava/domain';
import { eventually, ownerClient } from '@uocava/testing';
import { Webhook } from 'standardwebhooks';
import { WebhookSender, type AttemptResult } from './webhook-sender';

const settings: WebhookDeliverySettings = {
  retryBaseMs: 50,
  retryMaxMs: 200,
  maxAttempts: 3,
  giveUpAfterMs: 600_000,
  leaseMs: 2000,
  timeoutMs: 1000,
  sweepIntervalMs: 300,
  batch: 5,
};

describe('webhook delivery queue on real Postgres', () => {
  let ds: DataSource;
  let keyRing: KeyRing;
  const j = `hookq-${randomBytes(3).toString('hex')}`;
  const other = `hookq-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 6 }),
    ).initialize();
    keyRing = new KeyRing(ds, process.env.MASTER_KEY);
    const owner = await ownerClient();
    try {
      for (const id of [j, other])
        await owner.query(
          `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Webhook Test', 'OH')`,
          [id],
        );
    } finally {
      await owner.end();
    }
  });

  afterAll(async () => {
    await ds?.destroy();
  });

  async function subscribe(
    jurisdictionId: string,
    eventTypes: string[] = [],
    url = 'https://hooks.example.org/x',
  ) {
    const subscriptionId = randomUUID();
    const secret = webhookSecretFrom(randomBytes(32));
    const keys = await keyRing.forJurisdiction(jurisdictionId);
    await withTenant(ds, jurisdictionId, (tx) =>
      insertWebhookSubscription(tx, keys, {
        subscriptionId,
        jurisdictionId,
        url,
        eventTypes,
        description: null,
        secret,
        createdBy: 'test',
      }),
    );
    return { subscriptionId, secret };
  }

  const event = (
    jurisdiction: string,
    type = 'uocava.request.submitted.v1',
    time = new Date(),
  ): WebhookEvent =>
    ({ id: randomUUID(), type, time: time.toISOString(), jurisdiction, specversion: '1.0' }) as WebhookEvent;

  const enqueue = (e: WebhookEvent) =>
    withTenant(ds, e.jurisdiction, (tx) => enqueueWebhookDeliveries(tx, e));

  it('records one delivery per active, matching subscription of the jurisdiction, once per event', async () => {
    const all = await subscribe(j);
    const filtered = await subscribe(j, ['uocava.ballot.returned.v1']);
    const disabled = await subscribe(j);
    await withTenant(ds, j, (tx) => disableWebhookSubscription(tx, j, disabled.subscriptionId, 'test'));
    const elsewhere = await subscribe(other);

    const e = event(j);
    expect(await enqueue(e)).toBe(1);
    expect(await enqueue(e)).toBe(0); // a redelivery of the same event
    expect(await enqueue(event(j, 'uocava.ballot.returned.v1'))).toBe(2);
    const count = async (jurisdictionId: string, id: string) =>
      (await withTenant(ds, jurisdictionId, (tx) => listWebhookDeliveries(tx, jurisdictionId, id))).length;
    expect(await count(j, all.subscriptionId)).toBe(2);
    expect(await count(j, filtered.subscriptionId)).toBe(1);
    expect(await count(j, disabled.subscriptionId)).toBe(0);
    expect(await count(other, elsewhere.subscriptionId)).toBe(0);
    // another jurisdiction's scope sees none of them
    expect(await count(other, all.subscriptionId)).toBe(0);
    await withTenant(ds, j, (tx) => disableWebhookSubscription(tx, j, all.subscriptionId, 'test'));
    await withTenant(ds, j, (tx) => disableWebhookSubscription(tx, j, filtered.subscriptionId, 'test'));
  });

  it('leases: one holder at a time, an expired lease is taken over and the old holder refused', async () => {
    const jj = `hookl-${randomBytes(3).toString('hex')}`;
    const owner = await ownerClient();
    await owner.query(`INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Lease', 'OH')`, [
      jj,
    ]);
    await owner.end();
    const sub = await subscribe(jj);
    await enqueue(event(jj));
    const claim = (token: string, leaseMs: number) =>
      withTenant(ds, jj, (tx) => claimWebhookDeliveries(tx, jj, token, leaseMs, 10));
    const first = randomUUID();
    const [held] = await claim(first, 300);
    expect(held.subscriptionId).toBe(sub.subscriptionId);
    const keys = await keyRing.forJurisdiction(jj);
    expect(openWebhookSecret(keys, sub.subscriptionId, held.sealedSecret)).toBe(sub.secret);
    expect(await claim(randomUUID(), 300)).toEqual([]); // held
    await new Promise((r) => setTimeout(r, 400));
    const second = randomUUID();
    const [again] = await claim(second, 5000);
    expect(again.deliveryId).toBe(held.deliveryId);
    const delivered = { kind: 'delivered', attempts: 1, status: 204 } as const;
    // the first holder's lease ran out: its outcome is not recorded
    expect(
      await withTenant(ds, jj, (tx) => recordWebhookAttempt(tx, held.deliveryId, first, delivered)),
    ).toBe(false);
    expect(
      await withTenant(ds, jj, (tx) => recordWebhookAttempt(tx, held.deliveryId, second, delivered)),
    ).toBe(true);
    const [row] = await withTenant(ds, jj, (tx) => listWebhookDeliveries(tx, jj, sub.subscriptionId));
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 204 });

    // replay: queued again from its event time, attempts start over, same delivery id
    const replayed = await withTenant(ds, jj, (tx) =>
      replayWebhookDeliveries(tx, jj, sub.subscriptionId, new Date(Date.now() - 60_000).toISOString()),
    );
    expect(replayed).toEqual({ requeued: 1, pending: 0 });
    const [requeued] = await withTenant(ds, jj, (tx) => listWebhookDeliveries(tx, jj, sub.subscriptionId));
    expect(requeued).toMatchObject({
      deliveryId: held.deliveryId,
      status: 'pending',
      attempts: 0,
      replays: 1,
    });
    const future = await withTenant(ds, jj, (tx) =>
      replayWebhookDeliveries(tx, jj, sub.subscriptionId, new Date(Date.now() + 60_000).toISOString()),
    );
    expect(future).toEqual({ requeued: 0, pending: 0 });
  });

  it('concurrent claimers never get the same delivery (SKIP LOCKED)', async () => {
    const jj = `hookc-${randomBytes(3).toString('hex')}`;
    const owner = await ownerClient();
    await owner.query(
      `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Claims', 'OH')`,
      [jj],
    );
    await owner.end();
    await subscribe(jj);
    for (let i = 0; i < 20; i++) await enqueue(event(jj));
    const claims = await Promise.all(
      Array.from({ length: 4 }, () =>
        withTenant(ds, jj, (tx) => claimWebhookDeliveries(tx, jj, randomUUID(), 5000, 8)),
      ),
    );
    const ids = claims.flat().map((c) => c.deliveryId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(20);
  });

  it('the sender signs, retries with backoff and marks failed after the maximum attempts', async () => {
    const jj = `hooks-${randomBytes(3).toString('hex')}`;
    const owner = await ownerClient();
    await owner.query(
      `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Sender', 'OH')`,
      [jj],
    );
    await owner.end();
    const ok = await subscribe(jj, [], 'https://hooks.example.org/ok');
    const dead = await subscribe(jj, ['uocava.ballot.returned.v1'], 'https://hooks.example.org/dead');
    const calls: Array<{ url: string; at: number; id: string }> = [];
    let okFailures = 2;
    const poster = async (
      url: string,
      req: { body: string; headers: Record<string, string> },
    ): Promise<AttemptResult> => {
      // the sender sweeps every jurisdiction: the earlier tests' deliveries are simply accepted
      if (!url.endsWith('/ok') && !url.endsWith('/dead')) return { status: 200 };
      const secret = url.endsWith('/ok') ? ok.secret : dead.secret;
      new Webhook(secret).verify(req.body, req.headers); // throws unless signed with this subscription's secret
      calls.push({ url, at: Date.now(), id: req.headers['webhook-id'] });
      if (url.endsWith('/dead')) return { status: 500 };
      return okFailures-- > 0 ? { status: null, error: 'ECONNREFUSED' } : { status: 200 };
    };
    const sender = new WebhookSender(ds, keyRing, settings, poster, { log: () => undefined });
    sender.start();
    try {
      await enqueue(event(jj, 'uocava.ballot.returned.v1'));
      const settled = async () => {
        const rows = await withTenant(ds, jj, async (tx) => [
          ...(await listWebhookDeliveries(tx, jj, ok.subscriptionId)),
          ...(await listWebhookDeliveries(tx, jj, dead.subscriptionId)),
        ]);
        return rows.length === 2 && rows.every((r) => r.status !== 'pending') ? true : undefined;
      };
      await eventually(settled, 20000, 'both deliveries settled');
    } finally {
      await sender.stop();
    }
    const okCalls = calls.filter((c) => c.url.endsWith('/ok'));
    expect(okCalls).toHaveLength(3);
    expect(new Set(okCalls.map((c) => c.id)).size).toBe(1); // the same webhook-id on every attempt
    // backoff: at least half the schedule between attempts (base 50 ms, doubling)
    expect(okCalls[1].at - okCalls[0].at).toBeGreaterThanOrEqual(25);
    expect(okCalls[2].at - okCalls[1].at).toBeGreaterThanOrEqual(50);
    const [failed] = await withTenant(ds, jj, (tx) => listWebhookDeliveries(tx, jj, dead.subscriptionId));
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastStatus: 500, lastError: 'http 500' });
    const [delivered] = await withTenant(ds, jj, (tx) => listWebhookDeliveries(tx, jj, ok.subscriptionId));
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
  });
});
