import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  markAccepted,
  markRejected,
  withTenant,
  type BallotForDecision,
  type SqlExecutor,
} from '@uocava/database';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import {
  applyAction,
  ballotEventBase,
  lockBallot,
  OFFICE_SOURCE,
  officeSettings,
} from '../common/ballot-lifecycle';
import { checked } from '../common/input';
import { reResolveFwabs } from '../fwab/fwab-resolution';
import type { OfficePrincipal } from '../common/office-auth';
import { parseRejectBallot } from './decisions.schemas';
import { Clock } from '../common/clock';

/**
 * Records a rejection and its event (the office's decision, or a cure deadline that passed), and
 * resolves the voter's FWABs again.
 */
export async function rejectBallot(
  tx: SqlExecutor,
  jurisdictionId: string,
  b: BallotForDecision,
  reasons: readonly string[],
  now: Date,
): Promise<void> {
  await markRejected(tx, b.ballotId, reasons, now);
  await enqueueEvent(
    tx,
    newEvent(
      'uocava.ballot.rejected.v1',
      { ...ballotEventBase(b, jurisdictionId), reasons: [...reasons], decidedAt: now.toISOString() },
      OFFICE_SOURCE,
    ),
  );
  // a FWAB this ballot superseded may count now
  await reResolveFwabs(tx, jurisdictionId, b.requestId, b.electionId, now);
}

/** The office's decision on a returned (or cured) ballot: accept it, or reject it with EAVS reasons. */
@Injectable()
export class DecisionsService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async accept(p: OfficePrincipal, ballotId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await lockBallot(tx, p.jurisdictionId, ballotId);
      applyAction(b, { type: 'accept' }, await officeSettings(tx, p.jurisdictionId));
      const now = this.clock.now();
      await markAccepted(tx, b.ballotId, now);
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.accepted.v1',
          { ...ballotEventBase(b, p.jurisdictionId), decidedAt: now.toISOString() },
          OFFICE_SOURCE,
        ),
      );
      return { ballotId: b.ballotId, status: 'accepted' as const };
    });
  }

  async reject(p: OfficePrincipal, ballotId: string, body: unknown) {
    const { reasons } = checked(parseRejectBallot(body));
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await lockBallot(tx, p.jurisdictionId, ballotId);
      applyAction(
        b,
        { type: 'reject', reasons: [reasons[0], ...reasons.slice(1)] },
        await officeSettings(tx, p.jurisdictionId),
      );
      await rejectBallot(tx, p.jurisdictionId, b, reasons, this.clock.now());
      return { ballotId: b.ballotId, status: 'rejected' as const, reasons };
    });
  }
}
