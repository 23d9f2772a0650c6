import { Body, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../../common/audit';
import { ApiJsonBody, OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../../common/openapi';
import { createdPrintBatchSchema, createPrintBatchSchema } from '../print-batches.schemas';
import { CreatePrintBatchService } from './create-batch.service';

@OfficeApi()
export class CreatePrintBatchController {
  constructor(private readonly batches: CreatePrintBatchService) {}

  @Post('print-batches')
  @Roles('clerk')
  @AuditAction('print-batch.create')
  @ApiJsonBody(createPrintBatchSchema)
  @ApiOperation({
    summary: 'Make a print batch of the mail ballots ready to send (by election, ready dates, country)',
    description:
      'Takes every mail ballot of the election that is ready (packet issued, not held), not yet sent and in no ' +
      'other batch, narrowed by `readyFrom`/`readyTo` (UTC dates, inclusive) and `country`; puts them in mailing ' +
      "order and gives each outbound envelope an Intelligent Mail barcode with the office's Mailer ID " +
      '(jurisdiction setting `mailerId`) and a serial unique per piece. 409 when nothing matches or the Mailer ID is not set.',
  })
  @ApiJsonResponse(201, 'The batch, its pieces in mailing order.', createdPrintBatchSchema)
  @ApiProblems(400, 404, 409)
  create(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.batches.create(p, body);
  }
}
