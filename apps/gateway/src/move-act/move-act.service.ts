import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import {
  electionsInMoveActWindow,
  moveActRequestRows,
  outboxHasEvent,
  tenantsWhere,
  withTenant,
} from '@uocava/database';
import {
  moveActStatus,
  moveActSummary,
  parseIsoDate,
  utcDateOf,
  type IsoDate,
  type MoveActRow,
} from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { invalidRequest } from '@uocava/platform';
import { OFFICE_SOURCE, officeSettings } from '../common/ballot-lifecycle';
import { requireElection } from '../common/elections';
import { uuidFrom } from '../common/ids';
import type { OfficePrincipal } from '../common/office-auth';
import { Clock } from '../common/clock';

/** `?date=YYYY-MM-DD` of the monitor (default today, UTC). */
function monitorDate(date: unknown, today: IsoDate): IsoDate {
  if (date === undefined) return today;
  const d = parseIsoDate(date);
  if (d === undefined)
    throw invalidRequest([
      { field: 'date', pointer: '/date', code: 'invalid', message: 'a date YYYY-MM-DD' },
    ]);
  return d;
}

/**
 * The MOVE Act 45-day monitor of one election (libs/domain `moveActStatus`), and its daily summary
 * event, emitted once per election and date (the event id is derived from both).
 */
@Injectable()
export class MoveActService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async monitor(p: OfficePrincipal, electionId: string, date: unknown) {
    const today = monitorDate(date, this.clock.today());
    return withTenant(this.ds, p.jurisdictionId, (tx) =>
      this.monitorIn(tx, p.jurisdictionId, electionId, today),
    );
  }

  private async monitorIn(tx: EntityManager, jurisdictionId: string, electionId: string, today: IsoDate) {
    const e = await requireElection(tx, jurisdictionId, electionId);
    const electionDate = parseIsoDate(e.date);
    if (electionDate === undefined) throw new Error(`election ${electionId} has no date`);
    const settings = await officeSettings(tx, jurisdictionId);
    const officeTargetDays = settings.moveActTargetDays ?? 3;
    const atRiskDays = settings.moveActAtRiskDays;
    const rows = await moveActRequestRows(tx, jurisdictionId, { electionId, date: e.date });
    const inputs: MoveActRow[] = rows.map((r) => ({
      electionDate,
      requestReceivedOn: parseIsoDate(r.receivedOn) ?? electionDate,
      transmittedOn: parseIsoDate(r.transmittedOn),
      officeTargetDays,
      atRiskDays,
    }));
    const summary = moveActSummary(inputs, today);
    const items = rows.map((r, i) => ({ requestId: r.requestId, ...moveActStatus({ ...inputs[i], today }) }));
    return { electionId, electionDate: e.date, federal: e.federal, officeTargetDays, ...summary, items };
  }

  /**
   * Emits `uocava.office.move-act-summary.v1` for one election and date, once: the event id is
   * derived from (election, date), so a second call (another gateway, a re-run) emits nothing.
   */
  async emitSummary(jurisdictionId: string, electionId: string, date: unknown) {
    const today = monitorDate(date, this.clock.today());
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const m = await this.monitorIn(tx, jurisdictionId, electionId, today);
      const eventId = uuidFrom(`move-act-summary:${electionId}:${today}`);
      const emitted = !(await outboxHasEvent(tx, eventId));
      if (emitted) {
        await enqueueEvent(
          tx,
          newEvent(
            'uocava.office.move-act-summary.v1',
            {
              jurisdictionId,
              electionId,
              electionDate: m.electionDate,
              date: today,
              officeTargetDays: m.officeTargetDays,
              total: m.total,
              byStatus: m.byStatus,
              byDueDate: m.byDueDate,
              generatedAt: this.clock.nowIso(),
            },
            OFFICE_SOURCE,
            { id: eventId },
          ),
        );
      }
      return { eventId, emitted, date: today, total: m.total, byStatus: m.byStatus };
    });
  }

  /**
   * Requests of every federal election in the MOVE Act window, by jurisdiction and status
   * (on-time, due, at-risk, late), for the `uocava_move_act_requests` gauge.
   */
  async statusCounts(now: Date): Promise<Array<{ jurisdictionId: string; status: string; count: number }>> {
    const today = utcDateOf(now);
    const out: Array<{ jurisdictionId: string; status: string; count: number }> = [];
    for (const jurisdictionId of await tenantsWhere(
      this.ds,
      async (tx) => (await electionsInMoveActWindow(tx, today)).length > 0,
    )) {
      const totals = new Map<string, number>();
      await withTenant(this.ds, jurisdictionId, async (tx) => {
        for (const electionId of await electionsInMoveActWindow(tx, today)) {
          const m = await this.monitorIn(tx, jurisdictionId, electionId, today);
          for (const [status, n] of Object.entries(m.byStatus))
            totals.set(status, (totals.get(status) ?? 0) + n);
        }
      });
      for (const [status, count] of totals) out.push({ jurisdictionId, status, count });
    }
    return out;
  }

  /** Daily summaries for every federal election from day 45 - 30 to election day, in every jurisdiction. */
  async emitDueSummaries(now: Date): Promise<number> {
    const today = utcDateOf(now);
    let emitted = 0;
    for (const jurisdictionId of await tenantsWhere(
      this.ds,
      async (tx) => (await electionsInMoveActWindow(tx, today)).length > 0,
    )) {
      const elections = await withTenant(this.ds, jurisdictionId, (tx) =>
        electionsInMoveActWindow(tx, today),
      );
      for (const electionId of elections)
        if ((await this.emitSummary(jurisdictionId, electionId, today)).emitted) emitted += 1;
    }
    return emitted;
  }
}
