import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { listRequests, withTenant } from '@uocava/database';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiJsonResponse, itemsOf } from '../common/openapi';
import { requestListItemSchema, whoamiSchema } from './requests.schemas';

/** Who is calling, and the office's list of requests (no personal data). */
@OfficeApi()
export class RequestsController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('whoami')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('office.whoami')
  @ApiOperation({ summary: 'The jurisdiction and role of the calling office key' })
  @ApiJsonResponse(200, 'The calling key.', whoamiSchema)
  whoami(@Principal() principal: OfficePrincipal) {
    return { jurisdictionId: principal.jurisdictionId, role: principal.role, keyId: principal.keyId };
  }

  @Get('ballot-requests')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('ballot-request.list')
  @ApiOperation({ summary: "The jurisdiction's ballot requests (no personal data), newest first" })
  @ApiJsonResponse(200, 'The requests.', itemsOf(requestListItemSchema))
  async list(@Principal() principal: OfficePrincipal) {
    const items = await withTenant(this.ds, principal.jurisdictionId, (tx) =>
      listRequests(tx, principal.jurisdictionId),
    );
    return { items };
  }
}
