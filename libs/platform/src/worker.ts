import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  IdempotentConsumer,
  MESSAGE_BUS,
  OutboxRelay,
  type HandlerMap,
  type MessageBus,
  type RunHandler,
} from '@uocava/messaging';
import { logger } from './logging';
import { Counter } from 'prom-client';
import { gauge, metricsRegistry } from './metrics';

/** The consumers of this process's workers, for `/health/ready` (health.ts). */
export const RUNNING_CONSUMERS = new Map<string, IdempotentConsumer>();

/** What the consumers of this process did, by outcome (read from their counts at each scrape). */
new Counter<'consumer' | 'outcome'>({
  name: 'uocava_consumer_messages_total',
  help: 'Messages a consumer finished, by consumer and outcome (processed, duplicate, ignored, dead-lettered)',
  labelNames: ['consumer', 'outcome'],
  registers: [metricsRegistry],
  collect() {
    this.reset();
    for (const [name, c] of RUNNING_CONSUMERS)
      for (const [outcome, n] of Object.entries(c.counts))
        if (n > 0) this.inc({ consumer: name, outcome }, n);
  },
});

gauge(
  'uocava_consumer_lag_messages',
  'Messages of a partition not yet committed by the consumer group (end offset minus committed offset)',
  ['consumer', 'group', 'topic', 'partition'],
  async (set) => {
    for (const [name, c] of RUNNING_CONSUMERS)
      for (const p of await c.lag())
        set({ consumer: name, group: consumerName(name), topic: p.topic, partition: p.partition }, p.lag);
  },
);

/** The consumer groups of this deployment can be prefixed (e.g. per test run) with CONSUMER_GROUP_PREFIX. */
export function consumerName(name: string): string {
  return `${process.env.CONSUMER_GROUP_PREFIX ?? ''}${name}`;
}

/**
 * Base of an app's event worker: starts an idempotent consumer on bootstrap and stops it (letting
 * the message in hand finish and committing offsets) on shutdown.
 */
@Injectable()
export abstract class EventWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  protected consumer?: IdempotentConsumer;
  @InjectDataSource() protected readonly ds!: DataSource;
  @Inject(MESSAGE_BUS) protected readonly bus!: MessageBus;
  @Inject(OutboxRelay) protected readonly relay!: OutboxRelay;

  protected abstract readonly name: string;
  protected abstract readonly topics: string[];
  protected abstract handlers(): HandlerMap;
  /** false for workers whose handlers act outside the database (see ConsumerOptions.batch) */
  protected readonly batch: boolean = true;
  /** most messages in one run (ConsumerOptions.maxRun) */
  protected readonly maxRun: number | undefined = undefined;
  /** a worker that applies a run of events at once (ConsumerOptions.runHandler) returns it here */
  protected runHandler(): RunHandler | undefined {
    return undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = new IdempotentConsumer(this.ds, this.bus, {
      name: consumerName(this.name),
      topics: this.topics,
      handlers: this.handlers(),
      batch: this.batch,
      runHandler: this.runHandler(),
      maxRun: this.maxRun,
      log: (line) => logger().warn({ consumer: this.name }, `[${this.name}] ${line}`),
    });
    RUNNING_CONSUMERS.set(this.name, this.consumer);
    await this.consumer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    RUNNING_CONSUMERS.delete(this.name);
    await this.consumer?.stop();
  }
}
