import { Get, Param, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAction, AuditOwnOutcome } from '../../common/audit';
import { OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiContentResponse, ApiProblems } from '../../common/openapi';
import { BatchPdfService } from './batch-pdf.service';

@OfficeApi()
export class BatchPdfController {
  constructor(private readonly batches: BatchPdfService) {}

  @Get('print-batches/:batchId/pdf')
  @Roles('clerk')
  @AuditAction('print-batch.pdf')
  @AuditOwnOutcome()
  @ApiOperation({
    summary: 'The print-ready PDF of a batch: each packet, then its outbound envelope page with the IMb',
    description:
      'Rendered again on every download from what the database holds; the SHA-256 of the first download is ' +
      'recorded and each download is audited with its hash and whether it reproduced the first.',
  })
  @ApiContentResponse(
    200,
    'One PDF, pieces in mailing order.',
    'application/pdf',
    { type: 'string', contentMediaType: 'application/pdf' },
    {
      'X-Content-SHA256': { description: 'hex SHA-256 of the PDF', schema: { type: 'string' } },
      'X-Reproduced': {
        description: '`true` when the bytes equal those of the batch\u2019s first download',
        schema: { type: 'string', enum: ['true', 'false'] },
      },
    },
  )
  @ApiProblems(404, 409)
  async pdf(@Principal() p: OfficePrincipal, @Param('batchId') batchId: string, @Res() res: Response) {
    const out = await this.batches.pdf(p, batchId);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="print-batch-${out.batchId}.pdf"`);
    res.setHeader('X-Content-SHA256', out.sha256);
    res.setHeader('X-Reproduced', String(out.reproduced));
    res.end(Buffer.from(out.pdf));
  }
}
