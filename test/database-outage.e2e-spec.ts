/**
 * The gateway while Postgres is unreachable (issue 14): it stays live and ready, answers 503
 * problem+json with Retry-After itself (never 500), and recovers by itself once the database is
 * back. The outage is a TCP proxy between the gateway process and the run's Postgres, cut and
 * restored (the shared server itself is not stopped).
 */
import { validFpcaExample } from '@uocava/domain';
import { TOPICS } from '@uocava/contracts';
import { KafkaJsBus, newEvent, toWire } from '@uocava/messaging';
import { createOffice, eventually, gatewayClient, waitForConsumerGroup } from '@uocava/testing';
import { CuttableProxy } from './harness/cuttable-proxy';
import { startProcessStack, type ProcessStack } from './harness/processes';

describe('gateway while Postgres is down', () => {
  let stack: ProcessStack;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL!);
    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.up();
    url.host = `127.0.0.1:${proxy.port}`;
    stack = await startProcessStack(['gateway', 'verification'], {
      env: { DATABASE_URL: url.toString(), HEALTH_GRACE_MS: '3000' },
    });
    await waitForConsumerGroup(`${stack.consumerGroupPrefix}verification`, [TOPICS.requests]);
  }, 120000);

  afterAll(async () => {
    await stack?.stop();
    await proxy?.down();
  });

  it('answers 503 with Retry-After, stays ready, and recovers by itself', async () => {
    const { jurisdictionId } = await createOffice({ prefix: 'pgdown', roles: [] });
    const voter = () => ({ ...validFpcaExample(), jurisdictionId });
    const http = gatewayClient(stack.baseUrl);
    expect((await http.submit(voter())).status).toBe(202);

    await proxy.down();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await http.submit(voter());
      statuses.push(res.status);
      if (res.status === 503) {
        expect(res.headers.get('retry-after')).toBe('5');
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(await res.json()).toMatchObject({
          status: 503,
          type: 'https://uocava.example/problems/unavailable',
        });
      }
    }
    expect(statuses.every((s) => s === 503)).toBe(true);
    expect((await fetch(`${stack.baseUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${stack.baseUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${stack.baseUrl}/health`)).status).toBe(503); // the full check says what is down

    await proxy.up();
    const back = Date.now();
    let last = 0;
    await eventually(
      async () => {
        last = (await http.submit(voter())).status;
        return last < 500 ? true : undefined; // the same voter again: accepted as a duplicate
      },
      30000,
      'recovery',
    ).catch((e: unknown) => {
      throw new Error(`${String(e)} (last status ${last})\n${stack.output('gateway')}`);
    });
    const seconds = (Date.now() - back) / 1000;
    process.stderr.write(
      `[database-outage] gateway answered again ${seconds.toFixed(1)} s after Postgres was back\n`,
    );
    expect(seconds).toBeLessThan(10);
  }, 120000);

  it('a worker whose consumer is stuck (database down, a message in hand) is not ready, then ready again', async () => {
    const ready = async () => {
      const res = await fetch(`${stack.url('verification')}/health/ready`);
      return {
        status: res.status,
        body: (await res.json()) as { consumers: Record<string, { ok: boolean; detail: string }> },
      };
    };
    expect((await ready()).status).toBe(200);
    const { jurisdictionId } = await createOffice({ prefix: 'stuck', roles: [] });
    await proxy.down();
    const bus = new KafkaJsBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'outage-test' });
    try {
      // an event the worker fetches but cannot finish while the database is down
      const event = newEvent(
        'uocava.request.submitted.v1',
        {
          requestId: crypto.randomUUID(),
          jurisdictionId,
          voterClass: 'active-duty',
          ballotDelivery: 'email',
          mailingCountry: 'DE',
          militaryPost: false,
          source: 'json',
          coversYear: 2026,
          submittedAt: new Date().toISOString(),
        },
        'urn:test',
      );
      // the worker may take the message in hand before publish() returns: the grace period
      // starts no earlier than the moment the message is sent
      const cut = Date.now();
      await bus.publish(TOPICS.requests, [toWire(event)]);
      const stuck = await eventually(
        async () => {
          const r = await ready();
          return r.status === 503 ? r : undefined;
        },
        30000,
        'the worker not ready',
      );
      expect(stuck.body.consumers.verification.detail).toMatch(/in hand, none finished/);
      // not before the grace period (3 s): the app's readiness check runs on its own timers, so
      // allow it 100 ms of scheduling slack against this process's clock (a fresh-clone CI run saw 2,938 ms)
      expect(Date.now() - cut).toBeGreaterThanOrEqual(2900);
      process.stderr.write(
        `[database-outage] verification not ready ${((Date.now() - cut) / 1000).toFixed(1)} s after the cut (grace 3 s)\n`,
      );
      expect((await fetch(`${stack.url('verification')}/health/live`)).status).toBe(200);
    } finally {
      await bus.disconnect();
      await proxy.up();
    }
    await eventually(async () => ((await ready()).status === 200 ? true : undefined), 30000, 'ready again');
  }, 120000);
});
