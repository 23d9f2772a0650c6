import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Principal, Roles, type OfficePrincipal } from '../office/office-auth';
import { AuditAction, AuditedOfficeGuard, AuditInterceptor } from './audit';
import { auditLogCsv, OperationsService } from './operations.service';

/**
 * The election office's operations: returned envelopes, decisions, FWAB, the mail/fax work queue,
 * the MOVE Act monitor, the dashboard, reports and the audit trail. The jurisdiction always comes
 * from the office key; every call (refused ones too) is written to the audit trail.
 */
@ApiTags('office')
@ApiBearerAuth()
@UseGuards(AuditedOfficeGuard)
@UseInterceptors(AuditInterceptor)
@Controller('api/v1/office')
export class OperationsController {
  constructor(private readonly ops: OperationsService) {}

  @Post('returns')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.return')
  @ApiOperation({
    summary: 'Record a returned envelope (idempotent per envelope) and check it against the return rules',
    description:
      'Body: `{ barcode | ballotId, receivedAt, method: mail|fax|email|in-person|online, postmarkDate? }`.',
  })
  recordReturn(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.ops.recordReturn(p, body);
  }

  @Post('ballots/:ballotId/accept')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.accept')
  @ApiOperation({ summary: 'Accept a returned (or cured) ballot for counting' })
  accept(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string) {
    return this.ops.accept(p, ballotId);
  }

  @Post('ballots/:ballotId/reject')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.reject')
  @ApiOperation({ summary: 'Reject a ballot; body `{ reasons: BallotRejectionType[] }` (EAVS Section B)' })
  reject(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.ops.reject(p, ballotId, body);
  }

  @Post('ballots/:ballotId/request-cure')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.request-cure')
  @ApiOperation({ summary: 'Ask the voter to cure a defect; body `{ reasons, cureDeadline }`' })
  requestCure(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.ops.requestCure(p, ballotId, body);
  }

  @Post('ballots/:ballotId/cure')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.cure')
  @ApiOperation({ summary: 'Record that the voter cured the defect; body `{ curedAt? }` (default now)' })
  cure(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.ops.cure(p, ballotId, body);
  }

  @Post('cure-sweep')
  @HttpCode(200)
  @Roles('clerk', 'admin')
  @AuditAction('ballot.cure-sweep')
  @ApiOperation({
    summary:
      'Reject the ballots whose cure deadline has passed (idempotent; the gateway also runs it on an interval)',
  })
  sweep(@Principal() p: OfficePrincipal) {
    return this.ops.sweepCures(p.jurisdictionId, new Date());
  }

  @Post('fwab')
  @HttpCode(201)
  @Roles('clerk')
  @AuditAction('fwab.record')
  @ApiOperation({
    summary: 'Record a Federal Write-In Absentee Ballot and resolve which ballot counts',
    description:
      'Body: `{ electionId, requestId?, receivedAt, method?, postmarkDate?, voterRegistered? }`. Re-resolved when the state ballot comes back.',
  })
  recordFwab(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.ops.recordFwab(p, body);
  }

  @Get('elections/:id/fwabs')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('fwab.list')
  @ApiOperation({ summary: "The election's FWABs and their resolution" })
  fwabs(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.ops.listFwabs(p, id);
  }

  @Get('work-queue')
  @Roles('clerk')
  @AuditAction('work-queue.list')
  @ApiOperation({ summary: 'Ballots generated for mail or fax delivery and not yet transmitted' })
  workQueue(@Principal() p: OfficePrincipal) {
    return this.ops.workQueue(p);
  }

  @Post('ballots/:ballotId/transmitted')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.transmitted')
  @ApiOperation({ summary: 'Record that a mail/fax ballot was sent; body `{ transmittedAt, method }`' })
  transmitted(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.ops.transmitted(p, ballotId, body);
  }

  @Get('elections/:id/move-act')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('move-act.view')
  @ApiOperation({ summary: 'MOVE Act 45-day monitor on a date (`?date=YYYY-MM-DD`, default today)' })
  moveAct(@Principal() p: OfficePrincipal, @Param('id') id: string, @Query('date') date?: string) {
    return this.ops.moveAct(p, id, date);
  }

  @Post('elections/:id/move-act/summary')
  @HttpCode(200)
  @Roles('clerk', 'admin')
  @AuditAction('move-act.summary')
  @ApiOperation({
    summary:
      'Emit the daily uocava.office.move-act-summary.v1 event for a date (`?date=`, default today); once per election and date',
  })
  moveActSummary(@Principal() p: OfficePrincipal, @Param('id') id: string, @Query('date') date?: string) {
    return this.ops.emitMoveActSummary(p.jurisdictionId, id, date);
  }

  @Get('elections/:id/dashboard')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('dashboard.view')
  @ApiOperation({
    summary: 'Counts per request status, voter class, delivery method, country and ballot outcome',
  })
  dashboard(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.ops.dashboard(p, id);
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
    const { fileName, csv } = await this.ops.eavsSectionB(p, id);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${fileName}"`);
    return csv;
  }

  @Get('elections/:id/reports/event-log.json')
  @Roles('auditor', 'admin', 'clerk')
  @AuditAction('report.event-log')
  @ApiOperation({ summary: "The election's event log as a NIST SP 1500-101 ElectionEventLog (JSON)" })
  eventLog(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.ops.eventLog(p, id);
  }

  @Get('audit-log')
  @Roles('auditor', 'admin')
  @AuditAction('audit-log.view')
  @ApiOperation({ summary: 'The staff audit trail (`?from=&to=&action=`)' })
  auditLog(
    @Principal() p: OfficePrincipal,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('action') action?: string,
  ) {
    return this.ops.auditLog(p, { from, to, action });
  }

  @Get('audit-log.csv')
  @Roles('auditor', 'admin')
  @AuditAction('audit-log.export')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ summary: 'The staff audit trail as CSV (`?from=&to=&action=`)' })
  async auditLogCsv(
    @Principal() p: OfficePrincipal,
    @Res({ passthrough: true }) res: Response,
    @Query('from') from?: string,
    @Query('to') to?: string,
    @Query('action') action?: string,
  ) {
    const { items } = await this.ops.auditLog(p, { from, to, action });
    res.setHeader('content-disposition', `attachment; filename="audit-log-${p.jurisdictionId}.csv"`);
    return auditLogCsv(items);
  }
}
