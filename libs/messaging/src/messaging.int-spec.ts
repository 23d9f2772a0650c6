/**
 * The messaging guarantees, against the real Postgres and Kafka of the test run: nothing lost when
 * the relay dies between publish and mark, no second effect on redelivery, and a poison message
 * parked in the dead-letter topic while the messages behind it are processed.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { dlqTopic, TOPICS } from '@uocava/contracts';
import { claimOutboxRelay, dataSourceOptions, UNPUBLISHED_OUTBOX_QUERY, withTenant } from '@uocava/database';
import { eventually, submittedEvent } from '@uocava/testing';
import type { DeliveredMessage } from './bus';
import { newEvent, toWire } from './cloudevents';
import { IdempotentConsumer } from './consumer';
import { KafkaJsBus } from './kafkajs-bus';
import { TOPICS_WITH_DLQ } from './messaging.module';
import { enqueueEvent, OutboxRelay } from './outbox';

const brokers = () => process.env.KAFKA_BROKERS!.split(',');

const submitted = submittedEvent;

describe('messaging on real Postgres and Kafka', () => {
  /** the apps' role (DATABASE_URL): relay and consumers run under row-level security */
  let ds: DataSource;
  /** the owner of the tables: set-up and assertions below the API */
  let owner: DataSource;
  let bus: KafkaJsBus;
  const jurisdictionId = `msg-${randomBytes(3).toString('hex')}`;
  const otherJurisdictionId = `msg-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 4 }),
    ).initialize();
    owner = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_OWNER_URL!, poolSize: 2 }),
    ).initialize();
    bus = new KafkaJsBus({ brokers: brokers(), clientId: 'messaging-test' });
    await bus.ensureTopics(TOPICS_WITH_DLQ);
    for (const j of [jurisdictionId, otherJurisdictionId]) {
      await withTenant(ds, j, (tx) =>
        tx.query(
          `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Messaging Test', 'OH')`,
          [j],
        ),
      );
    }
    // a test table of effects (no jurisdiction_id: not a tenant table), written by the app role
    await owner.query(
      `CREATE TABLE IF NOT EXISTS test_effects (event_id uuid NOT NULL, consumer text NOT NULL, scope text)`,
    );
    await owner.query(`GRANT SELECT, INSERT ON test_effects TO uocava_app`);
  });

  afterAll(async () => {
    await bus.disconnect();
    await ds.destroy();
    await owner.destroy();
  });

  /** A consumer whose effect is one row per processed event, in the same transaction as its inbox row. */
  function effectConsumer(name: string, onEvent?: (id: string) => void) {
    return new IdempotentConsumer(ds, bus, {
      name,
      topics: [TOPICS.requests],
      baseBackoffMs: 20,
      maxAttempts: 3,
      handlers: {
        'uocava.request.submitted.v1': async (event, tx) => {
          onEvent?.(event.id);
          await tx.query(
            `INSERT INTO test_effects (event_id, consumer, scope)
             VALUES ($1, $2, current_setting('app.jurisdiction_id', true))`,
            [event.id, name],
          );
        },
      },
    });
  }

  const effects = async (consumer: string, eventId: string) =>
    Number(
      (
        await owner.query(`SELECT count(*) AS n FROM test_effects WHERE consumer = $1 AND event_id = $2`, [
          consumer,
          eventId,
        ])
      )[0].n,
    );

  it('never loses an event when the relay is killed between publish and mark', async () => {
    // Only this test's events are pending: drain whatever other tests left first.
    await new OutboxRelay(ds, bus).publishBatch();
    const event = submitted(jurisdictionId);
    await withTenant(ds, jurisdictionId, (tx) => enqueueEvent(tx, event));

    const child = spawnSync(
      'node',
      ['-r', '@swc-node/register', join(__dirname, '../../../test/fixtures/relay-crash.ts')],
      {
        env: process.env,
        encoding: 'utf8',
        timeout: 60000,
      },
    );
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain(event.id);
    const [row] = await owner.query(`SELECT published_at FROM outbox WHERE event_id = $1`, [event.id]);
    expect(row.published_at).toBeNull(); // published, but the mark died with the process

    const consumerName = `crash-${randomBytes(3).toString('hex')}`;
    const consumer = effectConsumer(consumerName);
    await consumer.start();
    try {
      const relay = new OutboxRelay(ds, bus);
      expect(await relay.publishBatch()).toBeGreaterThanOrEqual(1); // the restarted relay publishes it again
      const [after] = await owner.query(`SELECT published_at FROM outbox WHERE event_id = $1`, [event.id]);
      expect(after.published_at).not.toBeNull();
      await eventually(
        async () => (consumer.counts.duplicate >= 1 ? true : undefined),
        60000,
        'the second delivery',
      );
      expect(await effects(consumerName, event.id)).toBe(1); // delivered twice, applied once
    } finally {
      await consumer.stop();
    }
  });

  it('the relay publishes every jurisdiction in one ordered batch; nothing else reads the outbox unscoped', async () => {
    await new OutboxRelay(ds, bus).publishBatch(); // drain what other tests left
    const a = submitted(jurisdictionId);
    const b = submitted(otherJurisdictionId);
    await withTenant(ds, jurisdictionId, (tx) => enqueueEvent(tx, a));
    await withTenant(ds, otherJurisdictionId, (tx) => enqueueEvent(tx, b));
    // without the relay's setting the app role sees neither row, and within one tenant only its own
    expect(await ds.query(`SELECT 1 FROM outbox WHERE event_id = ANY($1::uuid[])`, [[a.id, b.id]])).toEqual(
      [],
    );
    const mine: Array<{ event_id: string }> = await withTenant(ds, jurisdictionId, (tx) =>
      tx.query(`SELECT event_id FROM outbox WHERE event_id = ANY($1::uuid[])`, [[a.id, b.id]]),
    );
    expect(mine.map((r) => r.event_id)).toEqual([a.id]);
    // a tenant transaction cannot mark another jurisdiction's event published
    await withTenant(ds, jurisdictionId, (tx) =>
      tx.query(`UPDATE outbox SET published_at = now() WHERE event_id = $1`, [b.id]),
    );
    expect(
      (await owner.query(`SELECT published_at FROM outbox WHERE event_id = $1`, [b.id]))[0].published_at,
    ).toBeNull();

    expect(await new OutboxRelay(ds, bus).publishBatch()).toBeGreaterThanOrEqual(2);
    const marked: Array<{ event_id: string; published_at: Date | null }> = await owner.query(
      `SELECT event_id, published_at FROM outbox WHERE event_id = ANY($1::uuid[]) ORDER BY outbox_id`,
      [[a.id, b.id]],
    );
    expect(marked.map((r) => r.event_id)).toEqual([a.id, b.id]);
    expect(marked.every((r) => r.published_at !== null)).toBe(true);
  });

  it('a relay that finds another holding the outbox waits instead of asking every poll', async () => {
    // another relay's turn, held open in a transaction of its own
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let claimed!: (won: boolean) => void;
    const claim = new Promise<boolean>((resolve) => (claimed = resolve));
    const holder = ds.transaction(async (tx) => {
      claimed(await claimOutboxRelay(tx));
      await released;
    });
    expect(await claim).toBe(true);
    let attempts = 0;
    const counting = Object.create(ds) as DataSource;
    counting.transaction = ((...args: Parameters<DataSource['transaction']>) => {
      attempts++;
      return (ds.transaction as (...a: unknown[]) => Promise<unknown>).apply(ds, args);
    }) as DataSource['transaction'];
    const relay = new OutboxRelay(counting, bus, { pollIntervalMs: 50 });
    const event = submitted(jurisdictionId);
    await withTenant(ds, jurisdictionId, (tx) => enqueueEvent(tx, event));
    relay.start();
    try {
      // 1.2 s of commits nudging it: at 50 ms it asked 24 times or more; it waits 500 ms a time
      for (let k = 0; k < 12; k++) {
        await new Promise((r) => setTimeout(r, 100));
        relay.notify();
      }
      expect(attempts).toBeGreaterThanOrEqual(2);
      expect(attempts).toBeLessThanOrEqual(4);
      release();
      await holder;
      await eventually(
        async () =>
          (await owner.query(`SELECT published_at FROM outbox WHERE event_id = $1`, [event.id]))[0]
            .published_at !== null || undefined,
        5000,
        'the event published once the outbox is free',
      );
    } finally {
      release();
      await relay.stop();
    }
  });

  it('a batched run spanning jurisdictions applies each event in its own jurisdiction scope', async () => {
    const consumerName = `mixed-${randomBytes(3).toString('hex')}`;
    const consumer = effectConsumer(consumerName);
    const events = [submitted(jurisdictionId), submitted(otherJurisdictionId), submitted(jurisdictionId)];
    const messages: DeliveredMessage[] = events.map((e, i) => ({
      ...toWire(e),
      topic: TOPICS.requests,
      partition: 0,
      offset: String(i),
    }));
    const outcomes = await consumer.processBatch(messages);
    expect(outcomes.map(([, o]) => o)).toEqual(['processed', 'processed', 'processed']);
    // each inbox row passed its policy under its own event's jurisdiction, and so did the effect
    const rows: Array<{ event_id: string; scope: string }> = await owner.query(
      `SELECT event_id, scope FROM test_effects WHERE consumer = $1`,
      [consumerName],
    );
    expect(Object.fromEntries(rows.map((r) => [r.event_id, r.scope]))).toEqual(
      Object.fromEntries(events.map((e) => [e.id, e.jurisdiction])),
    );
    const inbox: Array<{ event_id: string; jurisdiction_id: string }> = await owner.query(
      `SELECT event_id, jurisdiction_id FROM inbox WHERE consumer = $1`,
      [consumerName],
    );
    expect(inbox).toHaveLength(3);
    expect(await consumer.processBatch(messages)).toEqual(messages.map((m) => [m, 'duplicate']));

    // a run's inbox rows go in one statement per stretch of a jurisdiction: an event seen before,
    // and one delivered twice within the run, each still take effect once
    const fresh = submitted(jurisdictionId);
    const again: DeliveredMessage[] = [messages[0], fresh, fresh].map((e, i) => ({
      ...('topic' in e ? e : toWire(e)),
      topic: TOPICS.requests,
      partition: 0,
      offset: String(10 + i),
    }));
    expect((await consumer.processBatch(again)).map(([, o]) => o)).toEqual([
      'duplicate',
      'processed',
      'duplicate',
    ]);
    expect(await effects(consumerName, fresh.id)).toBe(1);
    expect(await effects(consumerName, events[0].id)).toBe(1);
  });

  it('a run handler needing a second connection applies a run of more jurisdictions than the pool has', async () => {
    // the key ring reads a jurisdiction's keys on a connection of its own while the run's
    // transaction holds one: taken in parallel, three jurisdictions on a pool of two would hold
    // both connections and wait for a third, for ever (the app's health check with them)
    const small = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 2 }),
    ).initialize();
    const third = `msg-${randomBytes(3).toString('hex')}`;
    await withTenant(small, third, (tx) =>
      tx.query(
        `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Messaging Test', 'OH')`,
        [third],
      ),
    );
    const name = `pool-${randomBytes(3).toString('hex')}`;
    const consumer = new IdempotentConsumer(small, bus, {
      name,
      topics: [TOPICS.requests],
      handlers: { 'uocava.request.submitted.v1': async () => undefined },
      runHandler: async (events, tx) => {
        await small.query(`SELECT 1`); // another connection, as the key ring's first read takes one
        for (const event of events)
          await tx.query(
            `INSERT INTO test_effects (event_id, consumer, scope) VALUES ($1, $2, current_setting('app.jurisdiction_id', true))`,
            [event.id, name],
          );
      },
    });
    const events = [jurisdictionId, otherJurisdictionId, third].flatMap((j) => [submitted(j), submitted(j)]);
    const messages: DeliveredMessage[] = events.map((e, i) => ({
      ...toWire(e),
      topic: TOPICS.requests,
      partition: 0,
      offset: String(i),
    }));
    try {
      let timer: NodeJS.Timeout | undefined;
      const stuck = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('the run waits for a connection it holds')), 20_000);
      });
      const outcomes = await Promise.race([consumer.processBatch(messages), stuck]).finally(() =>
        clearTimeout(timer),
      );
      expect(outcomes.map(([, o]) => o)).toEqual(events.map(() => 'processed'));
      const rows: Array<{ event_id: string; scope: string }> = await owner.query(
        `SELECT event_id, scope FROM test_effects WHERE consumer = $1`,
        [name],
      );
      expect(Object.fromEntries(rows.map((r) => [r.event_id, r.scope]))).toEqual(
        Object.fromEntries(events.map((e) => [e.id, e.jurisdiction])),
      );
    } finally {
      await small.destroy();
    }
  }, 60_000);

  it('passes by the types it has no handler for, inside a run, without parsing or recording them', async () => {
    const consumerName = `pass-${randomBytes(3).toString('hex')}`;
    const consumer = effectConsumer(consumerName);
    const a = submitted(jurisdictionId);
    const b = submitted(jurisdictionId);
    const verified = newEvent(
      'uocava.request.verified.v1',
      {
        requestId: a.data.requestId,
        jurisdictionId,
        decidedBy: 'automatic',
        decidedAt: new Date().toISOString(),
      },
      'urn:test',
    );
    // a type it does not handle, whose body is not even JSON: not its business, never parsed
    const notJson = { ...toWire(verified), value: Buffer.from('not json') };
    const wires = [toWire(a), toWire(verified), notJson, toWire(b)];
    const messages: DeliveredMessage[] = wires.map((w, i) => ({
      ...w,
      topic: TOPICS.requests,
      partition: 0,
      offset: String(i),
    }));
    expect((await consumer.processBatch(messages)).map(([, o]) => o)).toEqual([
      'processed',
      'ignored',
      'ignored',
      'processed',
    ]);
    const inbox: Array<{ event_id: string }> = await owner.query(
      `SELECT event_id FROM inbox WHERE consumer = $1 ORDER BY event_id`,
      [consumerName],
    );
    expect(inbox.map((r) => r.event_id)).toEqual([a.id, b.id].sort());
    expect([await effects(consumerName, a.id), await effects(consumerName, b.id)]).toEqual([1, 1]);
    // the two it applies went in one transaction (their inbox rows share its start time)
    const [{ n }] = await owner.query(
      `SELECT count(DISTINCT processed_at)::int AS n FROM inbox WHERE consumer = $1`,
      [consumerName],
    );
    expect(n).toBe(1);
    // alone, too: nothing parked, nothing recorded
    expect(await consumer.process({ ...notJson, topic: TOPICS.requests, partition: 0, offset: '9' })).toBe(
      'ignored',
    );
  });

  it('the relay reads the outbox by index scan, whatever the statistics (dead entries skipped)', async () => {
    // many published rows (dead entries in the partial index until VACUUM), a few not
    // (in one transaction: no relay ever sees them unpublished)
    await owner.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO outbox (jurisdiction_id, event_id, topic, message_key, event_type, headers, payload)
         SELECT $1, gen_random_uuid(), 'uocava.test', 'k', 'uocava.request.submitted.v1', '{}', '{}'
           FROM generate_series(1, 3000)`,
        [jurisdictionId],
      );
      await tx.query(
        `UPDATE outbox SET published_at = now() WHERE published_at IS NULL AND topic = 'uocava.test'`,
      );
    });
    const plan = async (): Promise<string> =>
      ds.transaction(async (tx) => {
        await claimOutboxRelay(tx);
        const rows: Array<{ 'QUERY PLAN': string }> = await tx.query(
          `EXPLAIN ${UNPUBLISHED_OUTBOX_QUERY.replace('$1', '500')}`,
        );
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    for (const when of ['as it is', 'after ANALYZE']) {
      if (when === 'after ANALYZE') await owner.query(`ANALYZE outbox`);
      const shape = await plan();
      expect({ when, scan: /Index Scan using outbox_unpublished/.test(shape) }).toEqual({ when, scan: true });
      expect(shape).not.toMatch(/Bitmap|Seq Scan|Sort/);
    }
  });

  it('a handler running longer than the Kafka session keeps its group: the message is handed out once', async () => {
    // a new group's first run through a backlog can take longer than the 6 s session; a member
    // silent that long is dropped, cannot commit the run and has it handed out again
    const topic = `test.long-handler.${randomBytes(3).toString('hex')}`;
    // a topic just created may not have its leader yet: kafkajs' wait for it can throw once
    await eventually(() => bus.ensureTopics([topic], 1).then(() => true), 20000, 'the test topic');
    const message = (value: string) => ({ key: 'a', value: Buffer.from(value), headers: {} });
    await eventually(
      () => bus.publish(topic, [message('slow'), message('next')]).then(() => true),
      20000,
      'the messages published',
    );
    const deliveries: string[] = [];
    const sub = await bus.subscribe({
      groupId: `long-handler-${randomBytes(3).toString('hex')}`,
      topics: [topic],
      handle: async (delivered) => {
        deliveries.push(delivered.offset);
        if (delivered.offset === '0') await new Promise((r) => setTimeout(r, 9000));
      },
    });
    try {
      await eventually(
        async () => (deliveries.includes('1') ? true : undefined),
        30000,
        'the second message',
      );
      // a rebalance would hand the first message out again once its handler returned
      await new Promise((r) => setTimeout(r, 3000));
      expect(deliveries).toEqual(['0', '1']);
    } finally {
      await sub.stop();
    }
  }, 60000);

  it('a duplicate delivery causes no second effect', async () => {
    const event = submitted(jurisdictionId);
    const consumerName = `dup-${randomBytes(3).toString('hex')}`;
    const consumer = effectConsumer(consumerName);
    const message: DeliveredMessage = { ...toWire(event), topic: TOPICS.requests, partition: 0, offset: '0' };
    expect(await consumer.process(message)).toBe('processed');
    expect(await consumer.process(message)).toBe('duplicate');
    expect(await consumer.process(message)).toBe('duplicate');
    expect(await effects(consumerName, event.id)).toBe(1);
  });

  it('parks a poison message in the dead-letter topic and processes the messages behind it', async () => {
    const consumerName = `poison-${randomBytes(3).toString('hex')}`;
    const processed: string[] = [];
    const consumer = effectConsumer(consumerName, (id) => processed.push(id));
    // Three messages on one key (one partition, in order): good, poison, good.
    const requestId = randomUUID();
    const first = submitted(jurisdictionId, requestId);
    const last = submitted(jurisdictionId, requestId);
    const poison = toWire(submitted(jurisdictionId, requestId));
    poison.value = Buffer.from('{"requestId": "not even', 'utf8');
    const schemaBreaker = toWire(submitted(jurisdictionId, requestId));
    schemaBreaker.value = Buffer.from(
      JSON.stringify({ requestId, jurisdictionId, voterName: 'Jane Doe' }),
      'utf8',
    );
    await bus.publish(TOPICS.requests, [toWire(first), poison, schemaBreaker, toWire(last)]);

    const dlq: DeliveredMessage[] = [];
    const dlqSub = await bus.subscribe({
      groupId: `dlq-reader-${randomBytes(3).toString('hex')}`,
      topics: [dlqTopic(TOPICS.requests)],
      handle: async (m) => {
        if (m.key === requestId) dlq.push(m);
      },
    });
    await consumer.start();
    try {
      await eventually(
        async () => (processed.includes(last.id) ? true : undefined),
        60000,
        'the message behind the poison',
      );
      expect(processed).toContain(first.id);
      await eventually(
        async () => (dlq.length >= 2 ? true : undefined),
        60000,
        'the poison in the dead-letter topic',
      );
      const errors = dlq.map((m) => m.headers.dlq_error);
      expect(errors.some((e) => /not JSON/.test(e))).toBe(true);
      expect(
        errors.some((e) => /must NOT have additional properties|must have required property/.test(e)),
      ).toBe(true);
      for (const m of dlq) {
        expect(m.headers).toMatchObject({ dlq_original_topic: TOPICS.requests, dlq_consumer: consumerName });
      }
      expect(dlq[0].value.toString()).toBe('{"requestId": "not even'); // never lost: the original bytes are kept
    } finally {
      await consumer.stop();
      await dlqSub.stop();
    }
  });

  it('retries a transient failure with backoff, then succeeds without dead-lettering', async () => {
    let failures = 2;
    const consumer = new IdempotentConsumer(ds, bus, {
      name: `retry-${randomBytes(3).toString('hex')}`,
      topics: [TOPICS.requests],
      baseBackoffMs: 10,
      handlers: {
        'uocava.request.submitted.v1': async () => {
          if (failures-- > 0) throw new Error('database briefly unavailable');
        },
      },
    });
    const event = submitted(jurisdictionId);
    const outcome = await consumer.process({
      ...toWire(event),
      topic: TOPICS.requests,
      partition: 0,
      offset: '0',
    });
    expect(outcome).toBe('processed');
    expect(failures).toBe(-1);
  });
});
