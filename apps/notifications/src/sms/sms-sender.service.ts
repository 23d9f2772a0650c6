import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { KeyRing } from '@uocava/database';
import { smsProviderFromEnv, smsSettingsFromEnv } from './sms-policy';
import { SmsQueueSender } from './sms-sender';

/** Runs the SMS queue's sender loop for the app's lifetime (none with `SMS_PROVIDER=off`). */
@Injectable()
export class SmsSenderService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('sms');
  readonly sender?: SmsQueueSender;

  constructor(@InjectDataSource() ds: DataSource, keyRing: KeyRing) {
    const settings = smsSettingsFromEnv();
    const provider = smsProviderFromEnv(settings);
    if (!provider) {
      this.logger.log('text messages are off (SMS_PROVIDER=off)');
      return;
    }
    this.sender = new SmsQueueSender(ds, keyRing, provider, settings, {
      log: (level, line) => (level === 'warn' ? this.logger.warn(line) : this.logger.log(line)),
    });
    this.logger.log(`sending text messages through ${provider.description}`);
  }

  onApplicationBootstrap(): void {
    this.sender?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sender?.stop();
  }
}
