import { Module } from '@nestjs/common';
import { ServiceModule } from '@uocava/platform';
import { MailSenderService } from './mail-sender.service';
import { NotificationsWorker } from './notifications.worker';

@Module({
  imports: [ServiceModule.forRoot('notifications', { relay: false })],
  providers: [NotificationsWorker, MailSenderService],
})
export class NotificationsModule {}
