import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { ballotsAwaitingDecision, returnRuleOffsetOfBallot, withTenant } from '@uocava/database';
import { ProblemException } from '@uocava/platform';
import { addDays } from '@uocava/domain';
import { Roles } from '../common/office-auth';
import { CuresService } from '../cures/cures.service';
import { ALL_ROLES, OfficePageGuard, Session, SignInRedirect } from '../web/office/office-page.guard';
import { doneMessage, formText, OfficePages } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { DecisionsPage } from './decisions.page';
import { DecisionsService } from './decisions.service';
import { Clock } from '../common/clock';

/** The clerk's decisions page: returned ballots to accept, reject, or ask the voter to cure. */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class DecisionsPagesController {
  constructor(
    private readonly clock: Clock,
    private readonly office: OfficePages,
    private readonly decisions: DecisionsService,
    private readonly cures: CuresService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  private async page(res: Response, s: OfficeSession, flash?: string, status = 200): Promise<void> {
    const ballots = await withTenant(this.ds, s.jurisdictionId, (tx) =>
      ballotsAwaitingDecision(tx, s.jurisdictionId),
    );
    const inAWeek = addDays(this.clock.today(), 7);
    this.office.send(
      res,
      s,
      '/office/ballots',
      'Decisions',
      <DecisionsPage
        ballots={ballots}
        csrf={s.csrf}
        canDecide={s.role === 'clerk'}
        flash={flash}
        defaultCureDeadline={inAWeek}
      />,
      status,
    );
  }

  /** The office's UTC offset for a ballot's election (its return rule), e.g. `-05:00`; `Z` if none. */
  private async offsetOfBallot(jurisdictionId: string, ballotId: string): Promise<string> {
    const offset = await withTenant(this.ds, jurisdictionId, (tx) =>
      returnRuleOffsetOfBallot(tx, jurisdictionId, ballotId),
    );
    return offset !== undefined && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : 'Z';
  }

  @Get('ballots')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async list(@Session() s: OfficeSession, @Query('done') done: unknown, @Res() res: Response) {
    await this.page(res, s, doneMessage(done));
  }

  @Post('ballots/:ballotId/:decision')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async decide(
    @Session() s: OfficeSession,
    @Param('ballotId') ballotId: string,
    @Param('decision') decision: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const target = `ballot:${ballotId}`;
    const run = async (): Promise<string> => {
      switch (decision) {
        case 'accept':
          await this.office.act(s, 'ballot.accept', target, () => this.decisions.accept(s, ballotId));
          return 'accepted';
        case 'reject':
          await this.office.act(s, 'ballot.reject', target, () =>
            this.decisions.reject(s, ballotId, { reasons: [formText(body, 'reason')] }),
          );
          return 'ballot-rejected';
        case 'request-cure': {
          const date = formText(body, 'cureDeadline');
          const offset = /^\d{4}-\d{2}-\d{2}$/.test(date)
            ? await this.offsetOfBallot(s.jurisdictionId, ballotId)
            : 'Z';
          await this.office.act(s, 'ballot.request-cure', target, () =>
            this.cures.requestCure(s, ballotId, {
              reasons: [formText(body, 'reason')],
              cureDeadline: `${date}T23:59:59${offset}`,
            }),
          );
          return 'cure-requested';
        }
        case 'cure':
          await this.office.act(s, 'ballot.cure', target, () => this.cures.cure(s, ballotId, {}));
          return 'cured';
        default:
          throw new ProblemException(404, 'not-found', 'Not found', 'There is no such decision.');
      }
    };
    await this.office.perform(
      res,
      async () => `/office/ballots?done=${await run()}`,
      (message, status) => this.page(res, s, message, status),
    );
  }
}
