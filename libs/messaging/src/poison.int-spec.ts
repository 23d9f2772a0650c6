/**
 * Poison messages never stop a consumer (issue 14): a message of about 1 MB that the broker
 * accepted on the requests topic, with the dead-letter topic sized for it, too small for it, or
 * unreachable, is parked (dead-letter topic and/or message_quarantine) and every valid message
 * behind it, on every partition, is processed. Real Postgres and Kafka of the test run.
 */
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { ConfigResourceTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { kafkaClientConfig } from './kafka-client-config';
import { DataSource } from 'typeorm';
import { dlqTopic, partitionsOf, TOPICS } from '@uocava/contracts';
import { dataSourceOptions } from '@uocava/database';
import { eventually, submittedEvent } from '@uocava/testing';
import type { MessageBus } from './bus';
import { toWire, type WireMessage } from './cloudevents';
import { IdempotentConsumer } from './consumer';
import { DLQ_MAX_MESSAGE_BYTES, KafkaJsBus, MAX_MESSAGE_BYTES } from './kafkajs-bus';
import { TOPICS_WITH_DLQ } from './messaging.module';

const brokers = () => process.env.KAFKA_BROKERS!.split(',');

const submitted = submittedEvent;

/** A well-formed-looking event whose body is ~1 MB of JSON that breaks the schema. */
function bigPoison(jurisdictionId: string, bytes = 1_000_000): WireMessage {
  const wire = toWire(submitted(jurisdictionId));
  wire.value = Buffer.from(JSON.stringify({ padding: 'x'.repeat(bytes) }), 'utf8');
  return wire;
}

/** Events whose keys land on every partition of the requests topic (kafkajs' default partitioner), several on each. */
function eventsOnEveryPartition(jurisdictionId: string, perPartition = 2) {
  const partitions = partitionsOf(TOPICS.requests);
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 0,
    partitionErrorCode: 0,
    replicas: [0],
    isr: [0],
  }));
  const partitionOf = Partitioners.DefaultPartitioner();
  const on = new Map<number, number>();
  const events = [];
  while (on.size < partitions || [...on.values()].some((n) => n < perPartition)) {
    const event = submitted(jurisdictionId);
    const wire = toWire(event);
    const p = partitionOf({
      topic: TOPICS.requests,
      partitionMetadata,
      message: { key: wire.key, value: wire.value },
    });
    if ((on.get(p) ?? 0) >= perPartition) continue;
    on.set(p, (on.get(p) ?? 0) + 1);
    events.push(event);
  }
  return events;
}

describe('poison messages never stop a consumer (real Kafka and Postgres)', () => {
  let ds: DataSource;
  let owner: DataSource;
  let bus: KafkaJsBus;
  let admin: ReturnType<Kafka['admin']>;
  const jurisdictionId = `poison-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 4 }),
    ).initialize();
    owner = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_OWNER_URL!, poolSize: 2 }),
    ).initialize();
    bus = new KafkaJsBus({ brokers: brokers(), clientId: 'poison-test' });
    await bus.ensureTopics(TOPICS_WITH_DLQ);
    admin = new Kafka(
      kafkaClientConfig({ clientId: 'poison-test-admin', extra: { logLevel: logLevel.NOTHING } }),
    ).admin();
    await admin.connect();
  });

  afterAll(async () => {
    await admin.disconnect();
    await bus.disconnect();
    await ds.destroy();
    await owner.destroy();
  });

  function consumer(name: string, topics: string[], seen: Set<string>, useBus: MessageBus = bus) {
    return new IdempotentConsumer(ds, useBus, {
      name,
      topics,
      baseBackoffMs: 20,
      maxAttempts: 2,
      deadLetterTimeoutMs: 3000,
      handlers: {
        'uocava.request.submitted.v1': async (event) => {
          seen.add(event.id);
        },
      },
    });
  }

  const parked = (name: string) =>
    owner.query(
      `SELECT topic, partition, "offset"::text AS "offset", size, sha256, length(first_bytes) AS first, stored_in,
              dlq_error, reason, error, headers, jurisdiction_id, status
         FROM message_quarantine WHERE consumer = $1 ORDER BY quarantine_id`,
      [name],
    ) as Promise<Array<Record<string, unknown>>>;

  it('sizes the dead-letter topics for the largest accepted message plus headers', async () => {
    for (const topic of Object.values(TOPICS)) {
      expect(await bus.maxMessageBytes(topic)).toBe(MAX_MESSAGE_BYTES);
      expect(await bus.maxMessageBytes(dlqTopic(topic))).toBe(DLQ_MAX_MESSAGE_BYTES);
    }
    // a dead-letter topic created before the limit was set is raised by ensureTopics, keeping its settings
    const old = `poison-old-${randomBytes(3).toString('hex')}`;
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        { topic: old, numPartitions: 1, replicationFactor: 1 },
        {
          topic: dlqTopic(old),
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: [{ name: 'retention.ms', value: '2592000000' }],
        },
      ],
    });
    await eventually(
      async () => {
        await bus.ensureTopics([old, dlqTopic(old)]);
        return (await bus.maxMessageBytes(dlqTopic(old))) === DLQ_MAX_MESSAGE_BYTES ? true : undefined;
      },
      30000,
      'the old dead-letter topic raised',
    );
    const [described] = (
      await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: dlqTopic(old) }],
      })
    ).resources;
    expect(described.configEntries.find((e) => e.configName === 'retention.ms')?.configValue).toBe(
      '2592000000',
    );
    expect(await bus.maxMessageBytes(old)).toBe(1048588); // the broker's default, left alone
  });

  it('a ~1 MB poison on the requests topic does not stop later valid requests on any partition', async () => {
    const name = `poison-1mb-${randomBytes(3).toString('hex')}`;
    const seen = new Set<string>();
    const c = consumer(name, [TOPICS.requests], seen);
    const poison = bigPoison(jurisdictionId);
    const wireSize = poison.value.length;
    expect(wireSize).toBeGreaterThan(1_000_000);
    await bus.publish(TOPICS.requests, [poison]); // the broker accepts it
    const after = eventsOnEveryPartition(jurisdictionId);
    await bus.publish(TOPICS.requests, after.map(toWire));
    const offsets = await admin.fetchTopicOffsets(TOPICS.requests);
    expect(offsets.every((p) => BigInt(p.high) > 0n)).toBe(true);

    await c.start();
    try {
      await eventually(
        async () => (after.every((e) => seen.has(e.id)) ? true : undefined),
        90000,
        'the requests behind the poison',
      );
      const rows = await eventually(
        async () => {
          const r = await parked(name);
          return r.some((row) => row.size === wireSize) ? r : undefined;
        },
        30000,
        'the poison parked',
      );
      const row = rows.find((r) => r.size === wireSize)!;
      expect(row).toMatchObject({
        topic: TOPICS.requests,
        stored_in: 'dlq', // the dead-letter topic is sized for it
        reason: 'malformed',
        sha256: createHash('sha256').update(poison.value).digest('hex'),
        first: 4096,
        jurisdiction_id: null, // not decoded: its claimed jurisdiction is not trusted
        status: 'parked',
      });
      expect(row.headers).toMatchObject({ ce_jurisdiction: jurisdictionId });
      expect(String(row.error)).toMatch(/must/);
    } finally {
      await c.stop();
    }
  });

  it('when the dead-letter topic refuses the message (too large), it is parked in the database and the consumer moves on', async () => {
    const topic = `poison-small-${randomBytes(3).toString('hex')}`;
    await admin.createTopics({
      waitForLeaders: false,
      topics: [
        {
          topic,
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: String(MAX_MESSAGE_BYTES) }],
        },
        // the situation of issue 14: a dead-letter topic too small for what its source topic accepted
        {
          topic: dlqTopic(topic),
          numPartitions: 3,
          replicationFactor: 1,
          configEntries: [{ name: 'max.message.bytes', value: '500000' }],
        },
      ],
    });
    await eventually(
      async () => ((await bus.maxMessageBytes(dlqTopic(topic))) === 500000 ? true : undefined),
      30000,
      'the test topics',
    );
    const name = `poison-small-${randomBytes(3).toString('hex')}`;
    const seen = new Set<string>();
    const c = consumer(name, [topic], seen);
    const poison = bigPoison(jurisdictionId, 600_000);
    const before = eventsOnEveryPartition(jurisdictionId, 1);
    const after = eventsOnEveryPartition(jurisdictionId);
    await bus.publish(topic, before.map(toWire));
    await bus.publish(topic, [poison]);
    await bus.publish(topic, after.map(toWire));
    await c.start();
    try {
      await eventually(
        async () => ([...before, ...after].every((e) => seen.has(e.id)) ? true : undefined),
        90000,
        'the messages around the poison',
      );
      const rows = await eventually(
        async () => {
          const r = await parked(name);
          return r.length > 0 ? r : undefined;
        },
        30000,
        'the poison parked',
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ topic, stored_in: 'database', size: poison.value.length });
      expect(String(rows[0].dlq_error)).toMatch(/too large|larger/i);
      expect(rows[0].headers).toMatchObject({ ce_type: 'uocava.request.submitted.v1' });
    } finally {
      await c.stop();
    }
  });

  it('when the dead-letter topic is unreachable, the poison is parked in the database and the consumer moves on', async () => {
    // the broker takes the messages, but every dead-letter publish hangs (a partial outage)
    const hanging: MessageBus = {
      connect: () => bus.connect(),
      publish: (topic, messages) =>
        topic.endsWith('.dlq') ? new Promise<void>(() => undefined) : bus.publish(topic, messages),
      subscribe: (o) => bus.subscribe(o),
      ensureTopics: (t, p) => bus.ensureTopics(t, p),
      ping: () => bus.ping(),
      disconnect: async () => undefined,
    };
    const name = `poison-outage-${randomBytes(3).toString('hex')}`;
    const seen = new Set<string>();
    const c = consumer(name, [TOPICS.requests], seen, hanging);
    const requestId = randomUUID();
    const broken: WireMessage = {
      ...toWire(submitted(jurisdictionId, requestId)),
      value: Buffer.from('{"not json', 'utf8'),
    };
    const noHeaders: WireMessage = { key: requestId, value: Buffer.from('{}'), headers: {} };
    const after = eventsOnEveryPartition(jurisdictionId);
    await bus.publish(TOPICS.requests, [broken, noHeaders]);
    await bus.publish(TOPICS.requests, after.map(toWire));
    await c.start();
    try {
      await eventually(
        async () => (after.every((e) => seen.has(e.id)) ? true : undefined),
        120000,
        'the messages behind',
      );
      const rows = await eventually(
        async () => {
          const r = (await parked(name)).filter(
            (row) => (row.headers as Record<string, string>).ce_subject === requestId || row.size === 2,
          );
          return r.length >= 2 ? r : undefined;
        },
        30000,
        'both poisons parked',
      );
      for (const row of rows) {
        expect(row.stored_in).toBe('database');
        expect(String(row.dlq_error)).toMatch(/timed out/);
      }
      expect(rows.some((r) => /not JSON/.test(String(r.error)))).toBe(true);
      expect(rows.some((r) => /missing header ce_id/.test(String(r.error)))).toBe(true);
    } finally {
      await c.stop();
    }
  });
});
