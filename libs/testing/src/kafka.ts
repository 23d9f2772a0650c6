import { Kafka, logLevel } from 'kafkajs';
import { kafkaClientConfig } from '@uocava/messaging';
import { eventually } from './eventually';

/**
 * Waits until a consumer group has committed every partition of `topics` up to its end: a test
 * that starts apps consuming from the beginning of topics shared by the whole run can wait for
 * that backlog to be behind them before it measures anything.
 */
export async function waitForConsumerGroup(
  groupId: string,
  topics: string[],
  timeoutMs = 90000,
): Promise<void> {
  const kafka = new Kafka(
    kafkaClientConfig({ clientId: 'test-consumer-lag', extra: { logLevel: logLevel.NOTHING } }),
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    await eventually(
      async () => {
        for (const topic of topics) {
          const ends = await admin.fetchTopicOffsets(topic);
          const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
          for (const end of ends) {
            const c = committed?.partitions.find((p) => p.partition === end.partition);
            const at = c && c.offset !== '-1' ? BigInt(c.offset) : 0n;
            if (at < BigInt(end.high)) return undefined;
          }
        }
        return true;
      },
      timeoutMs,
      `consumer group ${groupId} to catch up on ${topics.join(', ')}`,
    );
  } finally {
    await admin.disconnect();
  }
}
