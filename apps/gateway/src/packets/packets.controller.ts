import { Controller, Get, Headers, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { negotiateLanguage } from '@uocava/domain';
import { ballotNotFound } from '../common/voter-problems';
import { LookupThrottle } from '../common/rate-limit';
import { PacketService } from './packet.service';
import { ApiContentResponse, ApiProblems } from '../common/openapi';

@ApiTags('voters')
@Controller('api/v1/ballots')
@UseGuards(LookupThrottle)
export class PacketsController {
  constructor(private readonly packets: PacketService) {}

  @Get(':ballotId/packet')
  @ApiOperation({
    summary: 'Download a ballot packet PDF through its unguessable link',
    description:
      'The PDF is rendered again and served only if its SHA-256 equals the one recorded when it was issued.',
  })
  @ApiParam({ name: 'ballotId', description: 'the ballot id (UUID)' })
  @ApiQuery({
    name: 'token',
    required: true,
    schema: { type: 'string' },
    description: 'the unguessable download token of the e-mailed link; a wrong or missing token is a 404',
  })
  @ApiContentResponse(
    200,
    'The ballot packet PDF, byte-identical to the one issued.',
    'application/pdf',
    { type: 'string', contentMediaType: 'application/pdf' },
    {
      'X-Content-SHA256': {
        description: 'hex SHA-256 of the PDF, as recorded at issue',
        schema: { type: 'string' },
      },
    },
  )
  @ApiProblems(404, 429, 503)
  async download(
    @Param('ballotId') ballotId: string,
    @Query('token') token: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Res() res: Response,
  ) {
    const packet = await this.packets.pdf(ballotId, token);
    if (packet === null) throw ballotNotFound(negotiateLanguage(acceptLanguage));
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="ballot-packet-${ballotId}.pdf"`);
    res.setHeader('X-Content-SHA256', packet.sha256);
    res.end(Buffer.from(packet.bytes));
  }
}
