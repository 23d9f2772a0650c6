import {
  Global,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ALL_TOPICS, dlqTopic } from '@uocava/contracts';
import type { MessageBus } from './bus';
import { brokersFromEnv } from './kafka-client-config';
import { KafkaJsBus } from './kafkajs-bus';
import { OutboxRelay } from './outbox';

export const MESSAGE_BUS = Symbol('MESSAGE_BUS');

export interface MessagingModuleOptions {
  clientId: string;
  /** run an outbox relay in this process */
  relay: boolean;
  /** where the relay's errors go (default: console.error) */
  onRelayError?: (error: unknown) => void;
}

/** Every topic and its dead-letter topic. */
export const TOPICS_WITH_DLQ: string[] = ALL_TOPICS.flatMap((t) => [t, dlqTopic(t)]);

@Injectable()
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly relay: OutboxRelay,
    @Inject('MESSAGING_OPTIONS') private readonly options: MessagingModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics(TOPICS_WITH_DLQ);
    await this.bus.connect();
    if (this.options.relay) this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.bus.disconnect();
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: 'MESSAGING_OPTIONS', useValue: options },
        {
          provide: MESSAGE_BUS,
          useFactory: (): MessageBus =>
            new KafkaJsBus({
              brokers: brokersFromEnv(),
              clientId: options.clientId,
              replicationFactor: Number(process.env.KAFKA_REPLICATION_FACTOR ?? 1),
            }),
        },
        {
          provide: OutboxRelay,
          inject: [getDataSourceToken(), MESSAGE_BUS],
          useFactory: (ds: DataSource, bus: MessageBus) =>
            new OutboxRelay(ds, bus, {
              onError: options.onRelayError ?? ((e) => console.error(`[outbox] ${String(e)}`)),
            }),
        },
        MessagingLifecycle,
      ],
      exports: [MESSAGE_BUS, OutboxRelay],
    };
  }
}
