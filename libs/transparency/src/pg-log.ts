/**
 * Postgres implementation of the log (tables from migration 1700000003000-TransparencyLog).
 * Every statement is parameterised. `append` must run inside a transaction (the executor is the
 * caller's transaction: a TypeORM EntityManager from `ds.transaction`, or `pgTransaction` below):
 * it locks the jurisdiction's head row FOR UPDATE, so concurrent appends serialize per
 * jurisdiction.
 */
import type { Pool } from 'pg';
import { chainKey, type LogEntryInput } from './entry';
import type { Hash } from './hash';
import {
  assertInputJurisdiction,
  linkEntries,
  type AppendedEntry,
  type LogBackend,
  type StoredCheckpoint,
  type StoredLogEntry,
} from './log';
import {
  appendLeaves,
  consistencyProof,
  inclusionProof,
  inclusionProofs,
  rootHash,
  type NodeKey,
  type TreeNode,
  type TreeStore,
} from './tree';

/** Minimal SQL executor: TypeORM's EntityManager / QueryRunner and a pg client adapter fit. */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
}

function toInt(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw new TypeError('expected an integer from the database');
  return n;
}
function toBuf(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v);
  throw new TypeError('expected bytea from the database');
}

export class PgTreeStore implements TreeStore {
  constructor(
    private readonly db: SqlExecutor,
    private readonly jurisdiction: string,
  ) {}

  async getNodes(keys: readonly NodeKey[]): Promise<Hash[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.query(
      `SELECT n.level, n.idx, n.hash
         FROM unnest($2::smallint[], $3::bigint[]) AS k(level, idx)
         JOIN transparency_tree_nodes n ON n.jurisdiction_id = $1 AND n.level = k.level AND n.idx = k.idx`,
      [this.jurisdiction, keys.map((k) => k.level), keys.map((k) => String(k.index))],
    );
    const found = new Map<string, Hash>();
    for (const r of rows) found.set(`${toInt(r.level)}/${toInt(r.idx)}`, toBuf(r.hash));
    return keys.map((k) => {
      const h = found.get(`${k.level}/${k.index}`);
      if (h === undefined) throw new RangeError(`tree node ${k.level}/${k.index} missing`);
      return h;
    });
  }

  async putNodes(nodes: readonly TreeNode[]): Promise<void> {
    const chunk = 5000;
    for (let i = 0; i < nodes.length; i += chunk) {
      const part = nodes.slice(i, i + chunk);
      await this.db.query(
        `INSERT INTO transparency_tree_nodes (jurisdiction_id, level, idx, hash)
         SELECT $1, level, idx, hash FROM unnest($2::smallint[], $3::bigint[], $4::bytea[]) AS t(level, idx, hash)`,
        [
          this.jurisdiction,
          part.map((n) => n.level),
          part.map((n) => String(n.index)),
          part.map((n) => n.hash),
        ],
      );
    }
  }
}

export class PgLog implements LogBackend {
  readonly tree: PgTreeStore;

  constructor(
    private readonly db: SqlExecutor,
    readonly jurisdiction: string,
  ) {
    this.tree = new PgTreeStore(db, jurisdiction);
  }

  /** Same log, another executor (e.g. the caller's transaction). */
  with(db: SqlExecutor): PgLog {
    return new PgLog(db, this.jurisdiction);
  }

  async append(inputs: readonly LogEntryInput[]): Promise<AppendedEntry[]> {
    assertInputJurisdiction(this.jurisdiction, inputs);
    await this.db.query(
      `INSERT INTO transparency_log_heads (jurisdiction_id) VALUES ($1) ON CONFLICT (jurisdiction_id) DO NOTHING`,
      [this.jurisdiction],
    );
    const [head] = await this.db.query(
      `SELECT tree_size FROM transparency_log_heads WHERE jurisdiction_id = $1 FOR UPDATE`,
      [this.jurisdiction],
    );
    const start = toInt(head.tree_size);
    if (inputs.length === 0) return [];
    const keys = [...new Set(inputs.map((i) => chainKey(i.subject)))];
    const heads = await this.db.query(
      `SELECT DISTINCT ON (chain_key) chain_key, leaf_hash FROM transparency_log_entries
        WHERE jurisdiction_id = $1 AND chain_key = ANY($2::text[])
        ORDER BY chain_key, leaf_index DESC`,
      [this.jurisdiction, keys],
    );
    const prev = new Map<string, string>();
    for (const r of heads) prev.set(String(r.chain_key), toBuf(r.leaf_hash).toString('hex'));
    const appended = linkEntries(inputs, start, (k) => prev.get(k) ?? null);
    await this.db.query(
      `INSERT INTO transparency_log_entries (jurisdiction_id, leaf_index, entry, leaf_hash, chain_key)
       SELECT $1, leaf_index, entry, leaf_hash, chain_key
         FROM unnest($2::bigint[], $3::text[], $4::bytea[], $5::text[]) AS t(leaf_index, entry, leaf_hash, chain_key)`,
      [
        this.jurisdiction,
        appended.map((a) => String(a.leafIndex)),
        appended.map((a) => a.text),
        appended.map((a) => a.leafHash),
        appended.map((a) => chainKey(a.entry.subject)),
      ],
    );
    const { size } = await appendLeaves(
      this.tree,
      start,
      appended.map((a) => a.leafHash),
    );
    await this.db.query(
      `UPDATE transparency_log_heads SET tree_size = $2, updated_at = now() WHERE jurisdiction_id = $1`,
      [this.jurisdiction, String(size)],
    );
    return appended;
  }

  async size(): Promise<number> {
    const rows = await this.db.query(
      `SELECT tree_size FROM transparency_log_heads WHERE jurisdiction_id = $1`,
      [this.jurisdiction],
    );
    return rows.length === 0 ? 0 : toInt(rows[0].tree_size);
  }

  private async checkSize(size: number): Promise<void> {
    const current = await this.size();
    if (size > current) throw new RangeError(`tree size ${size} beyond the log (${current})`);
  }

  async rootHash(size: number): Promise<Hash> {
    await this.checkSize(size);
    return rootHash(this.tree, size);
  }

  async inclusionProof(leafIndex: number, size: number): Promise<Hash[]> {
    await this.checkSize(size);
    return inclusionProof(this.tree, leafIndex, size);
  }

  async inclusionProofs(leafIndices: readonly number[], size: number): Promise<Hash[][]> {
    await this.checkSize(size);
    return inclusionProofs(this.tree, leafIndices, size);
  }

  async consistencyProof(from: number, to: number): Promise<Hash[]> {
    await this.checkSize(to);
    return consistencyProof(this.tree, from, to);
  }

  async entries(start: number, end: number): Promise<StoredLogEntry[]> {
    const rows = await this.db.query(
      `SELECT leaf_index, entry, leaf_hash FROM transparency_log_entries
        WHERE jurisdiction_id = $1 AND leaf_index >= $2 AND leaf_index < $3 ORDER BY leaf_index`,
      [this.jurisdiction, String(start), String(end)],
    );
    return rows.map((r) => ({
      leafIndex: toInt(r.leaf_index),
      entry: String(r.entry),
      leafHash: toBuf(r.leaf_hash).toString('hex'),
    }));
  }

  async findLeaf(leafHash: Hash): Promise<number | null> {
    const rows = await this.db.query(
      `SELECT leaf_index FROM transparency_log_entries WHERE jurisdiction_id = $1 AND leaf_hash = $2 ORDER BY leaf_index LIMIT 1`,
      [this.jurisdiction, leafHash],
    );
    return rows.length === 0 ? null : toInt(rows[0].leaf_index);
  }

  async saveCheckpoint(cp: StoredCheckpoint): Promise<void> {
    await this.db.query(
      `INSERT INTO transparency_checkpoints (jurisdiction_id, origin, tree_size, root, note)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (jurisdiction_id, origin, tree_size) DO NOTHING`,
      [this.jurisdiction, cp.origin, String(cp.treeSize), cp.rootHash, cp.note],
    );
  }

  async latestCheckpoint(): Promise<StoredCheckpoint | null> {
    const rows = await this.db.query(
      `SELECT origin, tree_size, root, note FROM transparency_checkpoints
        WHERE jurisdiction_id = $1 ORDER BY tree_size DESC, created_at DESC LIMIT 1`,
      [this.jurisdiction],
    );
    if (rows.length === 0) return null;
    const r = rows[0];
    return {
      origin: String(r.origin),
      treeSize: toInt(r.tree_size),
      rootHash: toBuf(r.root),
      note: String(r.note),
    };
  }
}

/** Runs `fn` in a transaction on one pooled connection (for code without TypeORM). */
export async function pgTransaction<T>(pool: Pool, fn: (db: SqlExecutor) => Promise<T>): Promise<T> {
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
export function poolExecutor(pool: Pool): SqlExecutor {
  return {
    query: async (sql, params) => (await pool.query(sql, params)).rows as Array<Record<string, unknown>>,
  };
}
