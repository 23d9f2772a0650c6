import { Module } from '@nestjs/common';
import { AuditedOfficeGuard, AuditInterceptor } from './audit';
import { NotificationsController } from './notifications.controller';
import { OperationsController } from './operations.controller';
import { OperationsService } from './operations.service';

/** The election-office operations API (docs/office-api.md). */
@Module({
  controllers: [OperationsController, NotificationsController],
  providers: [OperationsService, AuditedOfficeGuard, AuditInterceptor],
  exports: [OperationsService],
})
export class OperationsModule {}
