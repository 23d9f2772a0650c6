import { Controller, Get, Param, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { listElections, withTenant } from '@uocava/database';
import { auditLogCsv, AuditTrailService } from '../audit-trail/audit-trail.service';
import { Roles } from '../common/office-auth';
import { electionChoices } from '../web/office/office-components';
import { ALL_ROLES, OfficePageGuard, Session, SignInRedirect } from '../web/office/office-page.guard';
import { OfficePages } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { ReportsPage } from './reports.page';
import { ReportsService } from './reports.service';

/** The clerk's reports page and its downloads (EAVS Section B, event log, audit trail). */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class ReportsPagesController {
  constructor(
    private readonly office: OfficePages,
    private readonly reports: ReportsService,
    private readonly audit: AuditTrailService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Get('reports')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async page(@Session() s: OfficeSession, @Res() res: Response) {
    const elections = electionChoices(
      await withTenant(this.ds, s.jurisdictionId, (tx) => listElections(tx, s.jurisdictionId)),
    );
    this.office.send(
      res,
      s,
      '/office/reports',
      'Reports',
      <ReportsPage elections={elections} canAudit={s.role === 'auditor' || s.role === 'admin'} />,
    );
  }

  @Get('reports/audit-log.csv')
  @UseGuards(OfficePageGuard)
  @Roles('auditor', 'admin')
  async auditCsv(@Session() s: OfficeSession, @Res() res: Response) {
    const { items } = await this.office.act(
      s,
      'audit-log.export',
      undefined,
      () => this.audit.entries(s, {}),
      'GET',
    );
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', `attachment; filename="audit-log-${s.jurisdictionId}.csv"`)
      .send(auditLogCsv(items));
  }

  @Get('reports/:electionId/eavs-section-b.csv')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async eavs(@Session() s: OfficeSession, @Param('electionId') id: string, @Res() res: Response) {
    const { fileName, csv } = await this.office.act(
      s,
      'report.eavs-section-b',
      `election:${id}`,
      () => this.reports.eavsSectionB(s, id),
      'GET',
    );
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', `attachment; filename="${fileName}"`)
      .send(csv);
  }

  @Get('reports/:electionId/event-log.json')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async eventLog(@Session() s: OfficeSession, @Param('electionId') id: string, @Res() res: Response) {
    const log = await this.office.act(
      s,
      'report.event-log',
      `election:${id}`,
      () => this.reports.eventLog(s, id),
      'GET',
    );
    res
      .status(200)
      .type('application/json')
      .setHeader('content-disposition', `attachment; filename="event-log-${id}.json"`)
      .send(JSON.stringify(log, null, 2));
  }
}
