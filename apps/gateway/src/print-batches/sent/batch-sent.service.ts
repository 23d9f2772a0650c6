import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  findPrintBatch,
  markPrintBatchSent,
  markTransmitted,
  printBatchPieces,
  withTenant,
} from '@uocava/database';
import { batchSendPlan, isUuid } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { notFound, ProblemException } from '@uocava/platform';
import {
  applyAction,
  ballotEventBase,
  lockBallot,
  OFFICE_SOURCE,
  officeSettings,
} from '../../common/ballot-lifecycle';
import { checked } from '../../common/input';
import { actorId, type OfficePrincipal } from '../../common/office-auth';
import { batchCancelled } from '../batch-cancelled';
import { parseBatchSent } from '../print-batches.schemas';

export interface BatchSent {
  batchId: string;
  sentAt: string;
  pieceCount: number;
  transmitted: number;
  alreadyTransmitted: number;
  alreadySent: boolean;
}

/**
 * Marks a print batch sent: in one transaction, each of its ballots that is still to send becomes
 * transmitted (method `mail`) with one `ballot.transmitted` event through the outbox, and the batch
 * records when and by whom. Idempotent: a batch already sent answers what it recorded and writes
 * nothing; a ballot already marked sent on its own gets no second event. A ballot of the batch that
 * can no longer be sent (returned, rejected) refuses the whole call (409), nothing written.
 */
@Injectable()
export class BatchSentService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async sent(p: OfficePrincipal, batchId: string, body: unknown): Promise<BatchSent> {
    const { sentAt } = checked(parseBatchSent(body));
    const at = new Date(sentAt).toISOString();
    if (!isUuid(batchId.toLowerCase())) throw notFound(`Print batch ${batchId}`);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const batch = await findPrintBatch(tx, p.jurisdictionId, batchId.toLowerCase(), true);
      if (batch === undefined) throw notFound(`Print batch ${batchId}`);
      if (batch.cancelledAt !== null) throw batchCancelled(batch.batchId, batch.cancelledAt);
      if (batch.sentAt !== null)
        return {
          batchId: batch.batchId,
          sentAt: batch.sentAt,
          pieceCount: batch.pieceCount,
          transmitted: 0,
          alreadyTransmitted: batch.pieceCount,
          alreadySent: true,
        };
      const plan = batchSendPlan(await printBatchPieces(tx, p.jurisdictionId, batch.batchId));
      if (plan.conflicts.length > 0)
        throw new ProblemException(
          409,
          'batch-not-sendable',
          'Some ballots of this batch can no longer be sent',
          `Ballots ${plan.conflicts.join(', ')} are no longer waiting to be sent (returned or decided).`,
        );
      const settings = await officeSettings(tx, p.jurisdictionId);
      for (const ballotId of plan.transmit) {
        const b = await lockBallot(tx, p.jurisdictionId, ballotId);
        applyAction(b, { type: 'transmit' }, settings);
        await markTransmitted(tx, b.ballotId, { at, method: 'mail' });
        await enqueueEvent(
          tx,
          newEvent(
            'uocava.ballot.transmitted.v1',
            { ...ballotEventBase(b, p.jurisdictionId), method: 'mail', transmittedAt: at },
            OFFICE_SOURCE,
          ),
        );
      }
      await markPrintBatchSent(tx, p.jurisdictionId, batch.batchId, at, actorId(p));
      return {
        batchId: batch.batchId,
        sentAt: at,
        pieceCount: batch.pieceCount,
        transmitted: plan.transmit.length,
        alreadyTransmitted: plan.already.length,
        alreadySent: false,
      };
    });
  }
}
