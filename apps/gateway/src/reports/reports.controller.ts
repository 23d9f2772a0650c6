import { Get, Param, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ReportsService } from './reports.service';
import { ApiContentResponse, ApiJsonResponse, ApiProblems } from '../common/openapi';
import { dashboardSchema, electionEventLogSchema } from './reports.schemas';

@OfficeApi()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('elections/:id/dashboard')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('dashboard.view')
  @ApiOperation({
    summary: 'Counts per request status, voter class, delivery method, country and ballot outcome',
  })
  @ApiJsonResponse(200, 'The counts.', dashboardSchema)
  @ApiProblems(404)
  dashboard(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.reports.dashboard(p, id);
  }

  @Get('elections/:id/reports/eavs-section-b.csv')
  @Roles('auditor', 'admin', 'clerk')
  @AuditAction('report.eavs-section-b')
  @ApiOperation({ summary: 'EAVS Section B UOCAVA transaction file (CSV), one row per transaction' })
  @ApiContentResponse(200, 'One row per transaction (EAVS Section B table schema).', 'text/csv')
  @ApiProblems(404, 409)
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
  @ApiJsonResponse(200, 'The event log.', electionEventLogSchema)
  @ApiProblems(404)
  eventLog(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.reports.eventLog(p, id);
  }
}
