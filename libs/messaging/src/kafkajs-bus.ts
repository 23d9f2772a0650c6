import {
  ConfigResourceTypes,
  Kafka,
  logLevel,
  type Admin,
  type Consumer,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import { connect } from 'node:net';
import type {
  DeliveredMessage,
  MessageBus,
  PartitionLag,
  SubscribeOptions,
  Subscription,
  SubscriptionStatus,
} from './bus';
import type { WireMessage } from './cloudevents';
import { DLQ_SUFFIX, partitionsOf } from '@uocava/contracts';
import { brokersFromEnv, kafkaClientConfig, type KafkaSecurity } from './kafka-client-config';
import { installKafkaJsPatches } from './kafkajs-patches';

/**
 * The largest message a topic of this platform accepts (`max.message.bytes`, set on every topic
 * this bus creates): Kafka's own default, written down so that it is a decision, not an accident.
 */
export const MAX_MESSAGE_BYTES = 1_048_588;
/**
 * Dead-letter topics take the largest accepted message plus its headers and the `dlq_*` headers
 * a consumer adds (an original's headers count towards its own limit already; 256 KiB is ample).
 */
export const DLQ_MAX_MESSAGE_BYTES = MAX_MESSAGE_BYTES + 262_144;

/** The `max.message.bytes` of a topic of this platform. */
export function maxMessageBytesOf(topic: string): number {
  return topic.endsWith(DLQ_SUFFIX) ? DLQ_MAX_MESSAGE_BYTES : MAX_MESSAGE_BYTES;
}

export interface KafkaJsBusOptions {
  /** default: KAFKA_BROKERS */
  brokers?: string[];
  clientId: string;
  /** TLS and SASL; default: from the environment (kafkaSecurityFromEnv, which validates it) */
  security?: KafkaSecurity;
  /** replication factor for topics this bus creates (1 on a single dev broker) */
  replicationFactor?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
  /** how long a publish may wait for the broker before its producer is replaced (default 15 s) */
  publishTimeoutMs?: number;
}

/** What `KafkaJsBus.readTopics` reads, and where it hands each message. */
export interface ReadTopicsOptions {
  topics: string[];
  /** start at the first message at or after this time (ms since the epoch); default: the end */
  fromMs?: number;
  /** stop before the first message at or after this time (ms since the epoch); default: the end */
  toMs?: number;
  /** keep reading new messages until `signal` aborts (then `toMs` is ignored) */
  follow?: boolean;
  signal?: AbortSignal;
  /** called once the reader has its partitions and their start offsets (it reads from then on) */
  onReady?(): void;
  /** `timestamp`: the broker's record time (ms since the epoch, as a string) */
  onMessage(message: DeliveredMessage & { timestamp: string }): void | Promise<void>;
}

/** A consumer silent this long while none of its handlers runs may be wedged (see subscribe). */
const WEDGED_AFTER_MS = 8000;
/** ... and is replaced once the broker has answered for this long (a healthy one is back by then). */
const BROKER_BACK_MS = 4000;

/** A publish the broker did not acknowledge in time (see KafkaJsBus.publish). */
export class PublishTimeoutError extends Error {
  constructor(topic: string, ms: number) {
    super(`publish to ${topic} not acknowledged within ${ms} ms`);
  }
}

function headerValue(value: Buffer | string | (Buffer | string)[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/**
 * A heartbeat between messages, given at most 3 s: kafkajs also heartbeats between fetches, and a
 * heartbeat request in flight when the broker went away can stay unsettled, which must not hold
 * the consumer (it then never reconnects). A failed one is left to kafkajs' own rejoin.
 */
async function bestEffortHeartbeat(heartbeat: () => Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      heartbeat().catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 3000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `work` while heartbeating every second: a handler may run longer than the 6 s session
 * (a new consumer group's first run through a backlog of many jurisdictions, a handler waiting
 * out a database outage), and a member silent that long is dropped from its group, which then
 * rebalances, cannot commit what the run finished and hands the run out again. kafkajs shares one
 * heartbeat request among concurrent calls and sends none before its interval, so the timer adds
 * no request while one is in flight; a failed heartbeat is left to kafkajs' own rejoin.
 */
async function heartbeatingWhile<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), 1000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/** Whether one of the brokers accepts a TCP connection within 1 s. */
async function brokerAccepts(brokers: string[]): Promise<boolean> {
  for (const broker of brokers) {
    const at = broker.lastIndexOf(':');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: broker.slice(0, at), port: Number(broker.slice(at + 1)) });
      const done = (result: boolean) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(1000, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
    if (ok) return true;
  }
  return false;
}

function toDelivered(topic: string, partition: number, message: KafkaMessage): DeliveredMessage {
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
}

/** kafkajs behind the MessageBus interface: acks=all, ordered sends, manual lifecycle. */
export class KafkaJsBus implements MessageBus {
  private readonly kafka: Kafka;
  /** the brokers this bus talks to (the watchdog probes them) */
  private readonly brokers: string[];
  private producer?: Producer;
  /** dead letters go through their own producer: a refused one never disturbs the relay's */
  private deadLetterProducer?: Producer;
  private admin?: Admin;
  private readonly consumers = new Set<Consumer>();

  private readonly log: (level: 'warn' | 'error', message: string) => void;

  constructor(private readonly options: KafkaJsBusOptions) {
    const log = options.log ?? ((level, message) => console[level](`[kafka] ${message}`));
    this.log = log;
    // brokers, TLS and SASL: the one builder (kafka-client-config.ts)
    const client = kafkaClientConfig({
      clientId: options.clientId,
      brokers: options.brokers,
      security: options.security,
    });
    this.brokers = Array.isArray(client.brokers) ? client.brokers : (options.brokers ?? brokersFromEnv());
    // a consumer kafkajs restarts (e.g. after a broker restart) rejoins as the member it was, its
    // disconnect before the restart cannot hang on requests never answered, and an idle connection
    // does not wake the process every millisecond (kafkajs-patches.ts)
    const missing = installKafkaJsPatches();
    if (missing.length > 0)
      log(
        'warn',
        `kafkajs internals changed, not installed: ${missing.join(', ')} (slower recovery, more idle CPU)`,
      );
    this.kafka = new Kafka({
      ...client,
      logLevel: logLevel.WARN,
      // Short, capped backoff (kafkajs' default grows to 30 s between attempts): after a broker
      // restart the relay and the consumers are back within seconds of the broker.
      retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 8 },
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

  /**
   * The relay's producer: acks=all (see publish) and one request in flight, so a partition's
   * messages land in the order sent, a retried request before the next one.
   *
   * Not kafkajs' idempotent producer: when a request fails, kafkajs 2.2.4 takes back the batch
   * sequence numbers of every partition in it, also of those the broker wrote, and the next batch
   * to such a partition is acknowledged by the broker as a duplicate and never written (a silent
   * loss, seen once in the chaos suite after a broker restart; kafkajs-bus.int-spec.ts shows it).
   * Without sequence numbers the broker writes every batch it acknowledges. What the idempotent
   * producer saved, a duplicate after a retry, the outbox makes anyway (at-least-once) and every
   * consumer drops by event id (its inbox).
   */
  async connect(): Promise<void> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: false, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
    }
  }

  /**
   * Publishes and waits for the broker's acknowledgement, at most `publishTimeoutMs` (default
   * 15 s). A send that does not settle by then (seen when the broker goes away mid-request: the
   * kafkajs promise never settles, and with one request in flight every later send queues behind
   * it) is abandoned with its producer, which is replaced: the caller's retry (the relay's next
   * batch) goes out on a fresh connection. At-least-once: the abandoned send may still have landed.
   */
  async publish(topic: string, messages: WireMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const deadLetter = topic.endsWith(DLQ_SUFFIX);
    let producer: Producer;
    if (deadLetter) {
      if (!this.deadLetterProducer) {
        const p = this.kafka.producer({ idempotent: false, retry: { retries: 3, initialRetryTime: 200 } });
        await p.connect();
        this.deadLetterProducer = p;
      }
      producer = this.deadLetterProducer;
    } else {
      await this.connect();
      producer = this.producer!;
    }
    const send = producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.options.publishTimeoutMs ?? 15000;
    try {
      await Promise.race([
        send,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new PublishTimeoutError(topic, timeoutMs)), timeoutMs);
        }),
      ]);
    } catch (error) {
      if (error instanceof PublishTimeoutError) {
        send.catch(() => undefined);
        if (deadLetter && this.deadLetterProducer === producer) this.deadLetterProducer = undefined;
        if (!deadLetter && this.producer === producer) this.producer = undefined;
        void producer.disconnect().catch(() => undefined);
        this.log('error', `${error.message}; the producer is replaced`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const state: SubscriptionStatus = {
      running: false,
      notRunningSince: Date.now(),
      inHand: 0,
      lastProgressAt: Date.now(),
    };
    const batches = new Map<string, number>();
    const inHand = () => [...batches.values()].reduce((a, b) => a + b, 0);
    const progressed = (topic: string, partition: number, left: number) => {
      state.lastProgressAt = Date.now();
      batches.set(`${topic}/${partition}`, left);
      state.inHand = inHand();
    };
    const down = () => {
      if (state.running) state.notRunningSince = Date.now();
      state.running = false;
    };
    /** the consumer's last sign of life (a request answered, a join, a heartbeat, a fetch) */
    let lastSignAt = Date.now();
    /** our handlers running now: a consumer busy in one (e.g. waiting out a database outage) is not wedged */
    let handling = 0;
    const retired = new WeakSet<Consumer>();

    const create = async (): Promise<Consumer> => {
      const consumer = this.kafka.consumer({
        groupId: options.groupId,
        // 6 s (the broker's minimum): a member that vanished with a broker restart or a kill -9 holds
        // its group's rebalance this long at most (15 s made one group resume 15 s after the broker)
        sessionTimeout: 6000,
        heartbeatInterval: 1000,
        // reconnect every 0.2-2 s for about a minute, then restart the consumer (never give up)
        retry: { initialRetryTime: 200, maxRetryTime: 2000, retries: 30, restartOnFailure: async () => true },
      });
      const {
        GROUP_JOIN,
        START_BATCH_PROCESS,
        END_BATCH_PROCESS,
        CRASH,
        STOP,
        REQUEST,
        HEARTBEAT,
        FETCH_START,
      } = consumer.events;
      const alive = () => {
        if (retired.has(consumer)) {
          // a replaced consumer that came back to life: let it leave (its own member id) and go
          retired.delete(consumer);
          void consumer.disconnect().catch(() => undefined);
          return;
        }
        lastSignAt = Date.now();
      };
      for (const event of [REQUEST, HEARTBEAT, FETCH_START]) consumer.on(event, alive);
      consumer.on(GROUP_JOIN, (e) => {
        alive();
        if (retired.has(consumer)) return;
        state.running = true;
        state.notRunningSince = null;
        // partitions it no longer has are not its work; what it still holds unfinished (a batch that
        // failed before a crash and restart) keeps its clock: a consumer that crashes on the same
        // message again and again is stuck, not freshly started
        const assigned = new Set(
          Object.entries(e.payload.memberAssignment).flatMap(([topic, partitions]) =>
            partitions.map((p) => `${topic}/${p}`),
          ),
        );
        for (const key of [...batches.keys()]) if (!assigned.has(key)) batches.delete(key);
        state.inHand = inHand();
        if (state.inHand === 0) state.lastProgressAt = Date.now();
      });
      consumer.on(START_BATCH_PROCESS, (e) => {
        if (retired.has(consumer)) return;
        // an idle consumer that gets work is not late: its clock starts now
        if (state.inHand === 0) state.lastProgressAt = Date.now();
        batches.set(`${e.payload.topic}/${e.payload.partition}`, e.payload.batchSize);
        state.inHand = inHand();
      });
      consumer.on(END_BATCH_PROCESS, (e) => {
        if (!retired.has(consumer)) progressed(e.payload.topic, e.payload.partition, 0);
      });
      consumer.on(CRASH, (e) => {
        if (retired.has(consumer)) return;
        down();
        if (!e.payload.restart)
          this.log('error', `consumer ${options.groupId} crashed for good: ${String(e.payload.error)}`);
      });
      consumer.on(STOP, () => {
        if (!retired.has(consumer)) down();
      });
      const mine = async <T>(work: () => Promise<T>): Promise<T> => {
        // a replaced consumer never handles a message (the one that replaced it does)
        if (retired.has(consumer)) throw new Error(`consumer ${options.groupId} was replaced`);
        handling++;
        try {
          return await work();
        } finally {
          handling--;
          lastSignAt = Date.now();
        }
      };
      await consumer.connect();
      this.consumers.add(consumer);
      for (const topic of options.topics) {
        await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
      }
      const handleBatch = options.handleBatch?.bind(options);
      if (handleBatch) {
        await consumer.run({
          autoCommit: true,
          autoCommitInterval: 1000,
          partitionsConsumedConcurrently: 3,
          eachBatchAutoResolve: false,
          eachBatch: ({ batch, resolveOffset, heartbeat, isRunning, isStale }) =>
            mine(async () => {
              if (!isRunning() || isStale()) return;
              const delivered = batch.messages.map((m) => toDelivered(batch.topic, batch.partition, m));
              let left = delivered.length;
              await heartbeatingWhile(heartbeat, () =>
                handleBatch(delivered, async (m) => {
                  resolveOffset(m.offset);
                  progressed(batch.topic, batch.partition, --left);
                  await bestEffortHeartbeat(heartbeat);
                }),
              );
            }),
        });
      } else {
        await consumer.run({
          autoCommit: true,
          autoCommitInterval: 1000,
          partitionsConsumedConcurrently: 3,
          eachMessage: ({ topic, partition, message, heartbeat }) =>
            mine(async () => {
              await heartbeatingWhile(heartbeat, () =>
                options.handle(toDelivered(topic, partition, message)),
              );
              const key = `${topic}/${partition}`;
              progressed(topic, partition, Math.max(0, (batches.get(key) ?? 1) - 1));
              await bestEffortHeartbeat(heartbeat);
            }),
        });
      }
      return consumer;
    };

    let consumer = await create();
    let stopped = false;
    /**
     * The watchdog: a kafkajs consumer that has made no request for WEDGED_AFTER_MS while none of
     * our handlers runs, although the broker has answered this bus for BROKER_BACK_MS, is wedged
     * (kafkajs waits on something that never settles; seen after broker restarts under load, the
     * consumer neither consuming nor crashing). It is replaced by a new consumer of the same group;
     * the old one is abandoned, and let go if it ever wakes.
     */
    let brokerUpSince: number | undefined;
    let probing = false;
    let replacing = false;
    const watchdog = setInterval(() => {
      if (stopped || probing || replacing) return;
      const now = Date.now();
      if (handling > 0 || now - lastSignAt < WEDGED_AFTER_MS) {
        brokerUpSince = undefined;
        return;
      }
      probing = true;
      // a fresh TCP connection: this client's own connections (admin included) may be wedged too
      void brokerAccepts(this.brokers)
        .catch(() => false)
        .then(async (up) => {
          probing = false;
          if (!up || stopped) {
            brokerUpSince = undefined;
            return;
          }
          brokerUpSince ??= Date.now();
          if (Date.now() - brokerUpSince < BROKER_BACK_MS || Date.now() - lastSignAt < WEDGED_AFTER_MS)
            return;
          replacing = true;
          const old = consumer;
          this.log(
            'error',
            `consumer ${options.groupId} made no request for ${Math.round((Date.now() - lastSignAt) / 1000)} s while the broker answers: replaced`,
          );
          retired.add(old);
          this.consumers.delete(old);
          // not running until the new one joins; what was in hand stays so (its clock too)
          down();
          try {
            consumer = await create();
            lastSignAt = Date.now();
          } catch (error) {
            retired.delete(old); // keep the old one and try again at the next tick
            consumer = old;
            this.consumers.add(old);
            this.log('error', `replacing consumer ${options.groupId} failed: ${String(error)}`);
          } finally {
            brokerUpSince = undefined;
            replacing = false;
          }
        });
    }, 1000);
    watchdog.unref();
    return {
      stop: async () => {
        stopped = true;
        clearInterval(watchdog);
        if (!this.consumers.delete(consumer)) return;
        await consumer.stop();
        await consumer.disconnect();
      },
      status: () => ({ ...state }),
    };
  }

  /**
   * Creates the topics that are missing, each with its `max.message.bytes` (maxMessageBytesOf), and
   * raises the limit of existing dead-letter topics created before it was set (keeping their other
   * non-default settings: AlterConfigs replaces a topic's whole set).
   */
  async ensureTopics(topics: string[], partitions?: number): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: partitions ?? partitionsOf(topic),
          replicationFactor: this.options.replicationFactor ?? 1,
          configEntries: [{ name: 'max.message.bytes', value: String(maxMessageBytesOf(topic)) }],
        })),
      });
    }
    const dlqs = topics.filter((t) => existing.has(t) && t.endsWith(DLQ_SUFFIX));
    if (dlqs.length === 0) return;
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: dlqs.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    });
    const resources = [];
    for (const resource of described.resources) {
      const entries = resource.configEntries;
      const current = Number(entries.find((e) => e.configName === 'max.message.bytes')?.configValue ?? 0);
      const wanted = maxMessageBytesOf(resource.resourceName);
      if (current >= wanted) continue;
      const kept = entries
        .filter((e) => !e.isDefault && !e.readOnly && e.configName !== 'max.message.bytes')
        .map((e) => ({ name: e.configName, value: e.configValue }));
      resources.push({
        type: ConfigResourceTypes.TOPIC,
        name: resource.resourceName,
        configEntries: [...kept, { name: 'max.message.bytes', value: String(wanted) }],
      });
    }
    if (resources.length > 0) await admin.alterConfigs({ validateOnly: false, resources });
  }

  /** `max.message.bytes` of a topic as the broker has it. */
  async maxMessageBytes(topic: string): Promise<number> {
    const admin = await this.getAdmin();
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    const entry = described.resources[0]?.configEntries.find((e) => e.configName === 'max.message.bytes');
    return Number(entry?.configValue ?? NaN);
  }

  /**
   * The message at one offset, read with a throwaway consumer group (for `cli dlq replay`); undefined
   * when the offset is gone (retention) or not reached within the timeout.
   */
  async fetchAt(
    topic: string,
    partition: number,
    offset: string,
    timeoutMs = 30000,
  ): Promise<DeliveredMessage | undefined> {
    const consumer = this.kafka.consumer({
      groupId: `uocava-fetch-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      maxBytesPerPartition: DLQ_MAX_MESSAGE_BYTES,
    });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const found = new Promise<DeliveredMessage | undefined>((resolve) => {
        const timer = setTimeout(() => resolve(undefined), timeoutMs);
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition: p, message }) => {
            if (p !== partition || BigInt(message.offset) < BigInt(offset)) return;
            clearTimeout(timer);
            resolve(BigInt(message.offset) === BigInt(offset) ? toDelivered(topic, p, message) : undefined);
          },
        });
        consumer.on(consumer.events.GROUP_JOIN, () => consumer.seek({ topic, partition, offset }));
      });
      return await found;
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
  }

  async lag(groupId: string, topics: string[]): Promise<PartitionLag[]> {
    const admin = await this.getAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics });
    const out: PartitionLag[] = [];
    for (const t of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(t.topic)).map((e) => [e.partition, e]));
      for (const p of t.partitions) {
        const end = ends.get(p.partition);
        if (end === undefined) continue;
        const high = Number(end.high);
        const offset = Number(p.offset);
        // no commit yet (-1): the group would start at the earliest message still kept
        const from = offset < 0 ? Number(end.low) : offset;
        out.push({ topic: t.topic, partition: p.partition, lag: Math.max(0, high - from) });
      }
    }
    return out;
  }

  /**
   * Reads topics without disturbing anyone (for `cli events tail|replay`): a throwaway consumer
   * group that never commits, so no app's group, offsets or lag change. `fromMs` starts each
   * partition at its first message at or after that time (the broker's offsets by timestamp);
   * without it, reading starts at the end (only new messages). Unless `follow`, it stops at the
   * end each partition had when reading started, or before the first message at or after `toMs`.
   * Resolves with the number of messages given to `onMessage` (in order within a partition).
   */
  async readTopics(options: ReadTopicsOptions): Promise<number> {
    const admin = await this.getAdmin();
    type Range = { start: string; next: bigint; end?: bigint };
    const ranges = new Map<string, Range>();
    const at = (topic: string, partition: number) => `${topic}/${partition}`;
    for (const topic of options.topics) {
      const latest = await admin.fetchTopicOffsets(topic);
      const starts =
        options.fromMs === undefined
          ? latest.map((l) => ({ partition: l.partition, offset: l.high }))
          : await admin.fetchTopicOffsetsByTimestamp(topic, options.fromMs);
      const ends =
        options.toMs === undefined
          ? latest.map((l) => ({ partition: l.partition, offset: l.high }))
          : await admin.fetchTopicOffsetsByTimestamp(topic, options.toMs);
      for (const { partition, offset } of starts) {
        const end = ends.find((e) => e.partition === partition)?.offset;
        // an offset by timestamp past the last message is -1 on some brokers: the end, then
        const high = latest.find((l) => l.partition === partition)!.high;
        const start = offset === '-1' ? high : offset;
        ranges.set(at(topic, partition), {
          start,
          next: BigInt(start),
          end: options.follow ? undefined : BigInt(end === undefined || end === '-1' ? high : end),
        });
      }
    }
    const open = new Set(
      [...ranges].filter(([, r]) => r.end === undefined || BigInt(r.start) < r.end).map(([k]) => k),
    );
    if (!options.follow && open.size === 0) return 0;

    const consumer = this.kafka.consumer({
      groupId: `uocava-read-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
      maxBytesPerPartition: DLQ_MAX_MESSAGE_BYTES,
      // short fetches: a finished replay does not wait out a long poll to disconnect
      maxWaitTimeInMs: 500,
    });
    let count = 0;
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: options.topics, fromBeginning: false });
      await new Promise<void>((resolve, reject) => {
        const finish = () => resolve();
        options.signal?.addEventListener('abort', finish, { once: true });
        if (options.signal?.aborted) return finish();
        consumer.on(consumer.events.GROUP_JOIN, () => {
          for (const [key, r] of ranges) {
            const slash = key.lastIndexOf('/');
            consumer.seek({
              topic: key.slice(0, slash),
              partition: Number(key.slice(slash + 1)),
              offset: r.next.toString(),
            });
          }
          options.onReady?.();
        });
        consumer.on(consumer.events.CRASH, (e) => reject(e.payload.error));
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ topic, partition, message }) => {
              const key = at(topic, partition);
              const r = ranges.get(key);
              if (r === undefined || BigInt(message.offset) < r.next) return; // before the start, or seen
              if (r.end !== undefined && BigInt(message.offset) >= r.end) {
                open.delete(key);
              } else {
                count++;
                r.next = BigInt(message.offset) + 1n;
                await options.onMessage({
                  ...toDelivered(topic, partition, message),
                  timestamp: message.timestamp,
                });
                if (r.end !== undefined && BigInt(message.offset) + 1n >= r.end) open.delete(key);
              }
              if (!options.follow && open.size === 0) finish();
            },
          })
          .catch(reject);
      });
      return count;
    } finally {
      await consumer.disconnect().catch(() => undefined);
    }
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
    await this.deadLetterProducer?.disconnect().catch(() => undefined);
    this.deadLetterProducer = undefined;
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
