import { Get, Param, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { choosePaperSize, renderFpca } from '@uocava/ballot-pdf';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { findJurisdiction, KeyRing, requestDocumentSource, withTenant } from '@uocava/database';
import { isUuid } from '@uocava/domain';
import { notFound } from '@uocava/platform';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiContentResponse, ApiProblems } from '../common/openapi';
import { officeBlock } from '../cure-documents/voter-documents-token';

/**
 * The FPCA of a request as a PDF, filled in from what the voter sent, for states that need the
 * voter's own signature in ink: the office prints it and sends it to the voter. Every download is
 * audited (the PDF holds the voter's personal data).
 */
@OfficeApi()
export class FpcaPdfController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  @Get('ballot-requests/:requestId/fpca.pdf')
  @Roles('clerk', 'admin')
  @AuditAction('ballot-request.fpca-pdf')
  @ApiOperation({ summary: 'The FPCA of a request, prefilled, as a PDF for the voter to sign in ink' })
  @ApiContentResponse(200, 'The FPCA PDF (the same bytes for the same request).', 'application/pdf', {
    type: 'string',
    contentMediaType: 'application/pdf',
  })
  @ApiProblems(404)
  async fpca(@Principal() p: OfficePrincipal, @Param('requestId') requestId: string, @Res() res: Response) {
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    const pdf = await withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const source = isUuid(requestId)
        ? await requestDocumentSource(tx, p.jurisdictionId, requestId)
        : undefined;
      if (source === undefined) throw notFound(`Ballot request ${requestId}`);
      const j = await findJurisdiction(tx, p.jurisdictionId);
      return renderFpca({
        request: keys.openJson<BallotRequestInput>(`request:${source.requestId}`, source.pii),
        requestId: source.requestId,
        trackingCode: source.trackingCode,
        jurisdictionName: j?.name ?? p.jurisdictionId,
        receivedOn: source.receivedAt.toISOString().slice(0, 10),
        office: officeBlock(j, p.jurisdictionId),
        paperSize: source.paperSize ?? choosePaperSize(undefined, source.mailingCountry),
      });
    });
    res.status(200).type('application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="fpca-${requestId}.pdf"`);
    res.setHeader('X-Content-SHA256', pdf.sha256);
    res.end(Buffer.from(pdf.bytes));
  }
}
