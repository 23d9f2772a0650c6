import { Module } from '@nestjs/common';
import { OfficeNotificationsController } from './office-notifications.controller';

/** The office's view of the e-mails to its voters (docs/notifications.md). */
@Module({ controllers: [OfficeNotificationsController] })
export class OfficeNotificationsModule {}
