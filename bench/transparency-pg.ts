/**
 * The Postgres part of the transparency benchmark (bench/transparency.bench.ts):
 *
 * 3. Appends with receipts on the Postgres store, as the apps' role under row-level security:
 *    one entry per transaction (the per-event receipts consumer before issue 13: head lock, one
 *    append, commit; a checkpoint and receipts every 256 entries) against a batch of 512 entries
 *    per transaction (one head lock, one append, a checkpoint and the batch's receipts after
 *    it), and the batched lane for 4 jurisdictions in parallel. Same entries, same run; a warm-up
 *    round, then rounds alternating the three; the median round is reported.
 * 4. Inclusion proofs from Postgres at 10^6 entries: the tree nodes of a 10^6-leaf log (the rows
 *    an inclusion proof reads) loaded with COPY, then proofs of random leaves, each one statement
 *    on the pool (`tenant_log_nodes`: scope, size check, the nodes) alternated with the same proof
 *    in a tenant transaction (BEGIN, scope, size check, node read, COMMIT: the path before),
 *    p50/p99 with the share of the slowest that a GC pause of this process overlapped — first without statistics
 *    (autovacuum is off: nothing was analyzed), then after ANALYZE; the plan of the node read
 *    (EXPLAIN) is reported with each.
 */
import { createHash, randomUUID } from 'node:crypto';
import { performance, PerformanceObserver } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions, logSize, pgLogProofs, pgLogStorage, withTenant } from '@uocava/database';
import { ballotRequestId, jurisdictionId } from '@uocava/domain';
import {
  LogProofs,
  MemoryTreeStore,
  StoredLog,
  inclusionProof,
  buildReceipt,
  checkpointBody,
  generateLogKey,
  leafHash,
  logOrigin,
  rootHash,
  signNote,
  verifier,
  type AppendedEntry,
  type LogEntryInput,
  type NoteSigner,
  type Receipt,
} from '@uocava/transparency';
import { ratioFigure, type BenchEnv, type BenchFigure } from './harness';

/** entries per transaction of the batched lanes (the receipts consumer's run size) */
const BATCH = Number(process.env.BENCH_TLOG_BATCH ?? 512);
/** the per-entry lane checkpoints as the Checkpointer does by default */
const CHECKPOINT_EVERY = 256;
const ROUND_ENTRIES = Number(process.env.BENCH_TLOG_ROUND_ENTRIES ?? 2048);
const ROUNDS = Number(process.env.BENCH_TLOG_ROUNDS ?? 3);
const PARALLEL = 4;
const MILLION = Number(process.env.BENCH_TLOG_PROOF_TREE ?? 1_000_000);
const PROOFS = 2000;

function inputsFor(j: string, n: number, seed: number): LogEntryInput[] {
  const subjects = Array.from({ length: 64 }, () => randomUUID());
  return Array.from({ length: n }, (_, i) => ({
    jurisdiction: jurisdictionId(j),
    subject: { kind: 'request', id: ballotRequestId(subjects[i % subjects.length]) },
    eventType: 'uocava.ballot.transmitted.v1',
    eventId: randomUUID(),
    time: new Date(1_790_000_000_000 + seed * 1e6 + i).toISOString(),
    dataSha256: createHash('sha256').update(`${seed}/${i}`).digest('hex'),
  }));
}

/** Signs a checkpoint of the committed tree and builds the receipts of these entries under it. */
async function receiptsFor(
  ds: DataSource,
  j: string,
  signer: NoteSigner,
  entries: readonly AppendedEntry[],
): Promise<Receipt[]> {
  return withTenant(ds, j, async (tx) => {
    const log = new StoredLog(pgLogStorage(tx, j), j);
    const size = await log.size();
    const root = await log.rootHash(size);
    const note = signNote(checkpointBody(signer.name, size, root), [signer]);
    await log.saveCheckpoint({ origin: signer.name, treeSize: size, rootHash: root, note });
    const proofs = await log.inclusionProofs(
      entries.map((e) => e.leafIndex),
      size,
    );
    return entries.map((e, i) =>
      buildReceipt({ entry: e.text, leafIndex: e.leafIndex, inclusionProof: proofs[i], checkpoint: note }),
    );
  });
}

const append = (ds: DataSource, j: string, inputs: readonly LogEntryInput[]): Promise<AppendedEntry[]> =>
  withTenant(ds, j, (tx) => new StoredLog(pgLogStorage(tx, j), j).append(inputs));

/** One entry per transaction; a checkpoint and receipts every CHECKPOINT_EVERY entries. */
async function oneByOne(ds: DataSource, j: string, signer: NoteSigner, inputs: LogEntryInput[]) {
  const receipts: Receipt[] = [];
  let waiting: AppendedEntry[] = [];
  for (const x of inputs) {
    waiting.push(...(await append(ds, j, [x])));
    if (waiting.length >= CHECKPOINT_EVERY) {
      receipts.push(...(await receiptsFor(ds, j, signer, waiting)));
      waiting = [];
    }
  }
  if (waiting.length > 0) receipts.push(...(await receiptsFor(ds, j, signer, waiting)));
  return receipts;
}

/** BATCH entries per transaction (one head lock, one append), a checkpoint per batch. */
async function batched(ds: DataSource, j: string, signer: NoteSigner, inputs: LogEntryInput[]) {
  const receipts: Receipt[] = [];
  for (let i = 0; i < inputs.length; i += BATCH) {
    const appended = await append(ds, j, inputs.slice(i, i + BATCH));
    receipts.push(...(await receiptsFor(ds, j, signer, appended)));
  }
  return receipts;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (sorted: number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

export async function postgresFigures(report: (f: BenchFigure) => void, env: BenchEnv): Promise<void> {
  if (env.databaseUrl === undefined || env.ownerDatabaseUrl === undefined)
    throw new Error('the transparency benchmark needs Postgres');
  const ds = await new DataSource(
    dataSourceOptions({ url: env.databaseUrl, poolSize: PARALLEL + 1 }),
  ).initialize();
  const owner = new Client({ connectionString: env.ownerDatabaseUrl });
  await owner.connect();
  try {
    await appendFigures(report, ds);
    await proofFigures(report, ds, owner);
  } finally {
    await owner.end();
    await ds.destroy();
  }
}

async function appendFigures(report: (f: BenchFigure) => void, ds: DataSource): Promise<void> {
  const run = `b${randomUUID().slice(0, 6)}`;
  const seqJ = `${run}-seq`;
  const batchJ = `${run}-batch`;
  const parJ = Array.from({ length: PARALLEL }, (_, k) => `${run}-par-${k}`);
  const keys = new Map<string, { signer: NoteSigner; verifierKey: string }>();
  for (const j of [seqJ, batchJ, ...parJ]) keys.set(j, generateLogKey(logOrigin('log.bench.example', j, 1)));
  const signer = (j: string): NoteSigner => (keys.get(j) as { signer: NoteSigner }).signer;
  const check = (j: string, receipts: Receipt[], n: number): void => {
    const k = verifier.parseVerifierKey((keys.get(j) as { verifierKey: string }).verifierKey);
    const last = receipts[receipts.length - 1];
    if (receipts.length !== n || !k.ok || !verifier.verifyReceipt(last, [k.value]).ok)
      throw new Error(`benchmark receipts of ${j} do not verify`);
  };
  const lanes = {
    seq: async (n: number, seed: number) => {
      const r = await oneByOne(ds, seqJ, signer(seqJ), inputsFor(seqJ, n, seed));
      check(seqJ, r, n);
    },
    batch: async (n: number, seed: number) => {
      const r = await batched(ds, batchJ, signer(batchJ), inputsFor(batchJ, n, seed));
      check(batchJ, r, n);
    },
    parallel: async (n: number, seed: number) => {
      await Promise.all(
        parJ.map(async (j, k) => {
          const r = await batched(ds, j, signer(j), inputsFor(j, n / PARALLEL, seed * 10 + k));
          check(j, r, n / PARALLEL);
        }),
      );
    },
  };
  const rates: Record<keyof typeof lanes, number[]> = { seq: [], batch: [], parallel: [] };
  // warm-up (JIT, connections, plan caches, the first tree nodes), not measured
  for (const lane of Object.values(lanes)) await lane(CHECKPOINT_EVERY * PARALLEL, 0);
  for (let round = 1; round <= ROUNDS; round++) {
    // alternate the order from round to round
    const order = (Object.keys(lanes) as Array<keyof typeof lanes>).slice();
    if (round % 2 === 0) order.reverse();
    for (const name of order) {
      const t0 = performance.now();
      await lanes[name](ROUND_ENTRIES, round);
      rates[name].push(Math.round(ROUND_ENTRIES / ((performance.now() - t0) / 1000)));
    }
  }
  const baseline = { name: 'one entry per transaction (Postgres), same run', value: median(rates.seq) };
  const params = {
    store: 'Postgres (apps role, row-level security)',
    entriesPerRound: ROUND_ENTRIES,
    rounds: ROUNDS,
    checkpointEvery: `one-per-transaction lane: ${CHECKPOINT_EVERY} entries; batched lanes: each batch`,
    receipts: 'checkpoint signed, inclusion proofs read from Postgres, receipt built, for every entry',
  };
  report({
    name: 'transparency.pg-append-one-per-transaction',
    metric: 'entries_per_second',
    value: baseline.value,
    unit: 'entries/s',
    params: { ...params, perRound: rates.seq },
  });
  report(
    ratioFigure(
      {
        name: 'transparency.pg-append-batched',
        metric: 'entries_per_second',
        value: median(rates.batch),
        unit: 'entries/s',
        params: { ...params, entriesPerTransaction: BATCH, perRound: rates.batch },
      },
      baseline,
    ),
  );
  report(
    ratioFigure(
      {
        name: 'transparency.pg-append-batched-parallel-jurisdictions',
        metric: 'entries_per_second',
        value: median(rates.parallel),
        unit: 'entries/s',
        params: {
          ...params,
          entriesPerTransaction: BATCH,
          jurisdictions: PARALLEL,
          perRound: rates.parallel,
        },
      },
      baseline,
    ),
  );
}

const NODE_QUERY = `SELECT n.level, n.idx, n.hash
   FROM unnest($2::smallint[], $3::bigint[]) AS k(level, idx)
   JOIN transparency_tree_nodes n ON n.jurisdiction_id = $1 AND n.level = k.level AND n.idx = k.idx`;

async function proofFigures(report: (f: BenchFigure) => void, ds: DataSource, owner: Client): Promise<void> {
  const j = `m${randomUUID().slice(0, 6)}`;
  // --- load: a 10^6-leaf tree (every full subtree: ~2·10^6 rows) with COPY --------------------
  const t0 = performance.now();
  let tree: MemoryTreeStore | null = MemoryTreeStore.fromLeafHashes(
    Array.from({ length: MILLION }, (_, i) => leafHash(Buffer.from(`bench entry ${i}`))),
  );
  // the leaf hashes kept for checking proofs, in one buffer: millions of small Buffers left on the
  // heap would make every major GC of the measured loop mark them (a gateway holds no such heap)
  const leafHashes = Buffer.concat(tree.levels[0]);
  const leafAt = (i: number): Buffer => leafHashes.subarray(32 * i, 32 * (i + 1));
  const rows = tree.levels.reduce((s, l) => s + l.length, 0);
  const levels = tree.levels;
  function* lines(): Generator<string> {
    for (const [level, hashes] of levels.entries()) {
      let chunk = '';
      for (let idx = 0; idx < hashes.length; idx++) {
        chunk += `${j}\t${level}\t${idx}\t\\\\x${hashes[idx].toString('hex')}\n`;
        if (chunk.length > 1 << 16) {
          yield chunk;
          chunk = '';
        }
      }
      if (chunk.length > 0) yield chunk;
    }
  }
  await pipeline(
    Readable.from(lines()),
    owner.query(copyFrom(`COPY transparency_tree_nodes (jurisdiction_id, level, idx, hash) FROM STDIN`)),
  );
  await owner.query(`INSERT INTO transparency_log_heads (jurisdiction_id, tree_size) VALUES ($1, $2)`, [
    j,
    MILLION,
  ]);
  const loadSeconds = (performance.now() - t0) / 1000;
  const expectedRoot = await rootHash(tree, MILLION);
  tree = null;
  levels.length = 0;

  const measure = async (statistics: string): Promise<void> => {
    const plan = (
      await owner.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN ${NODE_QUERY.replace('$1', `'${j}'`)
          .replace('$2::smallint[]', `'{0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19}'::smallint[]`)
          .replace('$3::bigint[]', `'{5,3,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0}'::bigint[]`)}`,
      )
    ).rows
      .map((r) => r['QUERY PLAN'].trim())
      .join(' | ');
    let seed = 4242;
    const rand = (max: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    const gcs: Array<{ start: number; end: number }> = [];
    const gcObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gcs.push({ start: e.startTime, end: e.startTime + e.duration });
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    // the two ways a proof is read, alternated proof by proof: one statement on the pool (what
    // the gateway's proof endpoint does), and the tenant transaction it replaced (BEGIN, scope,
    // size check, node read, COMMIT)
    const lanes = {
      'one-statement': (leaf: number, size: number) =>
        new LogProofs(pgLogProofs(ds, j)).inclusionProof(leaf, size),
      'tenant-transaction': (leaf: number, size: number) =>
        withTenant(ds, j, async (tx) => {
          const stored = await logSize(tx, j);
          if (size > stored) throw new RangeError('beyond the log');
          return inclusionProof(pgLogStorage(tx, j), leaf, size);
        }),
    };
    type Lane = keyof typeof lanes;
    const windows: Record<Lane, Array<{ start: number; end: number }>> = {
      'one-statement': [],
      'tenant-transaction': [],
    };
    const root = await withTenant(ds, j, (tx) => new StoredLog(pgLogStorage(tx, j), j).rootHash(MILLION));
    for (let p = 0; p < PROOFS + 100; p++) {
      const size = MILLION - rand(1000);
      const leaf = rand(size);
      const order: Lane[] =
        p % 2 === 0 ? ['one-statement', 'tenant-transaction'] : ['tenant-transaction', 'one-statement'];
      for (const lane of order) {
        const t = performance.now();
        const proof = await lanes[lane](leaf, size);
        const end = performance.now();
        if (p >= 100) windows[lane].push({ start: t, end }); // the first 100: warm-up
        if (p < 100 || p % 97 === 0) {
          const sizedRoot = size === MILLION ? root : await new LogProofs(pgLogProofs(ds, j)).rootHash(size);
          if (!verifier.verifyInclusion(leaf, size, leafAt(leaf), proof, sizedRoot))
            throw new Error(`benchmark proof (${lane}) does not verify`);
        }
      }
    }
    gcObserver.disconnect();
    const figures = (lane: Lane) => {
      const times = windows[lane].map((w) => w.end - w.start).sort((a, b) => a - b);
      const p99 = quantile(times, 0.99);
      // the slowest proofs that a garbage collection of this process overlapped (a pause of the
      // benchmark process, not of the database)
      const slow = windows[lane].filter((w) => w.end - w.start >= p99);
      const slowWithGc = slow.filter((w) => gcs.some((g) => g.start < w.end && g.end > w.start)).length;
      return { p50: quantile(times, 0.5), p99, slow: slow.length, slowWithGc };
    };
    const one = figures('one-statement');
    const before = figures('tenant-transaction');
    const common = {
      treeSize: MILLION,
      treeNodeRows: rows,
      proofs: PROOFS,
      statistics,
      perProof: 'one statement on the pool (tenant_log_nodes: scope, size check, the proof’s nodes)',
      nodeReadPlan: plan,
    };
    report(
      ratioFigure(
        {
          name: 'transparency.pg-inclusion-proof-p50',
          metric: 'milliseconds',
          value: Number(one.p50.toFixed(3)),
          unit: 'ms',
          params: common,
        },
        {
          name: 'transparency.pg-inclusion-proof-tenant-transaction-p50',
          value: Number(before.p50.toFixed(3)),
        },
      ),
    );
    report(
      ratioFigure(
        {
          name: 'transparency.pg-inclusion-proof-p99',
          metric: 'milliseconds',
          value: Number(one.p99.toFixed(3)),
          unit: 'ms',
          params: {
            ...common,
            loadSeconds: Number(loadSeconds.toFixed(1)),
            slowestProofs: one.slow,
            slowestWithGcPause: one.slowWithGc,
            baselineSlowestWithGcPause: before.slowWithGc,
            gcPausesMs: Number(gcs.reduce((s, g) => s + g.end - g.start, 0).toFixed(1)),
          },
        },
        {
          name: 'transparency.pg-inclusion-proof-tenant-transaction-p99',
          value: Number(before.p99.toFixed(3)),
        },
      ),
    );
  };
  const loadedRoot = await new LogProofs(pgLogProofs(ds, j)).rootHash(MILLION);
  if (!loadedRoot.equals(expectedRoot)) throw new Error('loaded tree has the wrong root');
  // the loaded tree and the earlier parts' logs are garbage now: collect them before measuring, so
  // that the proofs' own minor GCs are those of a gateway's heap, not of one holding them
  (globalThis as { gc?: () => void }).gc?.();
  await measure('none (autovacuum off, never analyzed)');
  await owner.query(`ANALYZE transparency_tree_nodes`);
  await measure('after ANALYZE transparency_tree_nodes');
}
