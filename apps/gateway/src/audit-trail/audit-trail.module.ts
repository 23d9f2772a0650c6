import { Module } from '@nestjs/common';
import { AuditTrailController } from './audit-trail.controller';
import { AuditTrailService } from './audit-trail.service';

/** Reading the staff audit trail (the entries themselves are written by common/audit.ts). */
@Module({ controllers: [AuditTrailController], providers: [AuditTrailService], exports: [AuditTrailService] })
export class AuditTrailModule {}
