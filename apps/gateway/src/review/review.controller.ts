import { approvedSchema, rejectedSchema, reviewItemSchema } from './review.schemas';
import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction, AuditOwnOutcome } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { approveSchema, rejectRequestSchema } from './review.rules';
import { QUEUE_LIMIT, ReviewService, type ReviewItem } from './review.service';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';

@OfficeApi()
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Get('review-queue')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('review-queue.view')
  @ApiOperation({
    summary: 'Requests that need a person, oldest first, with their reasons and the candidate roll records',
    description:
      `At most ${QUEUE_LIMIT} items. Each item: reasons (code + plain words), the request data and the roll ` +
      'records with the same date of birth (candidates), decrypted for the office.',
  })
  @ApiJsonResponse(200, 'The queue.', itemsOf(reviewItemSchema))
  queue(@Principal() principal: OfficePrincipal): Promise<{ items: ReviewItem[] }> {
    return this.review.queue(principal);
  }

  @Post('ballot-requests/:requestId/approve')
  @HttpCode(200)
  @Roles('admin', 'clerk')
  @AuditAction('ballot-request.approve')
  @AuditOwnOutcome()
  @ApiJsonBody(approveSchema)
  @ApiOperation({
    summary: 'Approve a request that needs review',
    description:
      'Body: `{ "rollRecordId": "<uuid>" }` links the request to a roll record, or ' +
      '`{ "createRollRecord": { "stateVoterId", "precinct"?, "party"? } }` registers the voter from the FPCA. ' +
      'The request becomes verified (event uocava.request.verified.v1, decidedBy office) and the ballot is issued. ' +
      '409 when the request no longer waits for review, or for `createRollRecord` while an import of the voter ' +
      'roll runs (`roll-import-running`: approve after it, the import may bring the voter).',
  })
  @ApiJsonResponse(200, 'Approved.', approvedSchema)
  @ApiProblems(400, 404, 409)
  approve(
    @Principal() principal: OfficePrincipal,
    @Param('requestId') requestId: string,
    @Body() body: unknown,
  ) {
    return this.review.approve(principal, requestId, body);
  }

  @Post('ballot-requests/:requestId/reject')
  @HttpCode(200)
  @Roles('admin', 'clerk')
  @AuditAction('ballot-request.reject')
  @AuditOwnOutcome()
  @ApiJsonBody(rejectRequestSchema)
  @ApiOperation({
    summary: 'Reject a request that needs review',
    description:
      'Body: `{ "reasons": ["<reason code>", ...] }` (codes of REASONS). The request becomes rejected ' +
      '(event uocava.request.rejected.v1, decidedBy office).',
  })
  @ApiJsonResponse(200, 'Rejected.', rejectedSchema)
  @ApiProblems(400, 404, 409)
  reject(
    @Principal() principal: OfficePrincipal,
    @Param('requestId') requestId: string,
    @Body() body: unknown,
  ) {
    return this.review.reject(principal, requestId, body);
  }
}
