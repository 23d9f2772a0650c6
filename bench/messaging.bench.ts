/**
 * Events per second through the whole reliable path (outbox insert in a transaction -> relay ->
 * Kafka -> idempotent consumer with its inbox row in a transaction), as the apps' database role
 * (row-level security on the outbox and inbox, as in production), next to raw kafkajs
 * produce -> consume of the same number of messages on the same broker, in the same run.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import { dataSourceOptions, withTenant } from '@uocava/database';
import {
  enqueueEvent,
  IdempotentConsumer,
  kafkaClientConfig,
  KafkaJsBus,
  newEvent,
  OutboxRelay,
  TOPICS_WITH_DLQ,
} from '@uocava/messaging';
import { ratioFigure, type Benchmark } from './harness';

const N = Number(process.env.BENCH_MESSAGING_EVENTS ?? 5000);
const TX_BATCH = 100;

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function rawKafkajs(brokers: string[]): Promise<number> {
  const kafka = new Kafka(
    kafkaClientConfig({ clientId: 'bench-raw', brokers, extra: { logLevel: logLevel.NOTHING } }),
  );
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench.raw.${randomBytes(4).toString('hex')}`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer = kafka.consumer({ groupId: `bench-raw-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  await consumer.run({ eachMessage: async () => void received++ });
  const value = Buffer.from(JSON.stringify({ requestId: randomUUID(), jurisdictionId: 'bench', n: 0 }));
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i += TX_BATCH) {
    const messages = Array.from({ length: Math.min(TX_BATCH, N - i) }, () => ({ key: randomUUID(), value }));
    await producer.send({ topic, acks: -1, messages });
  }
  await waitFor(() => received >= N, 120000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await consumer.disconnect();
  await producer.disconnect();
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
  return N / seconds;
}

async function throughOutbox(databaseUrl: string, brokers: string[]): Promise<number> {
  const ds = await new DataSource(dataSourceOptions({ url: databaseUrl, poolSize: 6 })).initialize();
  const bus = new KafkaJsBus({ brokers, clientId: 'bench-outbox' });
  await bus.ensureTopics(TOPICS_WITH_DLQ);
  const jurisdictionId = `bench-${randomBytes(3).toString('hex')}`;
  await withTenant(ds, jurisdictionId, (tx) =>
    tx.query(`INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Bench', 'OH')`, [
      jurisdictionId,
    ]),
  );
  let processed = 0;
  const consumer = new IdempotentConsumer(ds, bus, {
    name: `bench-${randomBytes(4).toString('hex')}`,
    topics: [TOPICS.requests],
    handlers: {
      'uocava.request.submitted.v1': async (event) => {
        if (event.jurisdiction === jurisdictionId) processed++;
      },
    },
  });
  await consumer.start();
  const relay = new OutboxRelay(ds, bus, { pollIntervalMs: 5, batchSize: 500 });
  relay.start();
  const started = process.hrtime.bigint();
  for (let i = 0; i < N; i += TX_BATCH) {
    await withTenant(ds, jurisdictionId, async (tx) => {
      for (let j = i; j < Math.min(N, i + TX_BATCH); j++) {
        await enqueueEvent(
          tx,
          newEvent(
            'uocava.request.submitted.v1',
            {
              requestId: randomUUID(),
              jurisdictionId,
              voterClass: 'active-duty',
              ballotDelivery: 'email',
              mailingCountry: 'DE',
              militaryPost: false,
              source: 'json',
              coversYear: 2026,
              submittedAt: new Date().toISOString(),
            },
            'urn:bench',
          ),
        );
      }
    });
    relay.notify();
  }
  await waitFor(() => processed >= N, 300000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await relay.stop();
  await consumer.stop();
  await bus.disconnect();
  await ds.destroy();
  return N / seconds;
}

const bench: Benchmark = {
  name: 'messaging',
  needs: ['postgres', 'kafka'],
  async run(report, env) {
    const brokers = env.kafkaBrokers!.split(',');
    const raw = await rawKafkajs(brokers);
    const ours = await throughOutbox(env.databaseUrl!, brokers);
    report(
      ratioFigure(
        {
          name: 'messaging.outbox-to-idempotent-consumer',
          metric: 'events_per_second',
          value: Math.round(ours),
          unit: 'events/s',
          params: { events: N, producerBatch: TX_BATCH, partitions: 3 },
        },
        { name: 'raw kafkajs produce -> consume (same broker, same run)', value: Math.round(raw) },
      ),
    );
  },
};

export default bench;
