import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { MoveActService } from './move-act.service';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { moveActMonitorSchema, moveActSummarySchema } from './move-act.schemas';

@OfficeApi()
export class MoveActController {
  constructor(private readonly moveAct: MoveActService) {}

  @Get('elections/:id/move-act')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('move-act.view')
  @ApiOperation({ summary: 'MOVE Act 45-day monitor on a date (`?date=YYYY-MM-DD`, default today)' })
  @ApiQuery({ name: 'date', required: false, schema: { type: 'string', format: 'date' } })
  @ApiJsonResponse(200, 'The monitor.', moveActMonitorSchema)
  @ApiProblems(400, 404)
  monitor(@Principal() p: OfficePrincipal, @Param('id') id: string, @Query('date') date?: string) {
    return this.moveAct.monitor(p, id, date);
  }

  @Post('elections/:id/move-act/summary')
  @HttpCode(200)
  @Roles('clerk', 'admin')
  @AuditAction('move-act.summary')
  @ApiOperation({
    summary:
      'Emit the daily uocava.office.move-act-summary.v1 event for a date (`?date=`, default today); once per election and date',
  })
  @ApiQuery({ name: 'date', required: false, schema: { type: 'string', format: 'date' } })
  @ApiJsonResponse(200, 'Emitted (or already emitted).', moveActSummarySchema)
  @ApiProblems(400, 404)
  summary(@Principal() p: OfficePrincipal, @Param('id') id: string, @Query('date') date?: string) {
    return this.moveAct.emitSummary(p.jurisdictionId, id, date);
  }
}
