import {
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import type { DeliveredMessage, MessageBus, SubscribeOptions, Subscription } from './bus';
import type { WireMessage } from './cloudevents';

export interface KafkaJsBusOptions {
  brokers: string[];
  clientId: string;
  /** replication factor for topics this bus creates (1 on a single dev broker) */
  replicationFactor?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
}

function headerValue(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** kafkajs behind the MessageBus interface: idempotent producer, ordered sends, manual lifecycle. */
export class KafkaJsBus implements MessageBus {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private admin?: Admin;
  private readonly consumers = new Set<Consumer>();

  constructor(private readonly options: KafkaJsBusOptions) {
    const log = options.log ?? ((level, message) => console[level](`[kafka] ${message}`));
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { initialRetryTime: 200, retries: 8 },
      logCreator:
        () =>
        ({ level, log: entry }: LogEntry) => {
          // kafkajs reports retriable protocol answers (coordinator loading, leader moving) as errors
          // and retries them itself; keep what it gives up on.
          if (level > logLevel.ERROR || (entry as { retriable?: boolean }).retriable) return;
          if (
            /^Response \w+\(key/.test(entry.message) &&
            entry.error !== 'The group is rebalancing, so a rejoin is needed'
          )
            return;
          log('error', `${entry.message}${entry.error ? `: ${String(entry.error)}` : ''}`);
        },
    });
  }

  async connect(): Promise<void> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
    }
  }

  async publish(topic: string, messages: WireMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.connect();
    await this.producer!.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 15000,
      heartbeatInterval: 1000,
      retry: { retries: 10 },
    });
    await consumer.connect();
    this.consumers.add(consumer);
    for (const topic of options.topics) {
      await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
    }
    const toDelivered = (topic: string, partition: number, message: KafkaMessage): DeliveredMessage => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        const text = headerValue(value);
        if (text !== undefined) headers[name] = text;
      }
      return {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString() ?? '',
        value: message.value ?? Buffer.alloc(0),
        headers,
      };
    };
    const handleBatch = options.handleBatch?.bind(options);
    if (handleBatch) {
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: 1000,
        partitionsConsumedConcurrently: 3,
        eachBatchAutoResolve: false,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (!isRunning() || isStale()) return;
          const delivered = batch.messages.map((m) => toDelivered(batch.topic, batch.partition, m));
          await handleBatch(delivered, async (m) => {
            resolveOffset(m.offset);
            await heartbeat();
          });
        },
      });
    } else {
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: 1000,
        partitionsConsumedConcurrently: 3,
        eachMessage: async ({ topic, partition, message, heartbeat }) => {
          await options.handle(toDelivered(topic, partition, message));
          await heartbeat();
        },
      });
    }
    return {
      stop: async () => {
        if (!this.consumers.delete(consumer)) return;
        await consumer.stop();
        await consumer.disconnect();
      },
    };
  }

  async ensureTopics(topics: string[], partitions = 3): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: partitions,
        replicationFactor: this.options.replicationFactor ?? 1,
      })),
    });
  }

  async ping(): Promise<void> {
    const admin = await this.getAdmin();
    await admin.describeCluster();
  }

  async disconnect(): Promise<void> {
    for (const consumer of [...this.consumers]) {
      this.consumers.delete(consumer);
      await consumer.stop().catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
    }
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.producer = undefined;
    this.admin = undefined;
  }

  private async getAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }
}
