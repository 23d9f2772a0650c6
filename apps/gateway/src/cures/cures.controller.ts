import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { cureSchema, requestCureSchema } from './cures.schemas';
import { CuresService } from './cures.service';
import { Clock } from '../common/clock';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { cureRequestedAnswerSchema, curedAnswerSchema, sweepAnswerSchema } from '../common/ballot-answers';

@OfficeApi()
export class CuresController {
  constructor(
    private readonly clock: Clock,
    private readonly cures: CuresService,
  ) {}

  @Post('ballots/:ballotId/request-cure')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.request-cure')
  @ApiJsonBody(requestCureSchema)
  @ApiOperation({
    summary:
      "Ask the voter to cure a defect; body `{ reasons, cureDeadline? }` (default and latest: the end of the state's cure window)",
  })
  @ApiJsonResponse(200, 'Cure requested.', cureRequestedAnswerSchema)
  @ApiProblems(400, 404, 409, 422)
  requestCure(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.cures.requestCure(p, ballotId, body);
  }

  @Post('ballots/:ballotId/cure')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.cure')
  @ApiJsonBody(cureSchema, false)
  @ApiOperation({ summary: 'Record that the voter cured the defect; body `{ curedAt? }` (default now)' })
  @ApiJsonResponse(200, 'Cured.', curedAnswerSchema)
  @ApiProblems(400, 404, 409)
  cure(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.cures.cure(p, ballotId, body);
  }

  @Post('cure-sweep')
  @HttpCode(200)
  @Roles('clerk', 'admin')
  @AuditAction('ballot.cure-sweep')
  @ApiOperation({
    summary:
      'Reject the ballots whose cure deadline has passed (idempotent; the gateway also runs it on an interval)',
  })
  @ApiJsonResponse(200, 'Swept.', sweepAnswerSchema)
  sweep(@Principal() p: OfficePrincipal) {
    return this.cures.sweep(p.jurisdictionId, this.clock.now());
  }
}
