import { Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DatabaseModule } from '@uocava/database';
import { MessagingModule } from '@uocava/messaging';
import { HealthController } from './health';
import { logger } from './logging';
import { MetricsController } from './metrics';
import { stopTracing } from './tracing';

/** Sends the spans still buffered when the app shuts down (after the consumers and the relay stopped). */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

/** What every app has: the database, the message bus (with or without an outbox relay), /health, /metrics. */
@Module({})
export class ServiceModule {
  static forRoot(name: string, options: { relay: boolean }): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        DatabaseModule.forRoot(name),
        MessagingModule.forRoot({
          clientId: name,
          relay: options.relay,
          onRelayError: (e) => logger().error({ err: e }, `[outbox] ${String(e)}`),
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: 'SERVICE_NAME', useValue: name }, TracingShutdown],
      exports: ['SERVICE_NAME'],
    };
  }
}
