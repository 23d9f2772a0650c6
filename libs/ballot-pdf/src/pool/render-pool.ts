/**
 * Packet rendering off the event loop: a fixed pool of worker threads, each with its own
 * BallotStyleCache, so that a service's consumer batch renders its packets in parallel while its
 * own thread keeps serving Kafka heartbeats, health checks and database replies. Rendering is a
 * pure function of its input (determinism.spec.ts), so a packet rendered in a thread has the same
 * bytes as one rendered in-thread (render-pool.spec.ts checks it).
 *
 * Node's own worker_threads with this small wrapper rather than a pool package: the pool needed is
 * one task type, a fixed size, one task per thread at a time, and a crashed thread replaced; and the
 * thread's file must load the way the apps run, TypeScript through @swc-node/register (the
 * Dockerfile, test/harness/processes.ts) as well as compiled JavaScript.
 */
import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { BallotStyleCache, renderPacket, type PacketInput, type PacketResult } from '../packet';
import type { RenderReply, RenderRequest } from './protocol';

/** What a service renders packets with: in its own thread or in a pool. */
export interface PacketRenderer {
  /** threads rendering (0: in the calling thread) */
  readonly threads: number;
  render(input: PacketInput): Promise<PacketResult>;
  close(): Promise<void>;
}

/** Renders in the calling thread (the event loop waits for each packet). */
export class InThreadRenderer implements PacketRenderer {
  readonly threads = 0;
  constructor(private readonly cache: BallotStyleCache = new BallotStyleCache(512)) {}
  render(input: PacketInput): Promise<PacketResult> {
    return renderPacket(input, this.cache);
  }
  async close(): Promise<void> {}
}

interface Task {
  id: number;
  input: PacketInput;
  resolve: (result: PacketResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  task?: Task;
}

/**
 * The parent's preloads (`-r`/`--require`, `--import`) and source-map flag: the options a thread
 * needs to load code as the parent does. The rest is left out: some are per process and refused
 * by Worker (`--expose-gc` of `npm run bench`, ERR_WORKER_INVALID_EXEC_ARGV).
 */
export function threadExecArgv(parent: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parent.length; i++) {
    const a = parent[i];
    if ((a === '-r' || a === '--require' || a === '--import') && i + 1 < parent.length)
      out.push(a, parent[++i]);
    else if (/^--(require|import)=/.test(a) || a === '--enable-source-maps') out.push(a);
  }
  return out;
}

/** The thread's file next to this one, in the same form as this one (.ts from sources, .js built). */
function threadFile(): { file: string; execArgv: string[] } {
  const ext = extname(__filename);
  const file = join(__dirname, `render.thread${ext}`);
  const execArgv = threadExecArgv(process.execArgv);
  // TypeScript sources: the thread needs the same loader as the apps (under jest the parent's
  // execArgv has none, jest transforms in-process)
  if (ext === '.ts' && !execArgv.some((a) => a.includes('@swc-node/register')))
    execArgv.push('-r', '@swc-node/register');
  return { file, execArgv };
}

export class RenderPool implements PacketRenderer {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    readonly threads: number,
    private readonly options: { cacheSize?: number } = {},
  ) {
    if (!Number.isSafeInteger(threads) || threads < 1)
      throw new Error(`a render pool needs at least 1 thread (got ${threads})`);
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  render(input: PacketInput): Promise<PacketResult> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    return new Promise<PacketResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the threads; packets still queued or in hand are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const error = new Error('the render pool was closed');
    for (const task of this.queue.splice(0)) task.reject(error);
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.task?.reject(error);
        slot.task = undefined;
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const { file, execArgv } = threadFile();
    const worker = new Worker(file, { execArgv, workerData: { cacheSize: this.options.cacheSize ?? 512 } });
    worker.unref(); // an idle thread never keeps the process alive; close() ends them
    const slot: Slot = { worker };
    worker.on('message', (reply: RenderReply) => {
      const task = slot.task;
      if (task === undefined || task.id !== reply.id) return;
      slot.task = undefined;
      slot.worker.unref();
      if (reply.ok) task.resolve(reply.result);
      else {
        const error = new Error(reply.message);
        if (reply.stack !== undefined) error.stack = reply.stack;
        task.reject(error);
      }
      this.dispatch();
    });
    const lost = (error: Error) => {
      if (this.closed || !this.slots.includes(slot)) return;
      // the thread died (out of memory, a bug): its packet fails, a new thread takes its place
      slot.task?.reject(error);
      slot.task = undefined;
      this.slots[this.slots.indexOf(slot)] = this.spawn();
      this.dispatch();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`a render thread exited (code ${code})`)));
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.task !== undefined) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      slot.worker.ref(); // a packet in hand keeps the process alive until it is back
      const request: RenderRequest = { id: task.id, input: task.input };
      slot.worker.postMessage(request);
    }
  }
}

/** A pool of `threads` render threads, or in-thread rendering for 0. */
export function packetRenderer(threads: number, cacheSize = 512): PacketRenderer {
  return threads === 0
    ? new InThreadRenderer(new BallotStyleCache(cacheSize))
    : new RenderPool(threads, { cacheSize });
}
