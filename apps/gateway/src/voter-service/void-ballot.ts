import type { EntityManager } from 'typeorm';
import { markVoid } from '@uocava/database';
import type { ReissueReason, VoidReason } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { OFFICE_SOURCE } from '../common/ballot-lifecycle';

/**
 * Voids one ballot still out and puts `ballot.voided` in the outbox, in the caller's transaction
 * (a cancellation voids every ballot of the request, a reissue one, with a replacement to follow).
 */
export async function voidBallot(
  tx: EntityManager,
  b: { jurisdictionId: string; requestId: string; ballotId: string; electionId: string },
  v: { reason: VoidReason; reissueReason?: ReissueReason; at: Date },
): Promise<void> {
  await markVoid(tx, b.ballotId, { reason: v.reason, reissueReason: v.reissueReason ?? null, at: v.at });
  await enqueueEvent(
    tx,
    newEvent(
      'uocava.ballot.voided.v1',
      {
        requestId: b.requestId,
        ballotId: b.ballotId,
        jurisdictionId: b.jurisdictionId,
        electionId: b.electionId,
        reason: v.reason,
        ...(v.reissueReason !== undefined ? { reissueReason: v.reissueReason } : {}),
        replacement: v.reason === 'reissued',
        voidedAt: v.at.toISOString(),
      },
      OFFICE_SOURCE,
    ),
  );
}
