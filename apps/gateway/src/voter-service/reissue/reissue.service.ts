import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ballotPacketRecord, withTenant } from '@uocava/database';
import { isUuid, reissuance, type ReissueReason } from '@uocava/domain';
import { notFound } from '@uocava/platform';
import { applyAction, lockBallot, officeSettings } from '../../common/ballot-lifecycle';
import { Clock } from '../../common/clock';
import { checked } from '../../common/input';
import type { OfficePrincipal } from '../../common/office-auth';
import { lockRequest, refused } from '../sealed-request';
import { voidBallot } from '../void-ballot';
import { parseReissueBallot } from './reissue.schemas';

export interface BallotReissued {
  ballotId: string;
  requestId: string;
  status: 'void';
  reason: ReissueReason;
  voidedAt: string;
}

/**
 * A clerk reissues a ballot still out (spoiled, lost, damaged, undeliverable): it becomes void and
 * `ballot.voided` (replacement: true) goes on the log; the ballots service then generates the
 * replacement with the same style (`ballot.generated` with `replacesBallotId`), which goes out
 * by the voter's delivery method as any new ballot does. The voter is told to use the new one.
 */
@Injectable()
export class ReissueBallotService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async reissue(p: OfficePrincipal, ballotId: string, body: unknown): Promise<BallotReissued> {
    const { reason } = checked(parseReissueBallot(body));
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const record = isUuid(ballotId.toLowerCase())
        ? await ballotPacketRecord(tx, p.jurisdictionId, ballotId.toLowerCase())
        : undefined;
      if (!record) throw notFound(`Ballot ${ballotId}`);
      // the request first, then the ballot: the same order as a cancellation takes them
      const r = await lockRequest(tx, p.jurisdictionId, record.requestId);
      const b = await lockBallot(tx, p.jurisdictionId, ballotId.toLowerCase());
      const verdict = reissuance(b.status, r.status);
      if (!verdict.ok) throw refused(verdict);
      applyAction(b, { type: 'void' }, await officeSettings(tx, p.jurisdictionId));
      const now = this.clock.now();
      await voidBallot(
        tx,
        {
          jurisdictionId: p.jurisdictionId,
          requestId: b.requestId,
          ballotId: b.ballotId,
          electionId: b.electionId,
        },
        { reason: 'reissued', reissueReason: reason, at: now },
      );
      return {
        ballotId: b.ballotId,
        requestId: b.requestId,
        status: 'void' as const,
        reason,
        voidedAt: now.toISOString(),
      };
    });
  }
}
