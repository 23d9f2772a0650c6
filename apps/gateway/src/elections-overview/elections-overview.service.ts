import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { listElections, withTenant } from '@uocava/database';
import {
  currentElections,
  moveActDay45,
  parseIsoDate,
  type IsoDate,
  type MoveActCounts,
} from '@uocava/domain';
import { Clock } from '../common/clock';
import type { OfficePrincipal } from '../common/office-auth';
import { MoveActService } from '../move-act/move-act.service';
import { ReportsService } from '../reports/reports.service';

/** One election's headline figures on the overview. */
export interface ElectionAtAGlance {
  electionId: string;
  name: string;
  date: IsoDate;
  federal: boolean;
  requests: number;
  ballotsSent: number;
  returned: number;
  accepted: number;
  rejected: number;
  day45?: IsoDate;
  moveAct?: MoveActCounts;
}

/**
 * Every election the office is working on at once (libs/domain `currentElections`: this year's and
 * next year's), each with its headline counts and, for a federal one, today's 45-day status.
 */
@Injectable()
export class ElectionsOverviewService {
  constructor(
    private readonly clock: Clock,
    private readonly reports: ReportsService,
    private readonly moveAct: MoveActService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async current(p: OfficePrincipal): Promise<{ today: IsoDate; elections: ElectionAtAGlance[] }> {
    const today = this.clock.today();
    const all = await withTenant(this.ds, p.jurisdictionId, (tx) => listElections(tx, p.jurisdictionId));
    const dated = all.flatMap((e) => {
      const date = parseIsoDate(e.date);
      return date === undefined ? [] : [{ ...e, date }];
    });
    const elections: ElectionAtAGlance[] = [];
    for (const e of currentElections(dated, today)) {
      const d = await this.reports.dashboard(p, e.electionId);
      const sent = Object.entries(d.ballots.byStatus).reduce(
        (n, [status, k]) => (status === 'generated' ? n : n + (k ?? 0)),
        0,
      );
      const row: ElectionAtAGlance = {
        electionId: e.electionId,
        name: e.name,
        date: e.date,
        federal: e.federal,
        requests: d.requests,
        ballotsSent: sent,
        returned: d.ballots.returned,
        accepted: d.ballots.accepted,
        rejected: d.ballots.rejected,
      };
      if (e.federal) {
        row.day45 = moveActDay45(e.date);
        row.moveAct = (await this.moveAct.monitor(p, e.electionId, undefined)).byStatus;
      }
      elections.push(row);
    }
    return { today, elections };
  }
}
