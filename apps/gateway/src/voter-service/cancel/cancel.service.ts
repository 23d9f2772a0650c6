import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { cancelRequest, liveBallotsOfRequest, withTenant } from '@uocava/database';
import { cancellation, VOIDABLE_BALLOT_STATUSES, type CancelReason } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { OFFICE_SOURCE } from '../../common/ballot-lifecycle';
import { Clock } from '../../common/clock';
import { checked } from '../../common/input';
import type { OfficePrincipal } from '../../common/office-auth';
import { lockRequest, refused } from '../sealed-request';
import { voidBallot } from '../void-ballot';
import { parseCancelRequest } from './cancel.schemas';

export interface RequestCancelled {
  requestId: string;
  status: 'cancelled';
  reason: CancelReason;
  cancelledAt: string;
  voidedBallots: string[];
}

/**
 * A clerk cancels a request (the voter asked, moved, died, or it duplicates another): its ballots
 * still out become void (`ballot.voided`, no replacement), then `request.cancelled`; all in one
 * transaction (a rejected ballot stays rejected). A request with a ballot that came back and is
 * not decided, or was accepted, is not cancelled: the office decides on that ballot instead. The voter may send a new request afterwards.
 */
@Injectable()
export class CancelRequestService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async cancel(p: OfficePrincipal, requestId: string, body: unknown): Promise<RequestCancelled> {
    const { reason } = checked(parseCancelRequest(body));
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const r = await lockRequest(tx, p.jurisdictionId, requestId);
      const ballots = await liveBallotsOfRequest(tx, p.jurisdictionId, r.requestId);
      const verdict = cancellation(
        r.status,
        ballots.map((b) => b.status),
      );
      if (!verdict.ok) throw refused(verdict);
      const now = this.clock.now();
      const out = ballots.filter((b) => VOIDABLE_BALLOT_STATUSES.includes(b.status));
      for (const b of out)
        await voidBallot(
          tx,
          {
            jurisdictionId: p.jurisdictionId,
            requestId: r.requestId,
            ballotId: b.ballotId,
            electionId: b.electionId,
          },
          { reason: 'request-cancelled', at: now },
        );
      await cancelRequest(tx, p.jurisdictionId, r.requestId, reason, now);
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.cancelled.v1',
          {
            requestId: r.requestId,
            jurisdictionId: p.jurisdictionId,
            reason,
            cancelledAt: now.toISOString(),
          },
          OFFICE_SOURCE,
        ),
      );
      return {
        requestId: r.requestId,
        status: 'cancelled' as const,
        reason,
        cancelledAt: now.toISOString(),
        voidedBallots: out.map((b) => b.ballotId),
      };
    });
  }
}
