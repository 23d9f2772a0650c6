import { Module } from '@nestjs/common';
import { ServiceModule } from '@uocava/platform';
import { MailSenderService } from './mail-sender.service';
import { NotificationsWorker } from './notifications.worker';
import { SmsSenderService } from './sms/sms-sender.service';
import { WebhookSenderService } from './webhooks/webhook-sender.service';
import { WebhooksWorker } from './webhooks/webhooks.worker';

@Module({
  imports: [ServiceModule.forRoot('notifications', { relay: false })],
  providers: [NotificationsWorker, MailSenderService, SmsSenderService, WebhooksWorker, WebhookSenderService],
})
export class NotificationsModule {}
