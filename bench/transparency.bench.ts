/**
 * Transparency log benchmark.
 * 1. Appends per second through the Checkpointer (entry encoding, RFC 9162 tree update, batched
 *    Ed25519 checkpoints, an inclusion proof and a receipt per entry) on the in-memory store, next
 *    to the raw SHA-256 rate of the same canonical entries measured in the same run.
 * 2. Proof generation time (inclusion + consistency) at 10^4, 10^5, 10^6 leaves, from the store
 *    of full subtrees (O(log n) node reads per proof).
 * 3, 4. The Postgres store (transparency-pg.ts): appends with receipts, one entry per
 *    transaction against batches (and jurisdictions in parallel), and inclusion proofs from
 *    Postgres at 10^6 entries (p50/p99, without statistics and after ANALYZE).
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  Checkpointer,
  MemoryLog,
  MemoryTreeStore,
  consistencyProof,
  generateLogKey,
  inclusionProof,
  leafHash,
  logOrigin,
  verifier,
  type LogEntryInput,
} from '@uocava/transparency';
import { ballotRequestId, jurisdictionId } from '@uocava/domain';
import { ratioFigure, type Benchmark } from './harness';
import { postgresFigures } from './transparency-pg';

const J = 'bench-county';

const bench: Benchmark = {
  name: 'transparency',
  needs: ['postgres'],
  async run(report, env) {
    // --- 1. appends with checkpointing and receipts -------------------------------------------
    const entries = 20_000;
    const batch = 256;
    const { signer, verifierKey } = generateLogKey(logOrigin('log.bench.example', J, 1));
    const log = new MemoryLog(J);
    const checkpointer = new Checkpointer(log, signer, { everyEntries: batch, everyMs: 50 });
    const subjects = Array.from({ length: 1000 }, () => randomUUID());
    const inputs: LogEntryInput[] = Array.from({ length: entries }, (_, i) => ({
      jurisdiction: jurisdictionId(J),
      subject: { kind: 'request', id: ballotRequestId(subjects[i % subjects.length]) },
      eventType: 'ballot.transmitted',
      eventId: randomUUID(),
      time: new Date(1_790_000_000_000 + i).toISOString(),
      dataSha256: createHash('sha256').update(String(i)).digest('hex'),
    }));
    const t0 = performance.now();
    let last = null as Awaited<ReturnType<Checkpointer['append']>> | null;
    for (let i = 0; i < entries; i += batch) {
      const receipts = await Promise.all(inputs.slice(i, i + batch).map((x) => checkpointer.append(x)));
      last = receipts[receipts.length - 1];
    }
    await checkpointer.close();
    const appendSeconds = (performance.now() - t0) / 1000;
    const key = verifier.parseVerifierKey(verifierKey);
    if (!key.ok || last === null || !verifier.verifyReceipt(last, [key.value]).ok) {
      throw new Error('benchmark receipt does not verify');
    }

    const texts = (await log.entries(0, entries)).map((r) => Buffer.from(r.entry, 'utf8'));
    const t1 = performance.now();
    for (const t of texts) createHash('sha256').update(t).digest();
    const shaSeconds = (performance.now() - t1) / 1000;
    const appendsPerSecond = Math.round(entries / appendSeconds);
    const shaPerSecond = Math.round(entries / shaSeconds);
    report(
      ratioFigure(
        {
          name: 'transparency.append-with-receipts',
          metric: 'entries_per_second',
          value: appendsPerSecond,
          unit: 'entries/s',
          params: {
            entries,
            store: 'in-memory (MemoryLog); Postgres appends are bounded by the database round trips',
            checkpointEveryEntries: batch,
            checkpoints: checkpointer.signed,
            receipts: entries,
            meanEntryBytes: Math.round(texts.reduce((s, t) => s + t.length, 0) / texts.length),
          },
        },
        { name: 'raw SHA-256 of the same canonical entries', value: shaPerSecond },
      ),
    );

    // the same, handing the log 256 entries per append call (how a consumer batch would)
    const batchedLog = new MemoryLog(J);
    const batchedCheckpointer = new Checkpointer(batchedLog, signer, { everyEntries: batch, everyMs: 50 });
    const t4 = performance.now();
    for (let i = 0; i < entries; i += batch) await batchedCheckpointer.appendMany(inputs.slice(i, i + batch));
    await batchedCheckpointer.close();
    const batchedPerSecond = Math.round(entries / ((performance.now() - t4) / 1000));
    report(
      ratioFigure(
        {
          name: 'transparency.append-batched-with-receipts',
          metric: 'entries_per_second',
          value: batchedPerSecond,
          unit: 'entries/s',
          params: {
            entries,
            entriesPerAppendCall: batch,
            store: 'in-memory (MemoryLog)',
            checkpointEveryEntries: batch,
          },
        },
        { name: 'raw SHA-256 of the same canonical entries', value: shaPerSecond },
      ),
    );

    // --- 2. proof generation at 10^4, 10^5, 10^6 ------------------------------------------------
    for (const n of [10_000, 100_000, 1_000_000]) {
      const leaves = new Array<Buffer>(n);
      for (let i = 0; i < n; i++) leaves[i] = leafHash(Buffer.from(`entry ${i}`));
      const store = MemoryTreeStore.fromLeafHashes(leaves);
      const proofs = 1000;
      let seed = 12345;
      const rand = (max: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % max;
      };
      store.reads = 0;
      const t2 = performance.now();
      for (let p = 0; p < proofs; p++) {
        const size = n - rand(Math.min(n, 1000));
        await inclusionProof(store, rand(size), size);
      }
      const inclusionUs = ((performance.now() - t2) * 1000) / proofs;
      const inclusionReads = store.reads / proofs;
      store.reads = 0;
      const t3 = performance.now();
      for (let p = 0; p < proofs; p++) {
        const to = n - rand(Math.min(n, 1000));
        await consistencyProof(store, 1 + rand(to - 1), to);
      }
      const consistencyUs = ((performance.now() - t3) * 1000) / proofs;
      const consistencyReads = store.reads / proofs;
      report({
        name: 'transparency.inclusion-proof',
        metric: 'microseconds_per_proof',
        value: Number(inclusionUs.toFixed(2)),
        unit: 'us',
        params: { treeSize: n, proofs, meanNodesRead: Number(inclusionReads.toFixed(1)), store: 'in-memory' },
      });
      report({
        name: 'transparency.consistency-proof',
        metric: 'microseconds_per_proof',
        value: Number(consistencyUs.toFixed(2)),
        unit: 'us',
        params: {
          treeSize: n,
          proofs,
          meanNodesRead: Number(consistencyReads.toFixed(1)),
          store: 'in-memory',
        },
      });
    }

    // --- 3, 4. the Postgres store --------------------------------------------------------------
    await postgresFigures(report, env);
  },
};

export default bench;
