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
import { dataSourceOptions, withTenant } from '@uocava/database';
import { eventually } from '@uocava/testing';
import type { DeliveredMessage } from './bus';
import { newEvent, toWire } from './cloudevents';
import { IdempotentConsumer } from './consumer';
import { KafkaJsBus } from './kafkajs-bus';
import { TOPICS_WITH_DLQ } from './messaging.module';
import { enqueueEvent, OutboxRelay } from './outbox';

const brokers = () => process.env.KAFKA_BROKERS!.split(',');

function submitted(jurisdictionId: string, requestId = randomUUID()) {
  return newEvent(
    'uocava.request.submitted.v1',
    {
      requestId,
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
}

describe('messaging on real Postgres and Kafka', () => {
  let ds: DataSource;
  let bus: KafkaJsBus;
  const jurisdictionId = `msg-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 4 }),
    ).initialize();
    bus = new KafkaJsBus({ brokers: brokers(), clientId: 'messaging-test' });
    await bus.ensureTopics(TOPICS_WITH_DLQ);
    await ds.query(
      `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Messaging Test', 'OH')`,
      [jurisdictionId],
    );
    await ds.query(
      `CREATE TABLE IF NOT EXISTS test_effects (event_id uuid NOT NULL, consumer text NOT NULL)`,
    );
  });

  afterAll(async () => {
    await bus.disconnect();
    await ds.destroy();
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
          await tx.query(`INSERT INTO test_effects (event_id, consumer) VALUES ($1, $2)`, [event.id, name]);
        },
      },
    });
  }

  const effects = async (consumer: string, eventId: string) =>
    Number(
      (
        await ds.query(`SELECT count(*) AS n FROM test_effects WHERE consumer = $1 AND event_id = $2`, [
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
    const [row] = await ds.query(`SELECT published_at FROM outbox WHERE event_id = $1`, [event.id]);
    expect(row.published_at).toBeNull(); // published, but the mark died with the process

    const consumerName = `crash-${randomBytes(3).toString('hex')}`;
    const consumer = effectConsumer(consumerName);
    await consumer.start();
    try {
      const relay = new OutboxRelay(ds, bus);
      expect(await relay.publishBatch()).toBeGreaterThanOrEqual(1); // the restarted relay publishes it again
      const [after] = await ds.query(`SELECT published_at FROM outbox WHERE event_id = $1`, [event.id]);
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
