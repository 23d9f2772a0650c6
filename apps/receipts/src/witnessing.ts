/**
 * Asks a jurisdiction's witnesses (its `witnessPolicy` setting) to cosign the latest checkpoint,
 * stores their cosignatures (transparency_cosignatures), and once the policy's quorum has
 * cosigned, re-issues every receipt still marked `witnessed: 'pending'` under the cosigned
 * checkpoint (a fresh inclusion proof for its size, the note with the cosignature lines).
 *
 * It runs beside the checkpoint loop, never inside it, and never holds a transaction over an HTTP
 * call: a slow or dead witness delays only the upgrade of receipts, never the log or the receipts
 * issued under the log signature. Each witness gets C2SP tlog-witness add-checkpoint requests with
 * a consistency proof from the size it last cosigned (409 `text/x.tlog.size` tells the right size:
 * the request is made once more from there). Every returned line is verified with the witness's
 * key before it is stored.
 */
import type { DataSource } from 'typeorm';
import {
  checkpointCosignatures,
  insertCosignature,
  jurisdictionSettings,
  jurisdictionsWithSetting,
  pgLogStorage,
  receiptsAwaitingWitnesses,
  storeReceipts,
  tryCheckpointLock,
  witnessedSizes,
  withTenant,
} from '@uocava/database';
import {
  StoredLog,
  WITNESS_POLICY_SETTING,
  addNoteSignatures,
  buildReceipt,
  parseWitnessPolicySetting,
  verifier,
  type StoredCheckpoint,
  type WitnessEndpoint,
  type WitnessPolicyConfig,
} from '@uocava/transparency';

const BATCH = 500;

export type FetchLike = (
  url: string,
  init: { method: string; body: string; headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface WitnessingReport {
  jurisdiction: string;
  treeSize: number;
  /** witnesses asked in this run, and the ones that cosigned */
  asked: string[];
  cosigned: string[];
  /** receipts re-issued under the cosigned checkpoint */
  upgraded: number;
  /** witnesses that refused or failed, with why */
  failures: Array<{ witness: string; reason: string }>;
}

interface Snapshot {
  policy: WitnessPolicyConfig;
  checkpoint: StoredCheckpoint;
  have: Set<string>;
  lastSizes: Map<string, number>;
  awaiting: boolean;
}

export async function policyOf(
  db: Parameters<typeof jurisdictionSettings>[0],
  j: string,
): Promise<WitnessPolicyConfig | null> {
  const settings = await jurisdictionSettings<Record<string, unknown>>(db, j);
  return parseWitnessPolicySetting(settings[WITNESS_POLICY_SETTING]);
}

export class Witnessing {
  constructor(
    private readonly ds: DataSource,
    private readonly timeoutMs: number,
    private readonly fetchImpl: FetchLike = fetch as unknown as FetchLike,
  ) {}

  async jurisdictions(): Promise<string[]> {
    return this.ds.transaction((tx) => jurisdictionsWithSetting(tx, WITNESS_POLICY_SETTING));
  }

  async runOnce(): Promise<WitnessingReport[]> {
    const reports: WitnessingReport[] = [];
    for (const j of await this.jurisdictions()) {
      try {
        const r = await this.witness(j);
        if (r !== null) reports.push(r);
      } catch (e) {
        console.error(`[receipts] ${j}: witnessing failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return reports;
  }

  private snapshot(j: string): Promise<Snapshot | null> {
    return withTenant(this.ds, j, async (tx) => {
      const policy = await policyOf(tx, j);
      if (policy === null) return null;
      const log = new StoredLog(pgLogStorage(tx, j), j);
      const checkpoint = await log.latestCheckpoint();
      if (checkpoint === null) return null;
      const have = new Set(
        (await checkpointCosignatures(tx, j, checkpoint.origin, checkpoint.treeSize)).map((c) => c.witness),
      );
      const lastSizes = await witnessedSizes(tx, j, checkpoint.origin);
      const awaiting = (await receiptsAwaitingWitnesses(tx, j, checkpoint.treeSize, 1)).length > 0;
      return { policy, checkpoint, have, lastSizes, awaiting };
    });
  }

  private proof(j: string, from: number, to: number): Promise<string[]> {
    if (from === 0 || from === to) return Promise.resolve([]);
    return withTenant(this.ds, j, async (tx) => {
      const proof = await new StoredLog(pgLogStorage(tx, j), j).consistencyProof(from, to);
      return proof.map((h) => h.toString('base64'));
    });
  }

  /** One add-checkpoint exchange (and the one retry a 409 asks for); the verified line, or why not. */
  private async ask(
    j: string,
    w: WitnessEndpoint,
    checkpoint: StoredCheckpoint,
    lastSize: number,
  ): Promise<{ line: string; cosignedAt: Date } | { error: string }> {
    let oldSize = lastSize <= checkpoint.treeSize ? lastSize : 0;
    for (let attempt = 0; attempt < 2; attempt++) {
      const proof = await this.proof(j, oldSize, checkpoint.treeSize);
      const body = `old ${oldSize}\n${proof.map((p) => `${p}\n`).join('')}\n${checkpoint.note}`;
      let res: Awaited<ReturnType<FetchLike>>;
      try {
        res = await this.fetchImpl(`${w.url}/add-checkpoint`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        return { error: `unreachable: ${e instanceof Error ? e.message : String(e)}` };
      }
      const text = await res.text();
      if (res.status === 409 && (res.headers.get('content-type') ?? '').startsWith('text/x.tlog.size')) {
        const size = Number(text.trim());
        if (!Number.isSafeInteger(size) || size < 0) return { error: 'malformed 409 size' };
        if (size > checkpoint.treeSize) {
          // the witness has cosigned a larger tree of this origin than the log's latest checkpoint
          return {
            error: `ALARM: the witness cosigned tree size ${size}, above the log's ${checkpoint.treeSize}`,
          };
        }
        oldSize = size;
        continue;
      }
      if (res.status !== 200) return { error: `HTTP ${res.status}: ${text.trim().slice(0, 200)}` };
      for (const line of text.split('\n')) {
        if (!line.startsWith(`\u2014 ${w.name} `)) continue;
        const own = verifier.verifyCosignatures(`${checkpoint.note}${line}\n`, [w.key]);
        if (own.ok && own.value.invalid.length === 0 && own.value.cosigned.length === 1)
          return { line, cosignedAt: new Date(own.value.cosigned[0].timestamp * 1000) };
      }
      return { error: 'the answer holds no cosignature that verifies with the configured key' };
    }
    return { error: 'the witness keeps answering 409' };
  }

  async witness(j: string): Promise<WitnessingReport | null> {
    const snap = await this.snapshot(j);
    if (snap === null) return null;
    const { policy, checkpoint } = snap;
    const missing = policy.witnesses.filter((w) => w.url !== null && !snap.have.has(w.name));
    const report: WitnessingReport = {
      jurisdiction: j,
      treeSize: checkpoint.treeSize,
      asked: missing.map((w) => w.name),
      cosigned: [],
      upgraded: 0,
      failures: [],
    };
    if (missing.length === 0 && !snap.awaiting) return report;
    const answers = await Promise.all(
      missing.map(async (w) => ({ w, r: await this.ask(j, w, checkpoint, snap.lastSizes.get(w.name) ?? 0) })),
    );
    for (const { w, r } of answers) {
      if ('error' in r) {
        report.failures.push({ witness: w.name, reason: r.error });
        console.warn(`[receipts] ${j}: witness ${w.name}: ${r.error}`);
      } else report.cosigned.push(w.name);
    }
    await withTenant(this.ds, j, async (tx) => {
      for (const { w, r } of answers) {
        if ('error' in r) continue;
        await insertCosignature(tx, {
          jurisdictionId: j,
          origin: checkpoint.origin,
          treeSize: checkpoint.treeSize,
          witness: w.name,
          line: r.line,
          cosignedAt: r.cosignedAt,
        });
      }
      const rows = await checkpointCosignatures(tx, j, checkpoint.origin, checkpoint.treeSize);
      const listed = rows.filter((c) => policy.witnesses.some((w) => w.name === c.witness));
      if (listed.length < policy.quorum) return;
      // the checkpoint lock: no issuer pass writes these receipts meanwhile
      if (!(await tryCheckpointLock(tx, j))) return;
      const note = addNoteSignatures(
        checkpoint.note,
        listed.map((c) => c.line),
      );
      const log = new StoredLog(pgLogStorage(tx, j), j);
      for (;;) {
        const waiting = await receiptsAwaitingWitnesses(tx, j, checkpoint.treeSize, BATCH);
        if (waiting.length === 0) break;
        const indices = waiting.map((r) => Number(r.leaf_index));
        const proofs = await log.inclusionProofs(indices, checkpoint.treeSize);
        await storeReceipts(
          tx,
          waiting.map((row, i) => ({
            eventId: row.event_id,
            receipt: buildReceipt({
              entry: String(row.receipt.entry),
              leafIndex: indices[i],
              inclusionProof: proofs[i],
              checkpoint: note,
              witnessed: 'cosigned',
            }),
          })),
        );
        report.upgraded += waiting.length;
        if (waiting.length < BATCH) break;
      }
    });
    return report;
  }
}

/** The cosigned note of a checkpoint if the policy's quorum cosigned it, else null. */
export async function cosignedNote(
  db: Parameters<typeof checkpointCosignatures>[0],
  j: string,
  checkpoint: StoredCheckpoint,
  policy: WitnessPolicyConfig,
): Promise<string | null> {
  const rows = await checkpointCosignatures(db, j, checkpoint.origin, checkpoint.treeSize);
  const listed = rows.filter((c) => policy.witnesses.some((w) => w.name === c.witness));
  return listed.length < policy.quorum
    ? null
    : addNoteSignatures(
        checkpoint.note,
        listed.map((c) => c.line),
      );
}
