import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { mailQueueSummary, smsQueueCounts, withTenant } from '@uocava/database';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiJsonResponse } from '../common/openapi';
import { mailQueueSummarySchema } from './office-notifications.schemas';

/** The office's view of the e-mails (and text messages) to its voters (docs/notifications.md): counts and failures, ids only. */
@OfficeApi()
export class OfficeNotificationsController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('notifications')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('notifications.view')
  @ApiOperation({
    summary:
      'E-mails to voters: pending, sent and failed counts (overall and per kind) and the latest failures; text message counts',
    description:
      'Failures list the mail id, request id, kind, attempts, times and SMTP code (no address or text), so the office can reach those voters another way.',
  })
  @ApiJsonResponse(200, 'The summary.', mailQueueSummarySchema)
  summary(@Principal() p: OfficePrincipal) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => ({
      ...(await mailQueueSummary(tx, p.jurisdictionId)),
      sms: await smsQueueCounts(tx, p.jurisdictionId),
    }));
  }
}
