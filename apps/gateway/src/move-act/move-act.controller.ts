import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { MoveActService } from './move-act.service';

@OfficeApi()
export class MoveActController {
  constructor(private readonly moveAct: MoveActService) {}

  @Get('elections/:id/move-act')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('move-act.view')
  @ApiOperation({ summary: 'MOVE Act 45-day monitor on a date (`?date=YYYY-MM-DD`, default today)' })
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
  summary(@Principal() p: OfficePrincipal, @Param('id') id: string, @Query('date') date?: string) {
    return this.moveAct.emitSummary(p.jurisdictionId, id, date);
  }
}
