import { Module } from '@nestjs/common';
import { AuditTrailModule } from '../audit-trail/audit-trail.module';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { ReportsPagesController } from './reports-pages.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

/** The dashboard and the EAVS Section B and NIST SP 1500-101 exports: office API and clerk's page. */
@Module({
  imports: [AuditTrailModule, OfficePagesModule],
  controllers: [ReportsController, ReportsPagesController],
  providers: [ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
