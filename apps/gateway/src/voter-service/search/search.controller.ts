import { Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import { AuditAction } from '../../common/audit';
import { OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../../common/openapi';
import { foundRequestSchema } from './search.schemas';
import { SEARCH_LIMIT, VoterSearchService, type FoundRequest } from './search.service';

@OfficeApi()
export class VoterSearchController {
  constructor(private readonly search: VoterSearchService) {}

  @Get('voter-service/search')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('voter-service.search')
  @ApiOperation({
    summary: "Find the jurisdiction's requests by tracking code, request id, or name + date of birth",
    description:
      'Exactly one way of looking: `trackingCode`, `requestId`, or `lastName` + `firstName` + `dateOfBirth` ' +
      '(matched through the keyed voter index, as the duplicate check does: case, accents and spacing do ' +
      `not matter). At most ${SEARCH_LIMIT} items, newest first; each found request is opened for the office ` +
      'and audited as `ballot-request.open` with the caller.',
  })
  @ApiQuery({ name: 'trackingCode', required: false, type: String })
  @ApiQuery({ name: 'requestId', required: false, type: String, format: 'uuid' })
  @ApiQuery({ name: 'lastName', required: false, type: String })
  @ApiQuery({ name: 'firstName', required: false, type: String })
  @ApiQuery({ name: 'dateOfBirth', required: false, type: String, format: 'date' })
  @ApiJsonResponse(200, 'The requests found (empty when none).', itemsOf(foundRequestSchema))
  @ApiProblems(400)
  find(
    @Principal() principal: OfficePrincipal,
    @Query() query: Record<string, unknown>,
  ): Promise<{ items: FoundRequest[] }> {
    return this.search.search(principal, query);
  }
}
