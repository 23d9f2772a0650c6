import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { fwabListItemSchema, fwabRecordedSchema, recordFwabSchema } from './fwab.schemas';
import { FwabService } from './fwab.service';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';

@OfficeApi()
export class FwabController {
  constructor(private readonly fwab: FwabService) {}

  @Post('fwab')
  @HttpCode(201)
  @Roles('clerk')
  @AuditAction('fwab.record')
  @ApiJsonBody(recordFwabSchema)
  @ApiOperation({
    summary: 'Record a Federal Write-In Absentee Ballot and resolve which ballot counts',
    description:
      'Body: `{ electionId, requestId?, receivedAt, method?, postmarkDate?, voterRegistered? }`. Re-resolved when the state ballot comes back.',
  })
  @ApiJsonResponse(201, 'Recorded and resolved.', fwabRecordedSchema)
  @ApiProblems(400, 404)
  record(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.fwab.record(p, body);
  }

  @Get('elections/:id/fwabs')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('fwab.list')
  @ApiOperation({ summary: "The election's FWABs and their resolution" })
  @ApiJsonResponse(200, 'The FWABs.', itemsOf(fwabListItemSchema))
  @ApiProblems(404)
  list(@Principal() p: OfficePrincipal, @Param('id') id: string) {
    return this.fwab.list(p, id);
  }
}
