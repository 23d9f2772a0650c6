import { ProblemException } from '@uocava/platform';

/** A cancelled batch is neither printed nor marked sent: its ballots wait for a new batch. */
export const batchCancelled = (batchId: string, cancelledAt: string) =>
  new ProblemException(
    409,
    'batch-cancelled',
    'This batch was cancelled',
    `Print batch ${batchId} was cancelled on ${cancelledAt}; put its ballots into a new batch.`,
  );
