/**
 * The witness (C2SP tlog-witness, https://c2sp.org/tlog-witness): `add-checkpoint` takes an old
 * size, a consistency proof and a log-signed checkpoint; the witness cosigns (tlog-cosignature/v1)
 * only a checkpoint consistent with the latest one it cosigned for the same origin, and records
 * the new one durably before it answers. So it never cosigns two different checkpoints of the same
 * size, nor a smaller tree after a larger one, nor a tree its last one is not a prefix of.
 *
 * Status codes as the spec says: 400 malformed (or old size above the checkpoint size), 403 no
 * trusted log signature, 404 unknown origin, 409 old size is not the size last cosigned (body: that
 * size, `text/x.tlog.size`) or same size with another root, 422 the consistency proof fails.
 * Refused checkpoints that carry a valid log signature and contradict what was cosigned are kept
 * as evidence (they prove the log operator signed two histories).
 */
import { verifier, type Ed25519Cosigner } from '@uocava/transparency';
import type { Evidence, FileWitnessStore, LogRecord } from './store';

export interface WitnessResponse {
  status: number;
  contentType: string;
  body: string;
}

const MAX_PROOF_LINES = 63;

function text(status: number, body: string, contentType = 'text/plain; charset=utf-8'): WitnessResponse {
  return { status, contentType, body: body.endsWith('\n') ? body : `${body}\n` };
}

export interface ParsedRequest {
  oldSize: number;
  proof: Uint8Array[];
  checkpoint: string;
}

/** Parses an add-checkpoint body; a string is the reason it is malformed. */
export function parseAddCheckpoint(body: string): ParsedRequest | string {
  const cut = body.indexOf('\n\n');
  if (cut < 0) return 'no empty line between the proof and the checkpoint';
  const head = body.slice(0, cut).split('\n');
  const checkpoint = body.slice(cut + 2);
  const m = /^old (0|[1-9][0-9]{0,15})$/.exec(head[0]);
  if (m === null) return 'the first line must be "old <size>"';
  const oldSize = Number(m[1]);
  if (!Number.isSafeInteger(oldSize)) return 'old size too large';
  const lines = head.slice(1);
  if (lines.length > MAX_PROOF_LINES) return 'more than 63 consistency proof lines';
  const proof: Uint8Array[] = [];
  for (const line of lines) {
    const h = verifier.fromBase64(line);
    if (h === null || h.length !== 32) return 'a consistency proof line is not a base64 SHA-256 hash';
    proof.push(h);
  }
  return { oldSize, proof, checkpoint };
}

export class Witness {
  private tail: Promise<unknown> = Promise.resolve();
  /** counters for /metrics-like reporting and tests */
  readonly counts = { cosigned: 0, refused: 0 };

  constructor(
    private readonly store: FileWitnessStore,
    private readonly cosigner: Ed25519Cosigner,
    /** verifier keys of the logs witnessed, by origin (the key name is the origin) */
    private readonly logKeys: () => Map<string, verifier.VerifierKey[]>,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  get name(): string {
    return this.cosigner.name;
  }

  verifierKey(): string {
    return this.cosigner.verifierKey();
  }

  /** Handles one add-checkpoint request; requests are processed one at a time (check-and-persist is atomic). */
  addCheckpoint(body: string): Promise<WitnessResponse> {
    const run = async (): Promise<WitnessResponse> => this.handle(body);
    const result = this.tail.then(run, run);
    this.tail = result.catch(() => undefined);
    return result;
  }

  cosignedState(): Array<{ origin: string } & LogRecord> {
    return this.store.origins().map((origin) => ({ origin, ...(this.store.get(origin) as LogRecord) }));
  }

  evidence(): Evidence[] {
    return this.store.evidence();
  }

  private refuse(
    kind: Evidence['kind'],
    origin: string,
    reason: string,
    request: string,
    cosigned: LogRecord | undefined,
  ): void {
    this.store.addEvidence({
      receivedAt: new Date().toISOString(),
      origin,
      kind,
      reason,
      request,
      cosigned: cosigned ?? null,
    });
    console.warn(`[witness] refused a checkpoint of ${origin} (${kind}): ${reason}; evidence kept`);
  }

  private handle(body: string): WitnessResponse {
    const parsed = parseAddCheckpoint(body);
    if (typeof parsed === 'string') return this.count(text(400, parsed));
    const origin = parsed.checkpoint.slice(0, Math.max(0, parsed.checkpoint.indexOf('\n')));
    const keys = this.logKeys().get(origin);
    if (keys === undefined || keys.length === 0) return this.count(text(404, 'unknown log origin'));
    const cp = verifier.verifyCheckpoint(parsed.checkpoint, keys);
    if (!cp.ok) return this.count(text(403, `checkpoint: ${cp.reason}`));
    if (cp.value.origin !== origin || cp.value.signedBy !== origin)
      return this.count(text(403, 'checkpoint not signed by the key of its origin'));
    const { treeSize, rootHash } = cp.value;
    if (parsed.oldSize > treeSize) return this.count(text(400, 'old size is above the checkpoint size'));

    const cosigned = this.store.get(origin);
    const lastSize = cosigned?.treeSize ?? 0;
    const sameRoot = cosigned !== undefined && cosigned.rootHash === verifier.toBase64(rootHash);
    // a signed checkpoint contradicting what was cosigned is evidence, whatever old size came with it
    if (cosigned !== undefined && treeSize === cosigned.treeSize && !sameRoot) {
      this.refuse(
        'fork',
        origin,
        `two roots for tree size ${treeSize}: cosigned ${cosigned.rootHash}, offered ${verifier.toBase64(rootHash)}`,
        body,
        cosigned,
      );
      return this.count(
        parsed.oldSize === lastSize
          ? text(409, 'a different checkpoint of this size was cosigned')
          : text(409, `${lastSize}`, 'text/x.tlog.size'),
      );
    }
    if (cosigned !== undefined && treeSize < cosigned.treeSize) {
      this.refuse(
        'smaller',
        origin,
        `tree size ${treeSize} after a cosigned tree size ${cosigned.treeSize}`,
        body,
        cosigned,
      );
      return this.count(text(409, `${lastSize}`, 'text/x.tlog.size'));
    }
    if (parsed.oldSize !== lastSize) return this.count(text(409, `${lastSize}`, 'text/x.tlog.size'));

    if (parsed.oldSize === 0) {
      if (parsed.proof.length !== 0) return this.count(text(400, 'the proof must be empty for old size 0'));
    } else if (parsed.oldSize < treeSize) {
      const oldRoot = verifier.fromBase64((cosigned as LogRecord).rootHash);
      if (
        oldRoot === null ||
        !verifier.verifyConsistency(parsed.oldSize, treeSize, oldRoot, rootHash, parsed.proof)
      ) {
        this.refuse(
          'inconsistent',
          origin,
          `no valid consistency proof from the cosigned size ${parsed.oldSize} to ${treeSize}`,
          body,
          cosigned,
        );
        return this.count(text(422, 'the consistency proof does not verify'));
      }
    } else if (parsed.proof.length !== 0) {
      return this.count(text(400, 'the proof must be empty when the size did not change'));
    }

    const timestamp = Math.max(this.now(), cosigned?.cosignedAt ?? 0);
    const line = this.cosigner.cosign(cp.value.body, timestamp);
    const withOwn = parsed.checkpoint.endsWith('\n')
      ? `${parsed.checkpoint}${line}`
      : `${parsed.checkpoint}\n${line}`;
    this.store.put(origin, {
      treeSize,
      rootHash: verifier.toBase64(rootHash),
      checkpoint: withOwn,
      cosignedAt: timestamp,
    });
    this.counts.cosigned++;
    return { status: 200, contentType: 'text/plain; charset=utf-8', body: line };
  }

  private count(r: WitnessResponse): WitnessResponse {
    if (r.status !== 200) this.counts.refused++;
    return r;
  }
}

/** Groups parsed log verifier keys by origin (= key name). */
export function keysByOrigin(texts: readonly string[]): Map<string, verifier.VerifierKey[]> {
  const map = new Map<string, verifier.VerifierKey[]>();
  for (const t of texts) {
    const k = verifier.parseVerifierKey(t);
    if (!k.ok) throw new Error(`bad log verifier key: ${k.reason}`);
    map.set(k.value.name, [...(map.get(k.value.name) ?? []), k.value]);
  }
  return map;
}
