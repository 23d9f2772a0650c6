import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import {
  countMailFaxQueue,
  countNeedingReview,
  listElections,
  returnsPerDay,
  withTenant,
} from '@uocava/database';
import { moveActDay45, parseIsoDate } from '@uocava/domain';
import { actorLabel, Roles } from '../../common/office-auth';
import { LookupThrottle } from '../../common/rate-limit';
import { MoveActService } from '../../move-act/move-act.service';
import { ElectionsOverviewService } from '../../elections-overview/elections-overview.service';
import { HeldPacketsService } from '../../packets/held-packets.service';
import { PacketAlertsService } from '../../packets/packet-alerts.service';
import { ReportsService } from '../../reports/reports.service';
import { Pages } from '../pages';
import { electionChoices, type ElectionChoice } from './office-components';
import { ALL_ROLES, DECIDERS, OfficePageGuard, Session, SignInRedirect } from './office-page.guard';
import { formText, OfficePages } from './office-pages';
import { OverviewPage, type OverviewData } from './overview.page';
import { OfficeSessions, type OfficeSession } from './sessions';
import { SignInPage } from './sign-in.page';
import { Clock } from '../../common/clock';

/** The election the overview shows by default: the next one (or the last, when all are past). */
export function defaultElection(elections: ElectionChoice[], today: string): ElectionChoice | undefined {
  return elections.find((e) => e.date >= today) ?? elections[elections.length - 1];
}

/**
 * The clerk pages' entry: sign-in with an office key, sign-out, and the overview (alerts, 45-day
 * status, counts, returns per day). Each feature's own pages live in its folder (review, returns,
 * decisions, transmissions, reports); every action is audited in the action's own transaction.
 */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class OfficeHomeController {
  constructor(
    private readonly clock: Clock,
    private readonly pages: Pages,
    private readonly office: OfficePages,
    private readonly sessions: OfficeSessions,
    private readonly moveAct: MoveActService,
    private readonly reports: ReportsService,
    private readonly packetAlerts: PacketAlertsService,
    private readonly heldPackets: HeldPacketsService,
    private readonly electionsOverview: ElectionsOverviewService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  @Get('sign-in')
  signInForm(@Query('next') next: string | undefined, @Res() res: Response): void {
    this.pages.send(res, {
      title: 'Sign in',
      area: 'office',
      body: <SignInPage next={typeof next === 'string' && next.startsWith('/office') ? next : '/office'} />,
    });
  }

  @Post('sign-in')
  @UseGuards(LookupThrottle)
  async signIn(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const next = formText(body, 'next');
    const principal = await this.sessions.signIn(formText(body, 'key'), res);
    if (principal === null) {
      this.pages.send(res, {
        title: 'Error: sign in',
        area: 'office',
        status: 401,
        body: <SignInPage error="This office key is not valid. Check it and try again." next={next} />,
      });
      return;
    }
    res.redirect(303, /^\/office(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&_-]*)?$/.test(next) ? next : '/office');
  }

  @Post('sign-out')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async signOut(@Req() req: Request, @Session() s: OfficeSession, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(req, res, s);
    res.redirect(303, '/office/sign-in');
  }

  @Get()
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async overview(@Session() s: OfficeSession, @Query('election') wanted: unknown, @Res() res: Response) {
    const j = s.jurisdictionId;
    const elections = electionChoices(await withTenant(this.ds, j, (tx) => listElections(tx, j)));
    const election =
      elections.find((e) => e.electionId === wanted) ?? defaultElection(elections, this.clock.today());
    const [counts, packetAlerts, heldPackets, atAGlance] = await Promise.all([
      withTenant(this.ds, j, async (tx) => ({
        reviewWaiting: await countNeedingReview(tx, j),
        workQueue: await countMailFaxQueue(tx, j),
        returnsPerDay: election === undefined ? [] : await returnsPerDay(tx, j, election.electionId),
      })),
      this.packetAlerts.open(j),
      this.heldPackets.list(j),
      this.electionsOverview.current(s),
    ]);
    const data: OverviewData = {
      elections,
      atAGlance: atAGlance.elections,
      election,
      ...counts,
      packetAlerts,
      heldPackets,
      csrf: s.csrf,
      canAcknowledge: DECIDERS.includes(s.role),
    };
    if (election !== undefined) {
      const [moveAct, dashboard] = await Promise.all([
        this.moveAct.monitor(s, election.electionId, undefined),
        this.reports.dashboard(s, election.electionId),
      ]);
      const electionDate = parseIsoDate(moveAct.electionDate);
      if (electionDate !== undefined) data.moveAct = { ...moveAct, day45: moveActDay45(electionDate) };
      data.dashboard = dashboard;
    }
    this.office.send(res, s, '/office', 'Overview', <OverviewPage data={data} />);
  }

  @Post('packet-alerts/:regenerationId/acknowledge')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async acknowledgePacketAlert(
    @Session() s: OfficeSession,
    @Param('regenerationId') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.office.act(s, 'packet-alert.acknowledge', `packet-alert:${id}`, () =>
      this.packetAlerts.acknowledge(s.jurisdictionId, id, actorLabel(s)),
    );
    res.redirect(303, '/office');
  }

  @Post('held-packets/:ballotId/release')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async releaseHeldPacket(
    @Session() s: OfficeSession,
    @Param('ballotId') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.office.act(s, 'held-packet.release', `ballot:${id}`, () =>
      this.heldPackets.release(s.jurisdictionId, id, actorLabel(s)),
    );
    res.redirect(303, '/office');
  }
}
