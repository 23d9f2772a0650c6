import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { transmittedSchema, workQueueItemSchema } from './transmissions.schemas';
import { TransmissionsService } from './transmissions.service';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';
import { transmittedAnswerSchema } from '../common/ballot-answers';

@OfficeApi()
export class TransmissionsController {
  constructor(private readonly transmissions: TransmissionsService) {}

  @Get('work-queue')
  @Roles('clerk')
  @AuditAction('work-queue.list')
  @ApiOperation({ summary: 'Ballots generated for mail or fax delivery and not yet transmitted' })
  @ApiJsonResponse(200, 'The work queue.', itemsOf(workQueueItemSchema))
  workQueue(@Principal() p: OfficePrincipal) {
    return this.transmissions.workQueue(p);
  }

  @Post('ballots/:ballotId/transmitted')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.transmitted')
  @ApiJsonBody(transmittedSchema)
  @ApiOperation({ summary: 'Record that a mail/fax ballot was sent; body `{ transmittedAt, method }`' })
  @ApiJsonResponse(200, 'Recorded.', transmittedAnswerSchema)
  @ApiProblems(400, 404, 409)
  transmitted(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.transmissions.transmitted(p, ballotId, body);
  }
}
