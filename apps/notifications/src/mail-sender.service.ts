import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { KeyRing } from '@uocava/database';
import { mailSettingsFromEnv } from './mail-policy';
import { MailQueueSender } from './mail-sender';
import { mailTransportFromEnv } from './mailer';

/** Runs the mail queue's sender loop for the app's lifetime; stops it before the database closes. */
@Injectable()
export class MailSenderService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('mail');
  readonly sender: MailQueueSender;

  constructor(@InjectDataSource() ds: DataSource, keyRing: KeyRing) {
    const settings = mailSettingsFromEnv();
    const transport = mailTransportFromEnv(settings);
    this.sender = new MailQueueSender(ds, keyRing, transport, settings, {
      log: (level, line) => (level === 'warn' ? this.logger.warn(line) : this.logger.log(line)),
    });
    this.logger.log(`sending through ${transport.description}`);
  }

  onApplicationBootstrap(): void {
    this.sender.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sender.stop();
  }
}
