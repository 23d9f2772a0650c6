import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { notFound } from '@uocava/platform';
import { LookupThrottle } from '../common/rate-limit';
import { TrackingService, type TrackingView } from './tracking.service';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { trackingViewSchema } from './tracking.schemas';

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
  @ApiParam({ name: 'trackingCode', description: 'the tracking code of the request' })
  @ApiJsonResponse(200, 'The request, its ballots and every step with its receipt.', trackingViewSchema)
  @ApiProblems(404, 429, 503)
  async track(@Param('trackingCode') code: string): Promise<TrackingView> {
    const view = await this.tracking.track(code);
    if (view === null) throw notFound('This tracking code');
    return view;
  }
}
