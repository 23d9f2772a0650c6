import { Get, Header, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { auditEntrySchema, auditLogQuerySchema } from './audit-trail.schemas';
import { auditLogCsv, AuditTrailService } from './audit-trail.service';
import { ApiContentResponse, ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';

// the query parameters as the schema that checks them describes them
const filters = Object.entries(auditLogQuerySchema.properties).map(([name, schema]) =>
  ApiQuery({ name, required: false, schema, description: schema.description }),
);
const Filters = (): MethodDecorator => (target, key, descriptor) => {
  for (const f of filters) f(target, key, descriptor);
};

@OfficeApi()
export class AuditTrailController {
  constructor(private readonly audit: AuditTrailService) {}

  @Get('audit-log')
  @Roles('auditor', 'admin')
  @AuditAction('audit-log.view')
  @Filters()
  @ApiOperation({ summary: 'The staff audit trail (`?from=&to=&action=`)' })
  @ApiJsonResponse(200, 'The entries.', itemsOf(auditEntrySchema))
  @ApiProblems(400)
  entries(@Principal() p: OfficePrincipal, @Query() query: Record<string, unknown>) {
    return this.audit.entries(p, query);
  }

  @Get('audit-log.csv')
  @Roles('auditor', 'admin')
  @AuditAction('audit-log.export')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Filters()
  @ApiOperation({ summary: 'The staff audit trail as CSV (`?from=&to=&action=`)' })
  @ApiContentResponse(200, 'The entries as CSV.', 'text/csv')
  @ApiProblems(400)
  async csv(
    @Principal() p: OfficePrincipal,
    @Res({ passthrough: true }) res: Response,
    @Query() query: Record<string, unknown>,
  ) {
    const { items } = await this.audit.entries(p, query);
    res.setHeader('content-disposition', `attachment; filename="audit-log-${p.jurisdictionId}.csv"`);
    return auditLogCsv(items);
  }
}
