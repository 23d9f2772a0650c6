import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { notFound } from '@uocava/platform';
import { LookupThrottle } from '../common/rate-limit';
import { TrackingService, type TrackingView } from './tracking.service';

@ApiTags('voters')
@Controller('api/v1/tracking')
@UseGuards(LookupThrottle)
export class TrackingController {
  constructor(private readonly tracking: TrackingService) {}

  @Get(':trackingCode')
  @ApiOperation({
    summary: 'The status of a ballot request and every step, each with its signed receipt',
    description:
      'No personal data is returned. Rate-limited per client address (429 with Retry-After when exceeded).',
  })
  @ApiResponse({ status: 404, description: 'No such tracking code.' })
  @ApiResponse({ status: 429, description: 'Too many look-ups from this address; retry later.' })
  async track(@Param('trackingCode') code: string): Promise<TrackingView> {
    const view = await this.tracking.track(code);
    if (view === null) throw notFound('This tracking code');
    return view;
  }
}
