import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { KeyRing } from '@uocava/database';
import { webhookSettingsFromEnv } from '@uocava/domain';
import { counter, metricsRegistry } from '@uocava/platform';
import { WebhookSender } from './webhook-sender';

/** Failed webhook deliveries per jurisdiction, as of the loop's last sweep (an operator's signal). */
function failedGauge(): Gauge<'jurisdiction'> {
  const name = 'uocava_webhook_deliveries_failed';
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Gauge<'jurisdiction'>;
  return new Gauge({
    name,
    help: 'Webhook deliveries given up on (status failed), per jurisdiction, as of the last sweep',
    labelNames: ['jurisdiction'],
    registers: [metricsRegistry],
  });
}

/** Runs the webhook delivery loop for the app's lifetime; stops it before the database closes. */
@Injectable()
export class WebhookSenderService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('webhooks');
  readonly sender: WebhookSender;

  constructor(@InjectDataSource() ds: DataSource, keyRing: KeyRing) {
    const attempts = counter(
      'uocava_webhook_delivery_attempts_total',
      'Webhook delivery attempts by outcome (delivered, retry, failed)',
      ['outcome'],
    );
    const failed = failedGauge();
    // a series only for jurisdictions that had failures (not one per office of the country)
    const labelled = new Set<string>();
    this.sender = new WebhookSender(ds, keyRing, webhookSettingsFromEnv(), undefined, {
      log: (level, line) => (level === 'warn' ? this.logger.warn(line) : this.logger.log(line)),
      onOutcome: (outcome) => attempts.inc({ outcome }),
      onFailedCount: (jurisdiction, n) => {
        if (n === 0 && !labelled.has(jurisdiction)) return;
        labelled.add(jurisdiction);
        failed.set({ jurisdiction }, n);
      },
    });
  }

  onApplicationBootstrap(): void {
    this.sender.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sender.stop();
  }
}
