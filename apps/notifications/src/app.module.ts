import { Module } from '@nestjs/common';
import { ServiceModule } from '@uocava/platform';
import { NotificationsWorker } from './notifications.worker';

@Module({
  imports: [ServiceModule.forRoot('notifications', { relay: false })],
  providers: [NotificationsWorker],
})
export class NotificationsModule {}
