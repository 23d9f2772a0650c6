import { Get } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { printBatches, withTenant, type PrintBatchRow } from '@uocava/database';
import { AuditAction } from '../../common/audit';
import { OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, itemsOf } from '../../common/openapi';
import { printBatchSchema } from '../print-batches.schemas';

/** The office's print batches, newest first (ids, counts and hashes only: no personal data). */
export function listPrintBatches(ds: DataSource, p: OfficePrincipal): Promise<{ items: PrintBatchRow[] }> {
  return withTenant(ds, p.jurisdictionId, async (tx) => ({
    items: await printBatches(tx, p.jurisdictionId),
  }));
}

@OfficeApi()
export class ListPrintBatchesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('print-batches')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('print-batch.list')
  @ApiOperation({ summary: "The office's print batches, newest first" })
  @ApiJsonResponse(200, 'The batches.', itemsOf(printBatchSchema))
  list(@Principal() p: OfficePrincipal) {
    return listPrintBatches(this.ds, p);
  }
}
