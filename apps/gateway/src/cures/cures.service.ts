import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  curesDue,
  hasCuresDue,
  markCured,
  markCureRequested,
  stateRulesOfJurisdiction,
  tenantsWhere,
  withTenant,
} from '@uocava/database';
import {
  cureWindowEnd,
  isCureAvailable,
  utcOffsetOfReturnRule,
  type ReturnRules,
  type StateRules,
} from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { invalidRequest, ProblemException } from '@uocava/platform';
import {
  applyAction,
  ballotEventBase,
  lockBallot,
  OFFICE_SOURCE,
  officeSettings,
} from '../common/ballot-lifecycle';
import { checked } from '../common/input';
import type { OfficePrincipal } from '../common/office-auth';
import { rejectBallot } from '../decisions/decisions.service';
import { parseCure, parseRequestCure } from './cures.schemas';
import { Clock } from '../common/clock';

/**
 * The cure deadline of a cure request under the state's cure window (docs/state-rules.md): the
 * clerk's, when it is not after the window's end; the window's end when the clerk gives none. A
 * state without a cure refuses (422) unless the office overrides it; a state without a table or
 * without a fixed end keeps the clerk's deadline (then required), as before.
 */
export function cureDeadlineWithinStateWindow(
  rules: StateRules | undefined,
  electionDate: string,
  returnRule: ReturnRules,
  given: string | undefined,
): string {
  if (!isCureAvailable(rules))
    throw new ProblemException(
      422,
      'no-cure-in-state',
      'State law gives no cure',
      `${rules?.name ?? 'This state'}'s rules give voters no cure of a returned envelope; an office that offers one overrides the state's "cure" rule (docs/state-rules.md).`,
    );
  const end = cureWindowEnd(rules, electionDate, utcOffsetOfReturnRule(returnRule));
  if (given === undefined) {
    if (end !== undefined) return end;
    throw invalidRequest([
      {
        field: 'cureDeadline',
        pointer: '/cureDeadline',
        code: 'required',
        message: "give the cure deadline: the state's rules set no fixed end of the cure window",
      },
    ]);
  }
  if (end !== undefined && Date.parse(given) > Date.parse(end))
    throw invalidRequest([
      {
        field: 'cureDeadline',
        pointer: '/cureDeadline',
        code: 'after-state-cure-window',
        message: `is after the end of ${rules?.name ?? 'the state'}'s cure window (${end})`,
      },
    ]);
  return given;
}

/**
 * Cures: the office asks the voter to fix a defect before a deadline, records the fix, and a sweep
 * rejects the ballots whose deadline passed (run by the jobs provider and by the office on demand).
 */
@Injectable()
export class CuresService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async requestCure(p: OfficePrincipal, ballotId: string, body: unknown) {
    const input = checked(parseRequestCure(body));
    const { reasons } = input;
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await lockBallot(tx, p.jurisdictionId, ballotId);
      const cureDeadline = cureDeadlineWithinStateWindow(
        await stateRulesOfJurisdiction(tx, p.jurisdictionId),
        b.electionSettings.electionDate,
        b.electionSettings.returnRule,
        input.cureDeadline,
      );
      applyAction(
        b,
        { type: 'request-cure', reason: reasons[0], cureDeadline },
        await officeSettings(tx, p.jurisdictionId),
      );
      const now = this.clock.now();
      await markCureRequested(tx, b.ballotId, { reasons, cureDeadline, at: now });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.cure-requested.v1',
          {
            ...ballotEventBase(b, p.jurisdictionId),
            reasons,
            cureDeadline: new Date(cureDeadline).toISOString(),
            decidedAt: now.toISOString(),
          },
          OFFICE_SOURCE,
        ),
      );
      return { ballotId: b.ballotId, status: 'cure-requested' as const, reasons, cureDeadline };
    });
  }

  async cure(p: OfficePrincipal, ballotId: string, body: unknown) {
    const at = checked(parseCure(body ?? {})).curedAt ?? this.clock.nowIso();
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await lockBallot(tx, p.jurisdictionId, ballotId);
      applyAction(b, { type: 'cure', at }, await officeSettings(tx, p.jurisdictionId));
      await markCured(tx, b.ballotId, at);
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.cured.v1',
          { ...ballotEventBase(b, p.jurisdictionId), decidedAt: new Date(at).toISOString() },
          OFFICE_SOURCE,
        ),
      );
      return { ballotId: b.ballotId, status: 'cured' as const };
    });
  }

  /** Rejects every ballot of the jurisdiction whose cure deadline passed by `now`. Idempotent. */
  async sweep(jurisdictionId: string, now: Date): Promise<{ rejected: string[] }> {
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const due = await curesDue(tx, jurisdictionId, now);
      const settings = await officeSettings(tx, jurisdictionId);
      const rejected: string[] = [];
      for (const ballotId of due) {
        const b = await lockBallot(tx, jurisdictionId, ballotId);
        if (b.status !== 'cure-requested') continue;
        const next = applyAction(b, { type: 'cure-deadline-passed', at: now.toISOString() }, settings);
        if (next.status !== 'rejected') continue;
        await rejectBallot(tx, jurisdictionId, b, next.reasons, now);
        rejected.push(b.ballotId);
      }
      return { rejected };
    });
  }

  /** Sweeps every jurisdiction that has a cure deadline passed, each in its own tenant scope. */
  async sweepAll(now: Date): Promise<number> {
    let n = 0;
    for (const jurisdictionId of await tenantsWhere(this.ds, (tx) => hasCuresDue(tx, now)))
      n += (await this.sweep(jurisdictionId, now)).rejected.length;
    return n;
  }
}
