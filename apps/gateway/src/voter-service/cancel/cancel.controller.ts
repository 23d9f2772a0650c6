import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../../common/audit';
import { ApiJsonBody, OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../../common/openapi';
import { cancelledAnswerSchema, cancelRequestSchema } from './cancel.schemas';
import { CancelRequestService } from './cancel.service';

@OfficeApi()
export class CancelRequestController {
  constructor(private readonly service: CancelRequestService) {}

  @Post('ballot-requests/:requestId/cancel')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot-request.cancel')
  @ApiJsonBody(cancelRequestSchema)
  @ApiOperation({
    summary: 'Cancel a request; its ballots still out become void',
    description:
      'Refused (409) for a request that no longer stands (rejected, cancelled) or that has a ballot which ' +
      'came back and is undecided or accepted (decide on that ballot instead); a rejected ballot stays rejected. Emits `uocava.ballot.voided.v1` per ballot still out, then ' +
      '`uocava.request.cancelled.v1`; the voter is told and may send a new request.',
  })
  @ApiJsonResponse(200, 'Cancelled.', cancelledAnswerSchema)
  @ApiProblems(400, 404, 409)
  cancel(@Principal() p: OfficePrincipal, @Param('requestId') requestId: string, @Body() body: unknown) {
    return this.service.cancel(p, requestId, body);
  }
}
