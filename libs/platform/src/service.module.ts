import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@uocava/database';
import { MessagingModule } from '@uocava/messaging';
import { HealthController } from './health';
import { MetricsController } from './metrics';

/** What every app has: the database, the message bus (with or without an outbox relay), /health, /metrics. */
@Module({})
export class ServiceModule {
  static forRoot(name: string, options: { relay: boolean }): DynamicModule {
    return {
      module: ServiceModule,
      imports: [
        DatabaseModule.forRoot(name),
        MessagingModule.forRoot({ clientId: name, relay: options.relay }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: 'SERVICE_NAME', useValue: name }],
      exports: ['SERVICE_NAME'],
    };
  }
}
