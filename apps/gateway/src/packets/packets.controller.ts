import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { BallotStyleCache, renderPacket } from '@uocava/ballot-pdf';
import { findTenant, KeyRing, tenantHandle, withTenant } from '@uocava/database';
import { isUuid } from '@uocava/domain';
import { loadPacketInput, notFound, ProblemException } from '@uocava/platform';

interface BallotRow {
  request_id: string;
  election_id: string;
  ballot_style_id: string;
  pdf_sha256: string;
  download_token_hash: string;
}

@ApiTags('voters')
@Controller('api/v1/ballots')
export class PacketsController {
  private readonly styles = new BallotStyleCache(64);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  @Get(':ballotId/packet')
  @ApiOperation({
    summary: 'Download a ballot packet PDF through its unguessable link',
    description:
      'The PDF is rendered again and served only if its SHA-256 equals the one recorded when it was issued.',
  })
  async download(
    @Param('ballotId') ballotId: string,
    @Query('token') token: string | undefined,
    @Res() res: Response,
  ) {
    // The same answer for an unknown ballot and a wrong token: nothing to enumerate.
    if (!isUuid(ballotId) || typeof token !== 'string' || !/^[0-9a-f]{16,64}$/.test(token))
      throw notFound('This ballot');
    // The ballot id leads to its jurisdiction through the tenant directory (by its SHA-256); the
    // ballot itself is read inside that jurisdiction's scope.
    const jurisdictionId = await findTenant(this.ds, 'ballot', tenantHandle(ballotId.toLowerCase()));
    if (jurisdictionId === undefined) throw notFound('This ballot');
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    const packet = await withTenant(this.ds, jurisdictionId, async (tx) => {
      const [ballot]: BallotRow[] = await tx.query(
        `SELECT request_id, election_id, ballot_style_id, pdf_sha256, download_token_hash FROM ballots WHERE ballot_id = $1`,
        [ballotId],
      );
      if (ballot === undefined) throw notFound('This ballot');
      const offered = createHash('sha256').update(token).digest();
      const expected = Buffer.from(ballot.download_token_hash, 'hex');
      if (offered.length !== expected.length || !timingSafeEqual(offered, expected))
        throw notFound('This ballot');
      const input = await loadPacketInput(tx, keys, {
        requestId: ballot.request_id,
        electionId: ballot.election_id,
        ballotId,
        styleId: ballot.ballot_style_id,
      });
      const rendered = await renderPacket(input, this.styles);
      if (rendered.sha256 !== ballot.pdf_sha256) {
        console.error(
          `[gateway] packet ${ballotId}: regenerated hash differs from the issued one; refusing to serve`,
        );
        throw new ProblemException(
          409,
          'packet-changed',
          'This ballot packet cannot be served',
          'The packet could not be reproduced exactly as it was issued. The election office has been alerted.',
        );
      }
      return rendered;
    });
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="ballot-packet-${ballotId}.pdf"`);
    res.setHeader('X-Content-SHA256', packet.sha256);
    res.end(Buffer.from(packet.bytes));
  }
}
