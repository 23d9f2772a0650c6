import { Controller, Get, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { withTenant } from '@uocava/database';
import { AuditAction, AuditedOfficeGuard, AuditInterceptor } from '../operations/audit';
import { Principal, Roles, type OfficePrincipal } from './office-auth';

/** Elections (definition, list, style assignments) are in ../elections/elections.controller.ts. */
@ApiTags('office')
@ApiBearerAuth()
@UseGuards(AuditedOfficeGuard)
@UseInterceptors(AuditInterceptor)
@Controller('api/v1/office')
export class OfficeController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('whoami')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('office.whoami')
  @ApiOperation({ summary: 'The jurisdiction and role of the calling office key' })
  whoami(@Principal() principal: OfficePrincipal) {
    return { jurisdictionId: principal.jurisdictionId, role: principal.role, keyId: principal.keyId };
  }

  @Get('ballot-requests')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('ballot-request.list')
  @ApiOperation({ summary: "The jurisdiction's ballot requests (no personal data), newest first" })
  async listRequests(@Principal() principal: OfficePrincipal) {
    const rows: Array<Record<string, unknown>> = await withTenant(this.ds, principal.jurisdictionId, (tx) =>
      tx.query(
        `SELECT request_id, tracking_code, status, voter_class, ballot_delivery, mailing_country, reasons, received_at
         FROM ballot_requests WHERE jurisdiction_id = $1 ORDER BY received_at DESC LIMIT 500`,
        [principal.jurisdictionId],
      ),
    );
    return { items: rows };
  }
}
