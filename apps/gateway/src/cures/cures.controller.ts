import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { cureSchema, requestCureSchema } from './cures.schemas';
import { CuresService } from './cures.service';
import { Clock } from '../common/clock';

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
  @ApiOperation({ summary: 'Ask the voter to cure a defect; body `{ reasons, cureDeadline }`' })
  requestCure(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.cures.requestCure(p, ballotId, body);
  }

  @Post('ballots/:ballotId/cure')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.cure')
  @ApiJsonBody(cureSchema)
  @ApiOperation({ summary: 'Record that the voter cured the defect; body `{ curedAt? }` (default now)' })
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
  sweep(@Principal() p: OfficePrincipal) {
    return this.cures.sweep(p.jurisdictionId, this.clock.now());
  }
}
