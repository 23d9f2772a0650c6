import { Module } from '@nestjs/common';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { ReviewPagesController } from './review-pages.controller';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';

/** The review of requests that need a person: the office API and the clerk's page. */
@Module({
  imports: [OfficePagesModule],
  controllers: [ReviewController, ReviewPagesController],
  providers: [ReviewService],
  exports: [ReviewService],
})
export class ReviewModule {}
