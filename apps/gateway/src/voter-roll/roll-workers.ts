/**
 * Where the roll import's per-batch CPU work runs: worker threads (a Piscina pool, started at the
 * first large import, its threads stopped when idle) or the gateway's own thread. The import
 * hands batches over in order and takes their results in order.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import type { JurisdictionKeys, ThreadKeys } from '@uocava/database';
import { checkRollBatch, type CheckedBatch, type RollBatch } from './roll-batch';

export interface RollBatchChecker {
  /** how many batches to have under way at once */
  readonly parallel: number;
  check(keys: JurisdictionKeys, batch: RollBatch): Promise<CheckedBatch>;
}

/**
 * ROLL_IMPORT_THREADS: the roll import's worker threads, default the machine's cores (at most 4);
 * 0 checks and seals in the gateway's own thread.
 */
export function rollImportThreads(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.ROLL_IMPORT_THREADS;
  const threads = raw === undefined || raw === '' ? Math.min(4, availableParallelism()) : Number(raw);
  if (!Number.isInteger(threads) || threads < 0 || threads > 64)
    throw new Error('ROLL_IMPORT_THREADS must be an integer from 0 to 64');
  return threads;
}

export const inThisThread: RollBatchChecker = {
  parallel: 1,
  check: (keys, batch) => Promise.resolve(checkRollBatch(keys, batch)),
};

/**
 * The Node options of a roll-import thread: none given (a thread inherits the process's, V8 flags
 * such as --max-old-space-size or --expose-gc included, which a Worker refuses when they are
 * passed to it), unless the thread must load TypeScript that the process loads some other way
 * (jest): then only @swc-node/register, through which the apps run their TypeScript.
 */
export function rollThreadExecArgv(filename: string, execArgv: readonly string[]): string[] | undefined {
  if (!filename.endsWith('.ts') || execArgv.join(' ').includes('@swc-node/register')) return undefined;
  return ['-r', '@swc-node/register'];
}

type Task = { keys: ThreadKeys; batch: RollBatch };
let pool: Piscina<Task, CheckedBatch> | undefined;

/** The process's pool of roll-import threads (made at the first call), or this thread for 0. */
export function rollWorkers(threads = rollImportThreads()): RollBatchChecker {
  if (threads === 0) return inThisThread;
  const filename = join(__dirname, `roll-batch.worker${__filename.endsWith('.ts') ? '.ts' : '.js'}`);
  pool ??= new Piscina<Task, CheckedBatch>({
    filename,
    minThreads: 0,
    maxThreads: threads,
    idleTimeout: 30_000,
    execArgv: rollThreadExecArgv(filename, process.execArgv),
  });
  const threadsPool = pool;
  return {
    parallel: threads + 1,
    check: (keys, batch) => threadsPool.run({ keys: keys.forThread(), batch }),
  };
}

/** Stops the pool's threads (the gateway's shutdown). */
export async function stopRollWorkers(): Promise<void> {
  const p = pool;
  pool = undefined;
  await p?.destroy();
}
