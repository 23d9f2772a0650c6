import type { DataSource } from 'typeorm';
import type { MessageBus, SubscriptionStatus } from './bus';
import fc from 'fast-check';
import { IdempotentConsumer, isInfrastructureError, jurisdictionStretches } from './consumer';

describe('isInfrastructureError', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: '08006', message: 'connection failure' }],
    [{ code: '53300', message: 'too many connections' }],
    [new Error('Connection terminated unexpectedly')],
    [{ message: 'query failed', driverError: { code: 'ECONNRESET' } }],
  ])('waits out a database outage: %p', (error) => {
    expect(isInfrastructureError(error)).toBe(true);
  });

  it.each([
    [new Error('not a valid ballot request id')],
    [{ code: '23505', message: 'duplicate key value violates unique constraint' }],
    [{ code: '22P02', message: 'invalid input syntax for type uuid' }],
    [undefined],
  ])('treats message-specific failures as retry-then-dead-letter: %p', (error) => {
    expect(isInfrastructureError(error)).toBe(false);
  });
});

describe('IdempotentConsumer.health (what /health/ready reports)', () => {
  function consumerWith(status: SubscriptionStatus | undefined) {
    const bus = {
      subscribe: async () => ({ stop: async () => undefined, status: status ? () => status : undefined }),
    } as unknown as MessageBus;
    return new IdempotentConsumer({} as DataSource, bus, { name: 'c', topics: ['t'], handlers: {} });
  }
  const t0 = 1_000_000;

  it('is not ready before it started', () => {
    expect(consumerWith(undefined).health(30000, t0).ok).toBe(false);
  });

  it('is ready while it runs and keeps up, and while it has not been down for the grace period', async () => {
    const running = consumerWith({
      running: true,
      notRunningSince: null,
      inHand: 0,
      lastProgressAt: t0 - 600000,
    });
    await running.start();
    expect(running.health(30000, t0)).toMatchObject({ ok: true, detail: 'caught up' });
    const joining = consumerWith({
      running: false,
      notRunningSince: t0 - 5000,
      inHand: 0,
      lastProgressAt: t0,
    });
    await joining.start();
    expect(joining.health(30000, t0).ok).toBe(true);
  });

  it('is not ready 30 s after it stopped running, or when it holds messages without finishing one', async () => {
    const crashed = consumerWith({
      running: false,
      notRunningSince: t0 - 30000,
      inHand: 0,
      lastProgressAt: t0,
    });
    await crashed.start();
    expect(crashed.health(30000, t0)).toMatchObject({ ok: false, detail: 'not running for 30 s' });
    const stuck = consumerWith({
      running: true,
      notRunningSince: null,
      inHand: 7,
      lastProgressAt: t0 - 31000,
    });
    await stuck.start();
    expect(stuck.health(30000, t0)).toMatchObject({
      ok: false,
      detail: '7 message(s) in hand, none finished for 31 s',
    });
    const busy = consumerWith({ running: true, notRunningSince: null, inHand: 7, lastProgressAt: t0 - 2000 });
    await busy.start();
    expect(busy.health(30000, t0).ok).toBe(true);
  });
});

describe('jurisdictionStretches (a run scoped once per stretch of one jurisdiction)', () => {
  const item = (jurisdiction: string, n: number) => ({ event: { jurisdiction }, n });

  it('splits a run where the jurisdiction changes, keeping the order', () => {
    const run = [item('a', 1), item('a', 2), item('b', 3), item('a', 4), item('a', 5)];
    expect(jurisdictionStretches(run).map((s) => s.map((i) => i.n))).toEqual([[1, 2], [3], [4, 5]]);
    expect(jurisdictionStretches([])).toEqual([]);
  });

  it('gives every item back once, in order, each stretch of one jurisdiction (any run)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 60 }), (js) => {
        const run = js.map((j, n) => item(j, n));
        const stretches = jurisdictionStretches(run);
        expect(stretches.flat()).toEqual(run);
        for (const s of stretches) expect(new Set(s.map((i) => i.event.jurisdiction)).size).toBe(1);
        for (let k = 1; k < stretches.length; k++)
          expect(stretches[k][0].event.jurisdiction).not.toBe(stretches[k - 1][0].event.jurisdiction);
      }),
    );
  });
});
