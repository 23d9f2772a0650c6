import { ballotRequestId, jurisdictionId } from '@uocava/domain';
import { createHash, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import {
  Checkpointer,
  generateLogKey,
  logOrigin,
  LogProofs,
  MemoryLog,
  StoredLog,
  verifier,
  type LogEntryInput,
} from '@uocava/transparency';
import { logNodesWithin, pgLogProofs, pgLogStorage, type SqlExecutor } from '@uocava/database';
import { appDatabaseUrl } from '@uocava/testing';

const { parseVerifierKey, reverifyLog, verifyConsistency, verifyInclusion, verifyReceipt } = verifier;
type VerifierKey = verifier.VerifierKey;

// The log library has no notion of tenants (the apps call it inside a tenant transaction), so this
// test of its Postgres storage runs as the owner of the tables, below row-level security.
const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function input(j: string, subject: string, n: number): LogEntryInput {
  return {
    jurisdiction: jurisdictionId(j),
    subject: { kind: 'request', id: ballotRequestId(subject) },
    eventType: 'request.submitted',
    eventId: randomUUID(),
    time: '2026-10-01T00:00:00.000Z',
    dataSha256: createHash('sha256').update(String(n)).digest('hex'),
  };
}

/** The log of `j` on `db` (libs/transparency's StoredLog over this library's storage). */
const pgLog = (db: SqlExecutor, j: string): StoredLog => new StoredLog(pgLogStorage(db, j), j);

/** Runs `fn` in a transaction on one pooled connection. */
async function pgTransaction<T>(pool: Pool, fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const db: SqlExecutor = {
    query: async (sql, params) => (await client.query(sql, params)).rows as Array<Record<string, unknown>>,
  };
  try {
    await client.query('BEGIN');
    const result = await fn(db);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** A pool as an executor (each query on any connection: reads only, never `append`). */
function poolExecutor(pool: Pool): SqlExecutor {
  return {
    query: async (sql, params) => (await pool.query(sql, params)).rows as Array<Record<string, unknown>>,
  };
}

describe('Postgres log storage of libs/database under the log core of libs/transparency (real Postgres)', () => {
  let pool: Pool;
  let admin: Pool;

  beforeAll(() => {
    if (url === undefined) throw new Error('DATABASE_URL is not set (test/global-setup.ts sets it)');
    pool = new Pool({ connectionString: url, max: 8 });
    // owner connection for DDL and the simulated insider
    admin = new Pool({ connectionString: url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await admin.end();
  });

  it('appends; roots and proofs equal the in-memory log at every size', async () => {
    const j = `t-${randomUUID().slice(0, 8)}`;
    const mem = new MemoryLog(j);
    const pg = pgLog(poolExecutor(pool), j);
    const subjects = [randomUUID(), randomUUID(), randomUUID()];
    const inputs = Array.from({ length: 37 }, (_, i) => input(j, subjects[i % 3], i));
    for (const batch of [inputs.slice(0, 1), inputs.slice(1, 9), inputs.slice(9, 10), inputs.slice(10)]) {
      await pgTransaction(pool, (db) => pgLog(db, j).append(batch));
      await mem.append(batch);
    }
    expect(await pg.size()).toBe(37);
    const memRows = await mem.entries(0, 37);
    // same chain links (prev) and same entries, apart from the event ids being equal anyway
    expect((await pg.entries(0, 37)).map((r) => r.leafHash)).toEqual(memRows.map((r) => r.leafHash));
    for (let n = 1; n <= 37; n++) {
      const root = await pg.rootHash(n);
      expect(hex(root)).toBe(hex(await mem.rootHash(n)));
      for (const i of [0, Math.floor(n / 2), n - 1]) {
        const proof = await pg.inclusionProof(i, n);
        expect(proof.map(hex)).toEqual((await mem.inclusionProof(i, n)).map(hex));
        expect(verifyInclusion(i, n, Buffer.from(memRows[i].leafHash, 'hex'), proof, root)).toBe(true);
      }
      for (const m of [1, Math.floor(n / 3), n - 1]) {
        if (m < 1 || m > n) continue;
        const proof = await pg.consistencyProof(m, n);
        expect(proof.map(hex)).toEqual((await mem.consistencyProof(m, n)).map(hex));
        expect(verifyConsistency(m, n, await pg.rootHash(m), root, proof)).toBe(true);
      }
    }
    expect(await pg.findLeaf(Buffer.from(memRows[5].leafHash, 'hex'))).toBe(5);
  });

  it('a proof in one statement on the pool, as the app role: same proofs, sizes beyond refused, scope restored', async () => {
    const j = `t-${randomUUID().slice(0, 8)}`;
    const mem = new MemoryLog(j);
    const inputs = Array.from({ length: 11 }, (_, i) => input(j, randomUUID(), i));
    await pgTransaction(pool, (db) => pgLog(db, j).append(inputs));
    await mem.append(inputs);
    const app = new Pool({ connectionString: appDatabaseUrl(), max: 1 });
    try {
      const proofs = new LogProofs(pgLogProofs(poolExecutor(app), j));
      for (const n of [1, 2, 7, 11]) {
        expect(hex(await proofs.rootHash(n))).toBe(hex(await mem.rootHash(n)));
        for (const i of [0, n - 1]) {
          expect((await proofs.inclusionProof(i, n)).map(hex)).toEqual(
            (await mem.inclusionProof(i, n)).map(hex),
          );
        }
        expect((await proofs.consistencyProof(1, n)).map(hex)).toEqual(
          (await mem.consistencyProof(1, n)).map(hex),
        );
      }
      // a size the log does not have, even one whose proof needs no node, and a log that is not there
      await expect(proofs.inclusionProof(3, 12)).rejects.toThrow(/tree size 12 beyond the log \(11\)/);
      await expect(proofs.consistencyProof(12, 12)).rejects.toThrow(/beyond the log/);
      const nowhere = new LogProofs(pgLogProofs(poolExecutor(app), `t-${randomUUID().slice(0, 8)}`));
      await expect(nowhere.inclusionProof(0, 1)).rejects.toThrow(/tree size 1 beyond the log \(0\)/);

      const client = await app.connect();
      const db: SqlExecutor = {
        query: async (sql, params) =>
          (await client.query(sql, params)).rows as Array<Record<string, unknown>>,
      };
      const scopeNow = async (): Promise<unknown> =>
        (await client.query(`SELECT current_setting('app.jurisdiction_id', true) AS s`)).rows[0].s;
      try {
        // alone: the scope it set ends with its statement
        expect(await logNodesWithin(db, j, 11, [{ level: 0, index: 3 }])).toHaveLength(1);
        expect(await scopeNow()).toBe('');
        expect((await client.query(`SELECT count(*)::int AS n FROM transparency_tree_nodes`)).rows[0].n).toBe(
          0,
        );
        // inside a transaction of another scope: that scope again after it, its rows only
        await client.query('BEGIN');
        await client.query(`SELECT set_config('app.jurisdiction_id', 'somewhere-else', true)`);
        expect(await logNodesWithin(db, j, 11, [{ level: 1, index: 2 }])).toHaveLength(1);
        expect(await scopeNow()).toBe('somewhere-else');
        expect((await client.query(`SELECT count(*)::int AS n FROM transparency_tree_nodes`)).rows[0].n).toBe(
          0,
        );
        await client.query('ROLLBACK');
        // a node that is not stored is an error, not a short proof
        await expect(logNodesWithin(db, j, 11, [{ level: 5, index: 0 }])).rejects.toThrow(
          /tree node 5\/0 missing/,
        );
      } finally {
        client.release();
      }
    } finally {
      await app.end();
    }
  });

  it('concurrent appends serialize per jurisdiction: no gaps, no duplicate index, chains intact', async () => {
    const j = `c-${randomUUID().slice(0, 8)}`;
    const pg = pgLog(poolExecutor(pool), j);
    const subject = randomUUID();
    await Promise.all(
      Array.from({ length: 24 }, (_, w) =>
        pgTransaction(pool, (db) =>
          pgLog(db, j).append([input(j, subject, w * 2), input(j, randomUUID(), w * 2 + 1)]),
        ),
      ),
    );
    expect(await pg.size()).toBe(48);
    const rows = await pg.entries(0, 48);
    expect(rows.map((r) => r.leafIndex)).toEqual(Array.from({ length: 48 }, (_, i) => i));
    const { signer, verifierKey } = generateLogKey(logOrigin('log.example', j, 1));
    const cp = await new Checkpointer(pg, signer).checkpoint();
    const k = parseVerifierKey(verifierKey);
    if (!k.ok || cp === null) throw new Error('setup');
    expect(reverifyLog(rows, cp.note, [k.value])).toMatchObject({ ok: true, checkedSize: 48 });
  });

  it('issues receipts from the Pg log, and detects an entry edited directly in the database', async () => {
    const j = `x-${randomUUID().slice(0, 8)}`;
    const pg = pgLog(poolExecutor(pool), j);
    const { signer, verifierKey } = generateLogKey(logOrigin('log.example', j, 1));
    const k = parseVerifierKey(verifierKey);
    if (!k.ok) throw new Error('key');
    const keys: VerifierKey[] = [k.value];
    const checkpointer = new Checkpointer(pg, signer, { everyEntries: 10, everyMs: 50 });
    const subject = randomUUID();
    const appended = await pgTransaction(pool, (db) =>
      pgLog(db, j).append(Array.from({ length: 10 }, (_, i) => input(j, subject, i))),
    );
    const receipts = await Promise.all(checkpointer.track(appended));
    for (const r of receipts) expect(verifyReceipt(r, keys).ok).toBe(true);
    const latest = await pg.latestCheckpoint();
    expect(latest?.treeSize).toBe(10);

    // the append-only trigger refuses the edit ...
    await expect(
      pool.query(`UPDATE transparency_log_entries SET entry = entry WHERE jurisdiction_id = $1`, [j]),
    ).rejects.toThrow(/append-only/);
    // ... an insider with owner rights disables it and edits one entry and its stored hash
    const rows = await pg.entries(0, 10);
    const edited = rows[4].entry.replace('request.submitted', 'request.rejected');
    const client = await admin.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        'ALTER TABLE transparency_log_entries DISABLE TRIGGER transparency_log_entries_append_only',
      );
      await client.query(
        `UPDATE transparency_log_entries SET entry = $3, leaf_hash = $4 WHERE jurisdiction_id = $1 AND leaf_index = $2`,
        [
          j,
          4,
          edited,
          createHash('sha256')
            .update(Buffer.concat([Buffer.of(0), Buffer.from(edited)]))
            .digest(),
        ],
      );
      await client.query(
        'ALTER TABLE transparency_log_entries ENABLE TRIGGER transparency_log_entries_append_only',
      );
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    const report = reverifyLog(await pg.entries(0, 10), (latest as { note: string }).note, keys);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/leaf 5: chain .* broken/);
    expect(report.problems.join('\n')).toMatch(/root of the first 10 entries differs/);
    await checkpointer.close();
  });

  it('one append of a whole batch gives the very entries, tree nodes, roots and proofs of one-entry appends', async () => {
    const j = `b-${randomUUID().slice(0, 8)}`;
    const n = 300;
    const subjects = Array.from({ length: 7 }, () => randomUUID());
    const inputs = Array.from({ length: n }, (_, i) => input(j, subjects[(i * 5) % 7], i));
    // the referee: one entry per append
    const mem = new MemoryLog(j);
    for (const x of inputs) await mem.append([x]);
    // the batch: everything in one transaction, one head lock, one append
    const appended = await pgTransaction(pool, (db) => pgLog(db, j).append(inputs));
    expect(appended.map((a) => a.leafIndex)).toEqual(Array.from({ length: n }, (_, i) => i));
    const pg = pgLog(poolExecutor(pool), j);
    const memRows = await mem.entries(0, n);
    const pgRows = await pg.entries(0, n);
    expect(pgRows.map((r) => r.entry)).toEqual(memRows.map((r) => r.entry));
    expect(pgRows.map((r) => r.leafHash)).toEqual(memRows.map((r) => r.leafHash));
    // every full subtree stored, equal to the referee's
    const nodes = (
      await pool.query<{ level: number; idx: string; hash: Buffer }>(
        `SELECT level, idx, hash FROM transparency_tree_nodes WHERE jurisdiction_id = $1 ORDER BY level, idx`,
        [j],
      )
    ).rows.map((r) => `${r.level}/${r.idx}/${hex(r.hash)}`);
    const memNodes = mem.tree.levels.flatMap((level, l) => level.map((h, idx) => `${l}/${idx}/${hex(h)}`));
    expect(nodes).toEqual(memNodes);
    for (let size = 1; size <= n; size += 13) {
      const root = await pg.rootHash(size);
      expect(hex(root)).toBe(hex(await mem.rootHash(size)));
      const leaves = [0, Math.floor(size / 2), size - 1];
      const proofs = await pg.inclusionProofs(leaves, size);
      for (const [k, leaf] of leaves.entries()) {
        expect(proofs[k].map(hex)).toEqual((await mem.inclusionProof(leaf, size)).map(hex));
        expect(verifyInclusion(leaf, size, Buffer.from(memRows[leaf].leafHash, 'hex'), proofs[k], root)).toBe(
          true,
        );
      }
    }
    expect(hex(await pg.rootHash(n))).toBe(hex(await mem.rootHash(n)));
  });

  it('two appenders on their own connections, batches of 1 to 40 interleaved: nothing forks or is lost', async () => {
    const j = `p-${randomUUID().slice(0, 8)}`;
    const shared = randomUUID(); // a chain both writers extend
    const writers = [
      new Pool({ connectionString: url, max: 1 }),
      new Pool({ connectionString: url, max: 1 }),
    ];
    const sent: string[][] = [[], []];
    try {
      await Promise.all(
        writers.map(async (w, wi) => {
          for (let b = 0; b < 15; b++) {
            const size = 1 + ((b * 17 + wi * 11) % 40);
            const batch = Array.from({ length: size }, (_, i) =>
              input(j, i % 3 === 0 ? shared : randomUUID(), wi * 10_000 + b * 100 + i),
            );
            const appended = await pgTransaction(w, (db) => pgLog(db, j).append(batch));
            // a batch takes consecutive indices
            expect(appended.map((a) => a.leafIndex - appended[0].leafIndex)).toEqual(
              Array.from({ length: size }, (_, i) => i),
            );
            sent[wi].push(...batch.map((x) => x.eventId));
          }
        }),
      );
    } finally {
      await Promise.all(writers.map((w) => w.end()));
    }
    const total = sent[0].length + sent[1].length;
    const pg = pgLog(poolExecutor(pool), j);
    expect(await pg.size()).toBe(total);
    const rows = await pg.entries(0, total);
    expect(rows.map((r) => r.leafIndex)).toEqual(Array.from({ length: total }, (_, i) => i));
    const logged = rows.map((r) => (JSON.parse(r.entry) as { eventId: string }).eventId);
    expect([...logged].sort()).toEqual([...sent[0], ...sent[1]].sort());
    // each writer's entries in its own order
    for (const ids of sent) expect(logged.filter((id) => ids.includes(id))).toEqual(ids);
    // one tree: a signed checkpoint of it re-verifies from the entries (leaf hashes, chain links, root)
    const { signer, verifierKey } = generateLogKey(logOrigin('log.example', j, 1));
    const cp = await new Checkpointer(pg, signer).checkpoint();
    const k = parseVerifierKey(verifierKey);
    if (!k.ok || cp === null) throw new Error('setup');
    expect(reverifyLog(rows, cp.note, [k.value])).toMatchObject({ ok: true, checkedSize: total });
  });
});
