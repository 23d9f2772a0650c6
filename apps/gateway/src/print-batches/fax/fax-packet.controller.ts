import { Get, Param, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { AuditAction, AuditOwnOutcome } from '../../common/audit';
import { OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiContentResponse, ApiProblems } from '../../common/openapi';
import { FaxPacketService } from './fax-packet.service';

@OfficeApi()
export class FaxPacketController {
  constructor(private readonly packets: FaxPacketService) {}

  @Get('ballots/:ballotId/packet')
  @Roles('clerk')
  @AuditAction('ballot.packet-download')
  @AuditOwnOutcome()
  @ApiOperation({
    summary: "Download one ballot's packet PDF for the office to fax or print (audited)",
    description:
      'The same bytes as the voter\u2019s download (rendered again and checked against the recorded hash). ' +
      'Record the fax afterwards with `POST /api/v1/office/ballots/{ballotId}/transmitted` and method `fax`.',
  })
  @ApiContentResponse(
    200,
    'The packet PDF.',
    'application/pdf',
    { type: 'string', contentMediaType: 'application/pdf' },
    {
      'X-Content-SHA256': {
        description: 'hex SHA-256 of the PDF, as recorded at issue',
        schema: { type: 'string' },
      },
    },
  )
  @ApiProblems(404)
  async packet(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Res() res: Response) {
    const packet = await this.packets.packet(p, ballotId);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="ballot-packet-${ballotId.toLowerCase()}.pdf"`);
    res.setHeader('X-Content-SHA256', packet.sha256);
    res.end(Buffer.from(packet.bytes));
  }
}
