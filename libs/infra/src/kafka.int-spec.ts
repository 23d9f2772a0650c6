import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ensureKafka, KafkaHandle } from './kafka';

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
});
