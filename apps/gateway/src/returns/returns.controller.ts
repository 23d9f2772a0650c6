import { Body, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { recordReturnSchema } from './returns.schemas';
import { ReturnsService } from './returns.service';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { returnAnswerSchema } from '../common/ballot-answers';

@OfficeApi()
export class ReturnsController {
  constructor(private readonly returns: ReturnsService) {}

  @Post('returns')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot.return')
  @ApiJsonBody(recordReturnSchema)
  @ApiOperation({
    summary: 'Record a returned envelope (idempotent per envelope) and check it against the return rules',
    description:
      'Body: `{ barcode | ballotId, receivedAt, method: mail|fax|email|in-person|online, postmarkDate? }`.',
  })
  @ApiJsonResponse(200, 'Recorded.', returnAnswerSchema)
  @ApiProblems(400, 404, 409)
  record(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.returns.record(p, body);
  }
}
