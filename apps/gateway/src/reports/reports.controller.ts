import { Get, Param, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ReportsService } from './reports.service';

@OfficeApi()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('elections/:id/dashboard')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('dashboard.view')
  @ApiOperation({
    summary: 'Counts per request status, voter class, delivery method, country and ballot outcome',
  })
  dashboard(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.reports.dashboard(p, id);
  }

  @Get('elections/:id/reports/eavs-section-b.csv')
  @Roles('auditor', 'admin', 'clerk')
  @AuditAction('report.eavs-section-b')
  @ApiOperation({ summary: 'EAVS Section B UOCAVA transaction file (CSV), one row per transaction' })
  async eavs(
    @Principal() p: OfficePrincipal,
    @Param('id') id: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { fileName, csv } = await this.reports.eavsSectionB(p, id);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    return csv;
  }

  @Get('elections/:id/reports/event-log.json')
  @Roles('auditor', 'admin', 'clerk')
  @AuditAction('report.event-log')
  @ApiOperation({ summary: "The election's event log as a NIST SP 1500-101 ElectionEventLog (JSON)" })
  eventLog(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.reports.eventLog(p, id);
  }
}
