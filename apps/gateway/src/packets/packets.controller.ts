import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { notFound } from '@uocava/platform';
import { LookupThrottle } from '../common/rate-limit';
import { PacketService } from './packet.service';

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
  @ApiResponse({ status: 404, description: 'Unknown ballot or wrong token (the same answer for both).' })
  @ApiResponse({ status: 429, description: 'Too many look-ups from this address; retry later.' })
  async download(
    @Param('ballotId') ballotId: string,
    @Query('token') token: string | undefined,
    @Res() res: Response,
  ) {
    const packet = await this.packets.pdf(ballotId, token);
    if (packet === null) throw notFound('This ballot');
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="ballot-packet-${ballotId}.pdf"`);
    res.setHeader('X-Content-SHA256', packet.sha256);
    res.end(Buffer.from(packet.bytes));
  }
}
