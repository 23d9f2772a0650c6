import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/office-auth';
import {
  ALL_ROLES,
  DECIDERS,
  OfficePageGuard,
  Session,
  SignInRedirect,
} from '../web/office/office-page.guard';
import { doneMessage, formText, OfficePages } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { ReviewPage } from './review.page';
import { ReviewService } from './review.service';

/** The clerk's review queue: the request and the roll candidates side by side, approve or reject. */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class ReviewPagesController {
  constructor(
    private readonly office: OfficePages,
    private readonly review: ReviewService,
  ) {}

  private async page(res: Response, s: OfficeSession, flash?: string, status = 200): Promise<void> {
    const { items } = await this.review.queue(s);
    this.office.send(
      res,
      s,
      '/office/review',
      'Review',
      <ReviewPage items={items} csrf={s.csrf} canDecide={DECIDERS.includes(s.role)} flash={flash} />,
      status,
    );
  }

  @Get('review')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async queue(@Session() s: OfficeSession, @Query('done') done: unknown, @Res() res: Response) {
    await this.page(res, s, doneMessage(done));
  }

  /**
   * A decision from the page: the review service writes its own audit entry in the decision's
   * transaction; on success back to the queue with `done`, else the page again with the reason.
   */
  private decide(res: Response, s: OfficeSession, decision: () => Promise<unknown>, done: string) {
    return this.office.perform(
      res,
      async () => {
        await decision();
        return `/office/review?done=${done}`;
      },
      (message, status) => this.page(res, s, message, status),
    );
  }

  @Post('review/:requestId/approve')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async approve(
    @Session() s: OfficeSession,
    @Param('requestId') id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.decide(
      res,
      s,
      () => this.review.approve(s, id, { rollRecordId: formText(body, 'rollRecordId') }),
      'approved',
    );
  }

  /** As the API's createRollRecord: the voter is registered from the FPCA, then approved. */
  @Post('review/:requestId/register')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async register(
    @Session() s: OfficeSession,
    @Param('requestId') id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const precinct = formText(body, 'precinct');
    const createRollRecord = {
      stateVoterId: formText(body, 'stateVoterId'),
      ...(precinct ? { precinct } : {}),
    };
    await this.decide(res, s, () => this.review.approve(s, id, { createRollRecord }), 'registered');
  }

  @Post('review/:requestId/reject')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async reject(
    @Session() s: OfficeSession,
    @Param('requestId') id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.decide(
      res,
      s,
      () => this.review.reject(s, id, { reasons: [formText(body, 'reason')] }),
      'request-rejected',
    );
  }
}
