import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  heldPackets,
  markTransmitted,
  releaseHeldPacket,
  withTenant,
  type HeldPacket,
} from '@uocava/database';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { notFound } from '@uocava/platform';
import { OFFICE_SOURCE } from '../common/ballot-lifecycle';
import { Clock } from '../common/clock';
import { UUID_PATTERN } from '@uocava/contracts/values';

/** What releasing a held packet did. */
export interface ReleasedPacket {
  ballotId: string;
  /** `transmitted`: an e-mail or online voter's packet went out now; `queued`: into the mail and fax queue */
  outcome: 'transmitted' | 'queued';
}

/**
 * Packets held because the fonts cannot draw some of the voter's own text (the ballots app holds
 * them instead of sending boxes where a name should be). The office sees them on its overview and
 * in the API, checks the voter's record (the name may be corrected through voter service, or the
 * packet sent as it is, the voter told), and releases each: an e-mail or online packet is
 * transmitted then (`uocava.ballot.transmitted.v1`, so the voter is e-mailed), a mail or fax
 * packet joins the work queue.
 */
@Injectable()
export class HeldPacketsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  list(jurisdictionId: string): Promise<HeldPacket[]> {
    return withTenant(this.ds, jurisdictionId, (tx) => heldPackets(tx, jurisdictionId));
  }

  /** `by`: who released it (the office key today; the person once staff sign in by name). */
  async release(jurisdictionId: string, ballotId: string, by: string): Promise<ReleasedPacket> {
    if (!UUID_PATTERN.test(ballotId)) throw notFound('This held packet');
    const now = this.clock.now();
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const b = await releaseHeldPacket(tx, jurisdictionId, ballotId, by, now);
      if (b === undefined) throw notFound('This held packet');
      if (b.deliveryMethod !== 'email' && b.deliveryMethod !== 'online')
        return { ballotId, outcome: 'queued' };
      await markTransmitted(tx, ballotId, { at: now.toISOString(), method: b.deliveryMethod });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.transmitted.v1',
          {
            requestId: b.requestId,
            ballotId,
            jurisdictionId,
            electionId: b.electionId,
            method: b.deliveryMethod,
            transmittedAt: now.toISOString(),
          },
          OFFICE_SOURCE,
        ),
      );
      return { ballotId, outcome: 'transmitted' };
    });
  }
}
