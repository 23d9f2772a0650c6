import { Module } from '@nestjs/common';
import { TrackingController } from './tracking.controller';
import { TrackingService } from './tracking.service';

/** The voter's timeline of a request, each step with its receipt. */
@Module({ controllers: [TrackingController], providers: [TrackingService], exports: [TrackingService] })
export class TrackingModule {}
