import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiJsonResponse } from '../common/openapi';
import { electionsOverviewSchema } from './elections-overview.schemas';
import { ElectionsOverviewService } from './elections-overview.service';

@OfficeApi()
export class ElectionsOverviewController {
  constructor(private readonly overview: ElectionsOverviewService) {}

  @Get('elections-overview')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('elections-overview.view')
  @ApiOperation({
    summary:
      "Every current election at once (this year's and next year's): requests, ballots sent, returned, accepted, rejected, 45-day status",
  })
  @ApiJsonResponse(200, 'The elections, in date order.', electionsOverviewSchema)
  overviewOfElections(@Principal() p: OfficePrincipal) {
    return this.overview.current(p);
  }
}
