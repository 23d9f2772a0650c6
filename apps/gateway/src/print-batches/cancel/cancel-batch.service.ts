import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { cancelPrintBatch, findPrintBatch, withTenant } from '@uocava/database';
import { isUuid, type PrintBatchCancelReason } from '@uocava/domain';
import { notFound, ProblemException } from '@uocava/platform';
import { Clock } from '../../common/clock';
import { checked } from '../../common/input';
import { actorId, type OfficePrincipal } from '../../common/office-auth';
import { parseCancelBatch } from '../print-batches.schemas';

export interface BatchCancelled {
  batchId: string;
  cancelledAt: string;
  cancelReason: PrintBatchCancelReason;
  pieceCount: number;
  alreadyCancelled: boolean;
}

/**
 * Cancels a print batch that was not sent (a misprint, a wrong selection, a damaged run): the batch
 * records when, by whom and why, and its pieces are released in the same transaction, so its
 * ballots (still `generated`, nothing sent) go into the next batch with new barcode serials. No
 * ballot event: nothing happened to any ballot. Idempotent: a cancelled batch answers what it
 * recorded. A batch already sent cannot be cancelled (409): its ballots are in the mail.
 */
@Injectable()
export class CancelPrintBatchService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async cancel(p: OfficePrincipal, batchId: string, body: unknown): Promise<BatchCancelled> {
    const { reason } = checked(parseCancelBatch(body));
    const id = batchId.toLowerCase();
    if (!isUuid(id)) throw notFound(`Print batch ${batchId}`);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const batch = await findPrintBatch(tx, p.jurisdictionId, id, true);
      if (batch === undefined) throw notFound(`Print batch ${batchId}`);
      if (batch.cancelledAt !== null)
        return {
          batchId: batch.batchId,
          cancelledAt: batch.cancelledAt,
          cancelReason: batch.cancelReason as PrintBatchCancelReason,
          pieceCount: batch.pieceCount,
          alreadyCancelled: true,
        };
      if (batch.sentAt !== null)
        throw new ProblemException(
          409,
          'batch-already-sent',
          'This batch was sent',
          `Print batch ${batch.batchId} was marked sent on ${batch.sentAt}; its ballots are in the mail. Reissue a ballot that was lost instead.`,
        );
      const at = this.clock.now().toISOString();
      await cancelPrintBatch(tx, p.jurisdictionId, batch.batchId, { at, by: actorId(p), reason });
      return {
        batchId: batch.batchId,
        cancelledAt: at,
        cancelReason: reason,
        pieceCount: batch.pieceCount,
        alreadyCancelled: false,
      };
    });
  }
}
