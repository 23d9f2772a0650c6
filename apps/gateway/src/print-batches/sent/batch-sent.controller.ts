import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../../common/audit';
import { ApiJsonBody, OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../../common/openapi';
import { batchSentAnswerSchema, batchSentSchema } from '../print-batches.schemas';
import { BatchSentService } from './batch-sent.service';

@OfficeApi()
export class BatchSentController {
  constructor(private readonly batches: BatchSentService) {}

  @Post('print-batches/:batchId/sent')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('print-batch.sent')
  @ApiJsonBody(batchSentSchema)
  @ApiOperation({
    summary: 'Mark a print batch sent: one ballot.transmitted (method mail) per ballot, in one transaction',
    description:
      'Idempotent: calling it again answers what was recorded (`alreadySent`) and emits nothing; a ballot of ' +
      'the batch already marked sent on its own gets no second event. 409 when a ballot of the batch was ' +
      'returned or decided meanwhile (nothing is written).',
  })
  @ApiJsonResponse(200, 'Recorded (or already recorded).', batchSentAnswerSchema)
  @ApiProblems(400, 404, 409)
  sent(@Principal() p: OfficePrincipal, @Param('batchId') batchId: string, @Body() body: unknown) {
    return this.batches.sent(p, batchId, body);
  }
}
