import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafka, KafkaHandle } from './kafka';
import { freePort } from './ports';

/** Uses KAFKA_BROKERS (set by the integration global setup) or starts its own broker. */
describe('ensureKafka (real broker)', () => {
  let kafkaHandle: KafkaHandle;

  beforeAll(async () => {
    kafkaHandle = await ensureKafka({ purpose: 'test' });
  }, 180000);

  afterAll(async () => {
    await kafkaHandle?.stop();
  });

  it('produces and consumes one message', async () => {
    const kafka = new Kafka({
      clientId: 'infra-int-spec',
      brokers: kafkaHandle.brokers,
      logLevel: logLevel.NOTHING,
    });
    const topic = `infra-spec-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic, numPartitions: 1, replicationFactor: 1 }],
      waitForLeaders: true,
    });

    const producer = kafka.producer();
    await producer.connect();
    const value = `hello ${randomUUID()}`;
    await producer.send({ topic, messages: [{ key: 'k', value }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `infra-spec-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve(message.value?.toString('utf8') ?? '');
        },
      });
    });
    await consumer.disconnect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
    expect(received).toBe(value);
  }, 60000);

  it('never reports a broker ready that is not the one it started (a foreign broker on its port)', async () => {
    // a broker of our own, then a second one asked for the same port: it cannot bind it, and the
    // broker that answers there has another cluster id; either way it is refused, not "ready"
    const dirs = [mkdtempSync(join(tmpdir(), 'uocava-own-a-')), mkdtempSync(join(tmpdir(), 'uocava-own-b-'))];
    const port = await freePort();
    const first = await ensureKafka({
      purpose: 'test',
      own: { port, controllerPort: await freePort(), dataDir: dirs[0] },
      log: () => undefined,
    });
    try {
      await expect(
        ensureKafka({
          purpose: 'test',
          own: { port, controllerPort: await freePort(), dataDir: dirs[1] },
          log: () => undefined,
          readyTimeoutMs: 60000,
        }),
      ).rejects.toThrow(/cluster id|exited/);
    } finally {
      await first.stop();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  }, 180000);
});
