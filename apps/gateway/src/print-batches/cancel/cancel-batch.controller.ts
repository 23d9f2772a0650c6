import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../../common/audit';
import { ApiJsonBody, OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../../common/openapi';
import { batchCancelledAnswerSchema, cancelBatchSchema } from '../print-batches.schemas';
import { CancelPrintBatchService } from './cancel-batch.service';

@OfficeApi()
export class CancelPrintBatchController {
  constructor(private readonly batches: CancelPrintBatchService) {}

  @Post('print-batches/:batchId/cancel')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('print-batch.cancel')
  @ApiJsonBody(cancelBatchSchema)
  @ApiOperation({
    summary: 'Cancel a print batch not yet sent: its ballots can go into a new batch',
    description:
      'The batch keeps its pieces and their barcode serials (never reused) and records when, by whom and why ' +
      'it was cancelled; its ballots are released for the next batch. No ballot event (nothing was sent). ' +
      'Idempotent (`alreadyCancelled`). 409 when the batch was already marked sent; its PDF and `sent` then ' +
      'answer 409 too.',
  })
  @ApiJsonResponse(200, 'Cancelled (or already cancelled).', batchCancelledAnswerSchema)
  @ApiProblems(400, 404, 409)
  cancel(@Principal() p: OfficePrincipal, @Param('batchId') batchId: string, @Body() body: unknown) {
    return this.batches.cancel(p, batchId, body);
  }
}
