import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../../common/audit';
import { ApiJsonBody, OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../../common/openapi';
import { reissueBallotSchema, reissuedAnswerSchema } from './reissue.schemas';
import { ReissueBallotService } from './reissue.service';

@OfficeApi()
export class ReissueBallotController {
  constructor(private readonly service: ReissueBallotService) {}

  @Post('ballots/:ballotId/reissue')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.reissue')
  @ApiJsonBody(reissueBallotSchema)
  @ApiOperation({
    summary: 'Reissue (spoil and replace) a ballot still out',
    description:
      'The ballot becomes void (`uocava.ballot.voided.v1`, replacement: true) and can no longer be returned; ' +
      'the ballots service generates its replacement with the same style (`uocava.ballot.generated.v1` with ' +
      "`replacesBallotId`), sent by the voter's delivery method (an e-mail voter gets the new link; a mail " +
      "voter's goes to the print queue). Both steps get receipts. Refused (409) for a ballot that came back, " +
      'is void already, or whose request no longer stands.',
  })
  @ApiJsonResponse(200, 'Void; the replacement follows.', reissuedAnswerSchema)
  @ApiProblems(400, 404, 409)
  reissue(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.service.reissue(p, ballotId, body);
  }
}
