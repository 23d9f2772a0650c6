/**
 * The relay's producer against the real broker of the test run: a publish the broker refuses for
 * one partition, after writing the others, must not cost the next publish its messages.
 *
 * kafkajs 2.2.4's idempotent producer numbers each partition's batches, and when a request fails
 * it takes back the numbers of every partition in it, also of those the broker wrote. Its next
 * batch to such a partition then carries the numbers of the one already written, and the broker
 * acknowledges it as a duplicate of that one, with that one's offset, and writes nothing: the
 * relay marks its events published and they are gone (found with the chaos suite's broker restart,
 * where a request can be refused for a partition still loading and written for the others). The
 * bus publishes with a plain producer instead (see KafkaJsBus.connect); this is what it must hold.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaJsBus } from './kafkajs-bus';

const brokers = () => process.env.KAFKA_BROKERS!.split(',');

/** kafkajs' default partitioner (the Java client's): murmur2 of the key over the partitions. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const murmur2 = require('kafkajs/src/producer/partitioners/default/murmur2') as (key: string) => number;
const partitionOf = (key: string, partitions: number) => (murmur2(key) & 0x7fffffff) % partitions;

describe('KafkaJsBus.publish on the real broker', () => {
  const topic = `bus-partial-${randomBytes(4).toString('hex')}`;
  const kafka = new Kafka({ brokers: brokers(), clientId: 'bus-partial-test', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let bus: KafkaJsBus;

  beforeAll(async () => {
    await admin.connect();
    // a small message limit lets one message of a request be refused while the rest is written
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic, numPartitions: 2, configEntries: [{ name: 'max.message.bytes', value: '4096' }] }],
    });
    bus = new KafkaJsBus({ brokers: brokers(), clientId: 'bus-partial-test', log: () => undefined });
  });

  afterAll(async () => {
    await bus.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('a publish refused for one partition loses nothing of the next publish to the partitions it wrote', async () => {
    const keys = Array.from({ length: 64 }, (_, i) => `key-${i}`);
    const onZero = keys.find((k) => partitionOf(k, 2) === 0)!;
    const onOne = keys.find((k) => partitionOf(k, 2) === 1)!;
    const message = (key: string, value: string) => ({ key, value: Buffer.from(value), headers: {} });

    // one request: partition 0 is written, partition 1 refused (MESSAGE_TOO_LARGE, not retried)
    await expect(
      bus.publish(topic, [message(onZero, 'first'), message(onOne, 'x'.repeat(8192))]),
    ).rejects.toThrow(/larger than the max message size/);
    // what the relay does next: its next batch (here another event) to the partition that was written
    await bus.publish(topic, [message(onZero, 'second')]);
    await bus.publish(topic, [message(onOne, 'third')]);

    const written: string[] = [];
    await bus.readTopics({
      topics: [topic],
      fromMs: 0,
      onMessage: (m) => {
        written.push(`${m.partition}:${m.value.toString()}`);
      },
    });
    expect(written.sort()).toEqual(['0:first', '0:second', '1:third']);
  });

  it('an idle bus, producer and consumer connected, does not check its request queues every millisecond', async () => {
    // kafkajs-patches.ts, correction 3: unpatched, each connection's queue checks itself about
    // once a millisecond for as long as it is open (some thousands of checks in a second here)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const RequestQueue = require('kafkajs/src/network/requestQueue') as {
      prototype: { checkPendingRequests(): void };
    };
    const check = RequestQueue.prototype.checkPendingRequests;
    let checks = 0;
    RequestQueue.prototype.checkPendingRequests = function (this: unknown) {
      checks++;
      return check.call(this);
    };
    let running = false;
    const subscription = await bus.subscribe({
      groupId: `${topic}-idle`,
      topics: [topic],
      handle: async () => undefined,
    });
    try {
      await bus.connect();
      // joined and fetching (long polls), heartbeating every second
      const deadline = Date.now() + 30000;
      while (!running && Date.now() < deadline) {
        running = subscription.status?.().running ?? false;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(running).toBe(true);
      checks = 0;
      await new Promise((r) => setTimeout(r, 2000));
      // what is left: a check after each answer (heartbeats, fetches, the watchdog's probes)
      expect(checks).toBeLessThan(100);
    } finally {
      RequestQueue.prototype.checkPendingRequests = check;
      await subscription.stop();
    }
  });
});
