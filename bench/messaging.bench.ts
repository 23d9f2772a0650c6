/**
 * Events per second through the whole reliable path (outbox insert in the producer's transaction
 * -> relay -> Kafka -> idempotent consumer with its inbox row and the handler's write in one
 * transaction), as the apps' database role (row-level security on the outbox and inbox, as in
 * production), next to raw kafkajs produce -> consume on the same broker, in the same run.
 *
 * Both consumers do the same realistic work per event: one row written to Postgres (raw: one
 * INSERT per message, autocommit; ours: the same INSERT inside the inbox transaction). Our
 * producers are what production runs, `BENCH_MESSAGING_CONCURRENCY` callers in flight, two ways
 * taking turns on the same relay and consumer: one event per transaction (a lone caller), and the
 * callers' events gathered into one transaction per batch by `groupCommit` (intake in a surge, the
 * workers' runs); the raw producer sends batches of 100, the best a bare client does. Every lane
 * stays up for the whole run (warm: connected, joined, topics created), gets a warm-up round, then
 * `BENCH_MESSAGING_ROUNDS` rounds of `BENCH_MESSAGING_EVENTS` events alternating the three (each
 * round in another order); the median round of each is reported, with every round in the
 * figure's params.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import { dataSourceOptions, GROUP_COMMIT_MAX_BATCH, groupCommit, withTenant } from '@uocava/database';
import {
  enqueueEvent,
  enqueueOutboxRows,
  IdempotentConsumer,
  kafkaClientConfig,
  KafkaJsBus,
  newEvent,
  OutboxRelay,
  outboxRowOf,
  TOPICS_WITH_DLQ,
} from '@uocava/messaging';
import { ratioFigure, type Benchmark } from './harness';

const N = Number(process.env.BENCH_MESSAGING_EVENTS ?? 5000);
const ROUNDS = Number(process.env.BENCH_MESSAGING_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_MESSAGING_CONCURRENCY ?? 16);
const RAW_BATCH = 100;
const WORK_TABLE = 'bench_messaging_work';
const WORK_SQL = `INSERT INTO ${WORK_TABLE} (event_id, jurisdiction_id, payload) VALUES ($1, $2, $3)`;

interface Lane {
  /** events the consumer has handled so far */
  handled(): number;
  produce(n: number): Promise<void>;
  close(): Promise<void>;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One round: n events produced, and the time until the consumer has handled all of them. */
async function round(lane: Lane, n: number): Promise<number> {
  const before = lane.handled();
  const started = process.hrtime.bigint();
  await lane.produce(n);
  await waitFor(() => lane.handled() >= before + n, 300000);
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

function submitted(jurisdictionId: string) {
  return newEvent(
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
  );
}

async function rawLane(brokers: string[], databaseUrl: string): Promise<Lane> {
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
  const pool = new Pool({ connectionString: databaseUrl, max: 6 });
  const producer: Producer = kafka.producer({ idempotent: false, maxInFlightRequests: 1 });
  await producer.connect();
  const consumer: Consumer = kafka.consumer({ groupId: `bench-raw-${randomBytes(4).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let handled = 0;
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      const event = JSON.parse(String(message.value)) as { id: string; jurisdiction: string; data: unknown };
      await pool.query(WORK_SQL, [event.id, event.jurisdiction, JSON.stringify(event.data)]);
      handled++;
    },
  });
  return {
    handled: () => handled,
    async produce(n) {
      for (let i = 0; i < n; i += RAW_BATCH) {
        const messages = Array.from({ length: Math.min(RAW_BATCH, n - i) }, () => {
          const event = submitted('bench-raw');
          return { key: event.data.requestId, value: JSON.stringify(event) };
        });
        await producer.send({ topic, acks: -1, messages });
      }
    },
    async close() {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
      await pool.end();
    },
  };
}

/**
 * Our path, one relay and one idempotent consumer, with two producers taking turns: one event per
 * transaction, `CONCURRENCY` in flight (what a lone caller does: a worker's single event, an office
 * call), and the same callers' events gathered by `groupCommit` into one transaction per batch
 * (what intake does in a surge: a request arriving while its office's transaction runs goes in the
 * next; the workers emit their runs' events in one transaction likewise).
 */
async function outboxLanes(
  brokers: string[],
  databaseUrl: string,
): Promise<{ each: Lane; grouped: Lane; close(): Promise<void> }> {
  const ds = await new DataSource(
    dataSourceOptions({ url: databaseUrl, poolSize: CONCURRENCY + 4 }),
  ).initialize();
  const bus = new KafkaJsBus({ brokers, clientId: 'bench-outbox' });
  await bus.ensureTopics(TOPICS_WITH_DLQ);
  const jurisdictionId = `bench-${randomBytes(3).toString('hex')}`;
  await withTenant(ds, jurisdictionId, (tx) =>
    tx.query(`INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Bench', 'OH')`, [
      jurisdictionId,
    ]),
  );
  let handled = 0;
  const consumer = new IdempotentConsumer(ds, bus, {
    name: `bench-${randomBytes(4).toString('hex')}`,
    topics: [TOPICS.requests],
    handlers: {
      'uocava.request.submitted.v1': async (event, tx) => {
        if (event.jurisdiction !== jurisdictionId) return;
        await tx.query(WORK_SQL, [event.id, event.jurisdiction, JSON.stringify(event.data)]);
        handled++;
      },
    },
  });
  await consumer.start();
  const relay = new OutboxRelay(ds, bus, { pollIntervalMs: 5, batchSize: 500 });
  relay.start();
  const together = groupCommit(async (events: ReadonlyArray<ReturnType<typeof submitted>>) => {
    await withTenant(ds, jurisdictionId, (tx) => enqueueOutboxRows(tx, events.map(outboxRowOf)));
    relay.notify();
    return events.map(() => undefined);
  });
  const callers = async (n: number, one: () => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < n) {
          next++;
          await one();
        }
      }),
    );
  };
  return {
    each: {
      handled: () => handled,
      produce: (n) =>
        callers(n, async () => {
          await withTenant(ds, jurisdictionId, (tx) => enqueueEvent(tx, submitted(jurisdictionId)));
          relay.notify();
        }),
      close: async () => undefined,
    },
    grouped: {
      handled: () => handled,
      produce: (n) => callers(n, () => together(submitted(jurisdictionId))),
      close: async () => undefined,
    },
    async close() {
      await relay.stop();
      await consumer.stop();
      await bus.disconnect();
      await ds.destroy();
    },
  };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const bench: Benchmark = {
  name: 'messaging',
  needs: ['postgres', 'kafka'],
  async run(report, env) {
    const brokers = env.kafkaBrokers!.split(',');
    const owner = new Client({ connectionString: env.ownerDatabaseUrl });
    await owner.connect();
    await owner.query(
      `CREATE TABLE IF NOT EXISTS ${WORK_TABLE} (event_id uuid PRIMARY KEY, jurisdiction_id text NOT NULL,
         payload jsonb NOT NULL, handled_at timestamptz NOT NULL DEFAULT now());
       GRANT INSERT ON ${WORK_TABLE} TO uocava_app`,
    );
    const raw = await rawLane(brokers, env.databaseUrl!);
    const ours = await outboxLanes(brokers, env.databaseUrl!);
    const lanes = { raw, each: ours.each, grouped: ours.grouped };
    const names = Object.keys(lanes) as Array<keyof typeof lanes>;
    const rates = { raw: [] as number[], each: [] as number[], grouped: [] as number[] };
    try {
      for (const name of names) await round(lanes[name], Math.ceil(N / 5)); // warm-up, not counted
      for (let r = 0; r < ROUNDS; r++) {
        // each round in another order: every lane goes first, second and last in turn
        const order = names.map((_, k) => names[(k + r) % names.length]);
        for (const name of order) rates[name].push(await round(lanes[name], N));
      }
    } finally {
      await ours.close();
      await raw.close();
      await owner.end();
    }
    const baseline = {
      name: 'warm raw kafkajs produce -> consume, same consumer work (same broker, same run, median round)',
      value: Math.round(median(rates.raw)),
    };
    const params = {
      events: N,
      baselineRounds: rates.raw.map(Math.round),
      producerCallersInFlight: CONCURRENCY,
      rawProducerBatch: RAW_BATCH,
      partitions: 3,
      consumerWork: 'one INSERT per event',
    };
    report(
      ratioFigure(
        {
          name: 'messaging.outbox-to-idempotent-consumer',
          metric: 'events_per_second',
          value: Math.round(median(rates.each)),
          unit: 'events/s',
          params: { ...params, rounds: rates.each.map(Math.round), eventsPerTransaction: 1 },
        },
        baseline,
      ),
    );
    report(
      ratioFigure(
        {
          name: 'messaging.outbox-group-commit-to-idempotent-consumer',
          metric: 'events_per_second',
          value: Math.round(median(rates.grouped)),
          unit: 'events/s',
          params: {
            ...params,
            rounds: rates.grouped.map(Math.round),
            eventsPerTransaction: `the callers' events gathered meanwhile, at most ${GROUP_COMMIT_MAX_BATCH} (groupCommit, as intake)`,
          },
        },
        baseline,
      ),
    );
  },
};

export default bench;
