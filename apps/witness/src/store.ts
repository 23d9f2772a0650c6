/**
 * The witness's durable state, in files: for each log origin the latest checkpoint it cosigned
 * (size, root, the cosigned note), and the evidence of every refused checkpoint. Every write is
 * write-to-temporary, fsync, rename, fsync of the directory, so a crash leaves the old or the new
 * state, never a torn one, and nothing is acknowledged before it is on disk.
 *
 * Lost state is refused, not reset: `IDENTITY` (the witness's public key) is written once, when
 * the state is created (WITNESS_INIT=1); a start that finds `IDENTITY` without `state.json`, or
 * neither without WITNESS_INIT, or a state made by another key, fails. A witness that forgot what
 * it cosigned could be made to cosign a fork.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const STATE_VERSION = 'uocava-witness-state/1' as const;

export interface LogRecord {
  treeSize: number;
  /** base64 root hash */
  rootHash: string;
  /** the checkpoint as cosigned (log signature(s) and this witness's cosignature) */
  checkpoint: string;
  /** POSIX seconds of the cosignature */
  cosignedAt: number;
}

export interface WitnessState {
  version: typeof STATE_VERSION;
  /** this witness's verifier key */
  witness: string;
  logs: Record<string, LogRecord>;
}

export interface Evidence {
  receivedAt: string;
  origin: string;
  /** fork: same size, other root; inconsistent: the consistency proof fails; smaller: a smaller tree than one cosigned */
  kind: 'fork' | 'inconsistent' | 'smaller';
  reason: string;
  /** the add-checkpoint request body as received (log-signed checkpoint included) */
  request: string;
  /** what the witness had cosigned for the origin at that moment */
  cosigned: LogRecord | null;
}

export class WitnessStateError extends Error {}

function writeDurably(dir: string, file: string, content: string): void {
  const tmp = join(dir, `.${file}.tmp`);
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, file));
  const dfd = openSync(dir, 'r');
  try {
    fsyncSync(dfd);
  } finally {
    closeSync(dfd);
  }
}

export class FileWitnessStore {
  private state: WitnessState;
  private evidenceSeq = 0;

  private constructor(
    readonly dir: string,
    state: WitnessState,
  ) {
    this.state = state;
    this.evidenceSeq = readdirSync(this.evidenceDir).length;
  }

  private get evidenceDir(): string {
    return join(this.dir, 'evidence');
  }

  /**
   * Opens the state of the witness whose verifier key is `witness`. With `init`, creates it when
   * the directory holds no witness state at all; never overwrites or resets one.
   */
  static open(dir: string, witness: string, init: boolean): FileWitnessStore {
    const identityFile = join(dir, 'IDENTITY');
    const stateFile = join(dir, 'state.json');
    const hasIdentity = existsSync(identityFile);
    const hasState = existsSync(stateFile);
    if (!hasIdentity && !hasState) {
      if (!init)
        throw new WitnessStateError(
          `no witness state in ${dir}: refusing to start (start once with WITNESS_INIT=1 to create a new witness)`,
        );
      mkdirSync(join(dir, 'evidence'), { recursive: true, mode: 0o700 });
      const fresh: WitnessState = { version: STATE_VERSION, witness, logs: {} };
      writeDurably(dir, 'state.json', `${JSON.stringify(fresh, null, 2)}\n`);
      writeDurably(dir, 'IDENTITY', `${witness}\n`);
      return new FileWitnessStore(dir, fresh);
    }
    if (!hasState)
      throw new WitnessStateError(
        `witness state lost: ${stateFile} is missing but ${identityFile} exists; refusing to start (restore the state from backup; never re-initialize a witness in place)`,
      );
    if (!hasIdentity) throw new WitnessStateError(`${identityFile} is missing: refusing to start`);
    const identity = readFileSync(identityFile, 'utf8').trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(stateFile, 'utf8'));
    } catch {
      throw new WitnessStateError(`${stateFile} is not readable JSON: refusing to start`);
    }
    const s = parsed as Partial<WitnessState>;
    if (s.version !== STATE_VERSION || typeof s.logs !== 'object' || s.logs === null)
      throw new WitnessStateError(`${stateFile} is not a witness state: refusing to start`);
    if (identity !== witness || s.witness !== witness)
      throw new WitnessStateError('the witness state belongs to another witness key: refusing to start');
    mkdirSync(join(dir, 'evidence'), { recursive: true, mode: 0o700 });
    return new FileWitnessStore(dir, { version: STATE_VERSION, witness, logs: s.logs });
  }

  get(origin: string): LogRecord | undefined {
    return Object.prototype.hasOwnProperty.call(this.state.logs, origin)
      ? this.state.logs[origin]
      : undefined;
  }

  origins(): string[] {
    return Object.keys(this.state.logs).sort();
  }

  /** Records the latest cosigned checkpoint of an origin, durably, before it is answered. */
  put(origin: string, record: LogRecord): void {
    const next: WitnessState = { ...this.state, logs: { ...this.state.logs, [origin]: record } };
    writeDurably(this.dir, 'state.json', `${JSON.stringify(next, null, 2)}\n`);
    this.state = next;
  }

  addEvidence(e: Evidence): string {
    this.evidenceSeq++;
    const file = `${String(this.evidenceSeq).padStart(8, '0')}-${e.kind}.json`;
    writeDurably(this.evidenceDir, file, `${JSON.stringify(e, null, 2)}\n`);
    return file;
  }

  evidence(): Evidence[] {
    return readdirSync(this.evidenceDir)
      .filter((f) => f.endsWith('.json') && !f.startsWith('.'))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(this.evidenceDir, f), 'utf8')) as Evidence);
  }
}
