import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { rejectBallotSchema } from './decisions.schemas';
import { DecisionsService } from './decisions.service';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { acceptedAnswerSchema, rejectedAnswerSchema } from '../common/ballot-answers';

@OfficeApi()
export class DecisionsController {
  constructor(private readonly decisions: DecisionsService) {}

  @Post('ballots/:ballotId/accept')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.accept')
  @ApiOperation({ summary: 'Accept a returned (or cured) ballot for counting' })
  @ApiJsonResponse(200, 'Accepted.', acceptedAnswerSchema)
  @ApiProblems(404, 409)
  accept(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string) {
    return this.decisions.accept(p, ballotId);
  }

  @Post('ballots/:ballotId/reject')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.reject')
  @ApiJsonBody(rejectBallotSchema)
  @ApiOperation({ summary: 'Reject a ballot; body `{ reasons: BallotRejectionType[] }` (EAVS Section B)' })
  @ApiJsonResponse(200, 'Rejected.', rejectedAnswerSchema)
  @ApiProblems(400, 404, 409)
  reject(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.decisions.reject(p, ballotId, body);
  }
}
