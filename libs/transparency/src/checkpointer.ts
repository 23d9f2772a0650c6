/**
 * Batches checkpoints: a checkpoint is signed every `everyEntries` appended entries or
 * `everyMs` milliseconds after the first unsigned one, whichever comes first — never once per
 * entry. A receipt is issued (its promise resolves) only once its entry sits under a signed,
 * stored checkpoint.
 */
import type { LogEntryInput } from './entry';
import type { AppendedEntry, LogBackend, StoredCheckpoint } from './log';
import { checkpointBody, signNote, type NoteSigner } from './note';
import { buildReceipt, type Receipt } from './receipt';

export interface CheckpointerOptions {
  /** sign once this many entries wait for a receipt (default 256) */
  everyEntries?: number;
  /** sign at most this long after the first waiting entry (default 1000 ms) */
  everyMs?: number;
}

interface Waiter {
  entry: AppendedEntry;
  resolve: (r: Receipt) => void;
  reject: (e: unknown) => void;
}

export class Checkpointer {
  private readonly everyEntries: number;
  private readonly everyMs: number;
  private waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<StoredCheckpoint | null> = Promise.resolve(null);
  /** number of checkpoints signed by this instance */
  signed = 0;

  constructor(
    private readonly log: LogBackend,
    private readonly signer: NoteSigner,
    options: CheckpointerOptions = {},
  ) {
    this.everyEntries = options.everyEntries ?? 256;
    this.everyMs = options.everyMs ?? 1000;
    if (!(this.everyEntries >= 1) || !(this.everyMs >= 0)) throw new RangeError('bad checkpointer options');
  }

  get origin(): string {
    return this.signer.name;
  }

  /** Appends one entry; resolves with its receipt once a checkpoint covers it. */
  async append(input: LogEntryInput): Promise<Receipt> {
    const [receipt] = await this.appendMany([input]);
    return receipt;
  }

  async appendMany(inputs: readonly LogEntryInput[]): Promise<Receipt[]> {
    const appended = await this.log.append(inputs);
    return Promise.all(this.track(appended));
  }

  /**
   * Registers entries appended elsewhere (e.g. inside a consumer's own transaction, once it has
   * committed) and returns one receipt promise per entry.
   */
  track(entries: readonly AppendedEntry[]): Array<Promise<Receipt>> {
    const promises = entries.map(
      (entry) => new Promise<Receipt>((resolve, reject) => this.waiting.push({ entry, resolve, reject })),
    );
    if (this.waiting.length >= this.everyEntries) {
      void this.checkpoint().catch(() => undefined);
    } else if (this.timer === null && this.waiting.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        void this.checkpoint().catch(() => undefined);
      }, this.everyMs);
    }
    return promises;
  }

  /** Signs a checkpoint of the current tree now and issues every receipt it covers. */
  checkpoint(): Promise<StoredCheckpoint | null> {
    const next = this.running.then(
      () => this.signAndIssue(),
      () => this.signAndIssue(),
    );
    this.running = next;
    return next;
  }

  /** Signs whatever is waiting and stops the timer. */
  async close(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.length > 0) await this.checkpoint();
  }

  private async signAndIssue(): Promise<StoredCheckpoint | null> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.waiting;
    this.waiting = [];
    try {
      const size = await this.log.size();
      const latest = await this.log.latestCheckpoint();
      let checkpoint: StoredCheckpoint;
      if (latest !== null && latest.treeSize === size && latest.origin === this.signer.name) {
        checkpoint = latest;
      } else {
        const root = await this.log.rootHash(size);
        const note = signNote(checkpointBody(this.signer.name, size, root), [this.signer]);
        checkpoint = { origin: this.signer.name, treeSize: size, rootHash: root, note };
        await this.log.saveCheckpoint(checkpoint);
        this.signed++;
      }
      const later: Waiter[] = [];
      const now: Waiter[] = [];
      // appended by a transaction not yet visible at this size: wait for the next checkpoint
      for (const w of batch) (w.entry.leafIndex < checkpoint.treeSize ? now : later).push(w);
      const proofs = await this.log.inclusionProofs(
        now.map((w) => w.entry.leafIndex),
        checkpoint.treeSize,
      );
      now.forEach((w, i) =>
        w.resolve(
          buildReceipt({
            entry: w.entry.text,
            leafIndex: w.entry.leafIndex,
            inclusionProof: proofs[i],
            checkpoint: checkpoint.note,
          }),
        ),
      );
      if (later.length > 0) {
        this.waiting.unshift(...later);
        if (this.timer === null) {
          this.timer = setTimeout(() => {
            this.timer = null;
            void this.checkpoint().catch(() => undefined);
          }, this.everyMs);
        }
      }
      return checkpoint;
    } catch (error) {
      for (const w of batch) w.reject(error);
      throw error;
    }
  }
}
