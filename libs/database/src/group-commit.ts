/**
 * Group commit: the items callers hand in gathered into one transaction per batch, the way intake
 * stores an office's requests in a surge and the messaging benchmark's producers emit their
 * events. Idle, an item goes at once (a batch of one); while a batch runs, the items that arrive
 * wait and go together in the next, which starts when the running one ends (dataloader gathers
 * them; no cache: every call is stored).
 */
import DataLoader from 'dataloader';
import { outsideCommitHook } from './data-source';

/** The most items of one batch unless the caller says otherwise (intake: requests of one office). */
export const GROUP_COMMIT_MAX_BATCH = 64;

/**
 * A function that hands one item to `store` together with the others that arrive meanwhile, at
 * most `maxBatchSize` per call of `store` (more gathered go as several calls at once). `store`
 * gets the items in arrival order and answers each its result or an Error (that caller's promise
 * rejects with it); if `store` rejects, every caller of that batch does. `store` runs outside the
 * first caller's commit hook (the transaction is everyone's: an office call's audit entry must
 * not ride on it).
 */
export function groupCommit<T, R>(
  store: (items: readonly T[]) => Promise<ReadonlyArray<R | Error>>,
  maxBatchSize = GROUP_COMMIT_MAX_BATCH,
): (item: T) => Promise<R> {
  let running: Promise<unknown> = Promise.resolve();
  const loader = new DataLoader<T, R>(
    (items) => {
      const done = outsideCommitHook(() => store(items));
      running = done.catch(() => undefined);
      return done;
    },
    {
      cache: false,
      maxBatchSize,
      // the next batch starts when the running one ends, with all that came meanwhile
      batchScheduleFn: (dispatch) => void running.then(() => setImmediate(dispatch)),
    },
  );
  return (item) => loader.load(item);
}
