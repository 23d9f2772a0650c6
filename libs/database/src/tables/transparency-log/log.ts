/**
 * Owner of the transparency log tables (migration 1700000003000): `transparency_log_heads`,
 * `transparency_log_entries`, `transparency_tree_nodes`, `transparency_checkpoints`. The Postgres
 * storage driver of libs/transparency's `StoredLog` (its `LogStorage` interface, matched by shape:
 * this library does not depend on the log's). Every call runs on the caller's tenant transaction.
 */
import type { SqlExecutor } from '../../data-source';
import { advisoryLockKey, execute, select, selectOne } from '../sql';

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

/** A full-subtree node of the Merkle tree (level 0: leaves). */
export interface LogTreeNode {
  level: number;
  index: number;
  hash: Buffer;
}

/** An entry as stored: its index, canonical JSON text, leaf hash and chain. */
export interface LogEntryRow {
  leafIndex: number;
  text: string;
  leafHash: Buffer;
  chainKey: string;
}

/** A signed checkpoint as stored. */
export interface LogCheckpointRow {
  origin: string;
  treeSize: number;
  rootHash: Buffer;
  note: string;
}

/** Creates the jurisdiction's log head if missing and locks it (FOR UPDATE); returns its tree size. */
export async function lockLogHead(tx: SqlExecutor, jurisdictionId: string): Promise<number> {
  const lock = () =>
    selectOne<{ tree_size: unknown }>(
      tx,
      `SELECT tree_size FROM transparency_log_heads WHERE jurisdiction_id = $1 FOR UPDATE`,
      [jurisdictionId],
    );
  // the head exists after the log's first append: one statement then, two the first time
  let head = await lock();
  if (head === undefined) {
    await execute(
      tx,
      `INSERT INTO transparency_log_heads (jurisdiction_id) VALUES ($1) ON CONFLICT (jurisdiction_id) DO NOTHING`,
      [jurisdictionId],
    );
    head = await lock();
  }
  return toInt(head?.tree_size);
}

/** The log's tree size (0 when it has no head yet). */
export async function logSize(tx: SqlExecutor, jurisdictionId: string): Promise<number> {
  const head = await selectOne<{ tree_size: unknown }>(
    tx,
    `SELECT tree_size FROM transparency_log_heads WHERE jurisdiction_id = $1`,
    [jurisdictionId],
  );
  return head === undefined ? 0 : toInt(head.tree_size);
}

export async function setLogSize(tx: SqlExecutor, jurisdictionId: string, size: number): Promise<void> {
  await execute(
    tx,
    `UPDATE transparency_log_heads SET tree_size = $2, updated_at = now() WHERE jurisdiction_id = $1`,
    [jurisdictionId, String(size)],
  );
}

/** Hex leaf hash of the latest entry of each of these chains that has one. */
export async function logChainHeads(
  tx: SqlExecutor,
  jurisdictionId: string,
  chainKeys: readonly string[],
): Promise<Map<string, string>> {
  const rows = await select<{ chain_key: unknown; leaf_hash: unknown }>(
    tx,
    `SELECT DISTINCT ON (chain_key) chain_key, leaf_hash FROM transparency_log_entries
        WHERE jurisdiction_id = $1 AND chain_key = ANY($2::text[])
        ORDER BY chain_key, leaf_index DESC`,
    [jurisdictionId, chainKeys],
  );
  const heads = new Map<string, string>();
  for (const r of rows) heads.set(String(r.chain_key), toBuf(r.leaf_hash).toString('hex'));
  return heads;
}

export async function insertLogEntries(
  tx: SqlExecutor,
  jurisdictionId: string,
  entries: readonly LogEntryRow[],
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO transparency_log_entries (jurisdiction_id, leaf_index, entry, leaf_hash, chain_key)
       SELECT $1, leaf_index, entry, leaf_hash, chain_key
         FROM unnest($2::bigint[], $3::text[], $4::bytea[], $5::text[]) AS t(leaf_index, entry, leaf_hash, chain_key)`,
    [
      jurisdictionId,
      entries.map((e) => String(e.leafIndex)),
      entries.map((e) => e.text),
      entries.map((e) => e.leafHash),
      entries.map((e) => e.chainKey),
    ],
  );
}

/** Entries [start, end) in index order; the leaf hash in hex. */
export async function logEntries(
  tx: SqlExecutor,
  jurisdictionId: string,
  start: number,
  end: number,
): Promise<Array<{ leafIndex: number; entry: string; leafHash: string }>> {
  const rows = await select<{ leaf_index: unknown; entry: unknown; leaf_hash: unknown }>(
    tx,
    `SELECT leaf_index, entry, leaf_hash FROM transparency_log_entries
        WHERE jurisdiction_id = $1 AND leaf_index >= $2 AND leaf_index < $3 ORDER BY leaf_index`,
    [jurisdictionId, String(start), String(end)],
  );
  return rows.map((r) => ({
    leafIndex: toInt(r.leaf_index),
    entry: String(r.entry),
    leafHash: toBuf(r.leaf_hash).toString('hex'),
  }));
}

/** The lowest index of the entry with this leaf hash, or null. */
export async function findLogLeaf(
  tx: SqlExecutor,
  jurisdictionId: string,
  leafHash: Buffer,
): Promise<number | null> {
  const r = await selectOne<{ leaf_index: unknown }>(
    tx,
    `SELECT leaf_index FROM transparency_log_entries WHERE jurisdiction_id = $1 AND leaf_hash = $2 ORDER BY leaf_index LIMIT 1`,
    [jurisdictionId, leafHash],
  );
  return r === undefined ? null : toInt(r.leaf_index);
}

/** The hashes of these tree nodes, in the same order; throws when one is missing. */
export async function logTreeNodes(
  tx: SqlExecutor,
  jurisdictionId: string,
  keys: ReadonlyArray<{ level: number; index: number }>,
): Promise<Buffer[]> {
  if (keys.length === 0) return [];
  const rows = await select<{ level: unknown; idx: unknown; hash: unknown }>(
    tx,
    `SELECT n.level, n.idx, n.hash
         FROM unnest($2::smallint[], $3::bigint[]) AS k(level, idx)
         JOIN transparency_tree_nodes n ON n.jurisdiction_id = $1 AND n.level = k.level AND n.idx = k.idx`,
    [jurisdictionId, keys.map((k) => k.level), keys.map((k) => String(k.index))],
  );
  const found = new Map<string, Buffer>();
  for (const r of rows) found.set(`${toInt(r.level)}/${toInt(r.idx)}`, toBuf(r.hash));
  return keys.map((k) => {
    const h = found.get(`${k.level}/${k.index}`);
    if (h === undefined) throw new RangeError(`tree node ${k.level}/${k.index} missing`);
    return h;
  });
}

/**
 * The hashes of these tree nodes, in the same order, read in one statement with the check that the
 * log has at least `size` leaves (`tenant_log_nodes`, migration 1700000010700): it scopes itself to
 * the jurisdiction and restores the scope it found, so it runs alone on the pool (one round trip)
 * or inside a tenant transaction. Throws RangeError when the log is smaller or a node is missing.
 */
export async function logNodesWithin(
  db: SqlExecutor,
  jurisdictionId: string,
  size: number,
  keys: ReadonlyArray<{ level: number; index: number }>,
): Promise<Buffer[]> {
  const [row] = await select<{ tree_size: unknown; hashes: unknown }>(
    db,
    `SELECT tree_size, hashes FROM tenant_log_nodes($1, $2, $3::smallint[], $4::bigint[])`,
    [jurisdictionId, String(size), keys.map((k) => k.level), keys.map((k) => String(k.index))],
  );
  const logSize = row?.tree_size === null || row?.tree_size === undefined ? 0 : toInt(row.tree_size);
  if (size > logSize) throw new RangeError(`tree size ${size} beyond the log (${logSize})`);
  const hashes = Array.isArray(row?.hashes) ? (row.hashes as unknown[]) : [];
  return keys.map((k, i) => {
    const h = hashes[i];
    if (h === null || h === undefined) throw new RangeError(`tree node ${k.level}/${k.index} missing`);
    return toBuf(h);
  });
}

/** Stores tree nodes (in statements of at most 5000 rows). */
export async function insertLogTreeNodes(
  tx: SqlExecutor,
  jurisdictionId: string,
  nodes: readonly LogTreeNode[],
): Promise<void> {
  const chunk = 5000;
  for (let i = 0; i < nodes.length; i += chunk) {
    const part = nodes.slice(i, i + chunk);
    await execute(
      tx,
      `INSERT INTO transparency_tree_nodes (jurisdiction_id, level, idx, hash)
         SELECT $1, level, idx, hash FROM unnest($2::smallint[], $3::bigint[], $4::bytea[]) AS t(level, idx, hash)`,
      [jurisdictionId, part.map((n) => n.level), part.map((n) => String(n.index)), part.map((n) => n.hash)],
    );
  }
}

/** Stores a checkpoint; a second one of the same origin and tree size is ignored. */
export async function insertLogCheckpoint(
  tx: SqlExecutor,
  jurisdictionId: string,
  cp: LogCheckpointRow,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO transparency_checkpoints (jurisdiction_id, origin, tree_size, root, note)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (jurisdiction_id, origin, tree_size) DO NOTHING`,
    [jurisdictionId, cp.origin, String(cp.treeSize), cp.rootHash, cp.note],
  );
}

/** The checkpoint of the largest tree size (the newest among equals), or null. */
export async function latestLogCheckpoint(
  tx: SqlExecutor,
  jurisdictionId: string,
): Promise<LogCheckpointRow | null> {
  const r = await selectOne<{ origin: unknown; tree_size: unknown; root: unknown; note: unknown }>(
    tx,
    `SELECT origin, tree_size, root, note FROM transparency_checkpoints
        WHERE jurisdiction_id = $1 ORDER BY tree_size DESC, created_at DESC LIMIT 1`,
    [jurisdictionId],
  );
  if (r === undefined) return null;
  return {
    origin: String(r.origin),
    treeSize: toInt(r.tree_size),
    rootHash: toBuf(r.root),
    note: String(r.note),
  };
}

/**
 * The Postgres storage of one jurisdiction's log on one executor (the caller's transaction for
 * appends: `lockHead` holds the head row lock until it ends, so concurrent appends serialize per
 * jurisdiction). Fits libs/transparency's `LogStorage` (and so its `TreeStore`).
 */
export class PgLogStorage {
  constructor(
    private readonly tx: SqlExecutor,
    readonly jurisdictionId: string,
  ) {}

  lockHead(): Promise<number> {
    return lockLogHead(this.tx, this.jurisdictionId);
  }
  size(): Promise<number> {
    return logSize(this.tx, this.jurisdictionId);
  }
  setSize(size: number): Promise<void> {
    return setLogSize(this.tx, this.jurisdictionId, size);
  }
  chainHeads(chainKeys: readonly string[]): Promise<Map<string, string>> {
    return logChainHeads(this.tx, this.jurisdictionId, chainKeys);
  }
  insertEntries(entries: readonly LogEntryRow[]): Promise<void> {
    return insertLogEntries(this.tx, this.jurisdictionId, entries);
  }
  entries(
    start: number,
    end: number,
  ): Promise<Array<{ leafIndex: number; entry: string; leafHash: string }>> {
    return logEntries(this.tx, this.jurisdictionId, start, end);
  }
  findLeaf(leafHash: Buffer): Promise<number | null> {
    return findLogLeaf(this.tx, this.jurisdictionId, leafHash);
  }
  getNodes(keys: ReadonlyArray<{ level: number; index: number }>): Promise<Buffer[]> {
    return logTreeNodes(this.tx, this.jurisdictionId, keys);
  }
  getNodesWithin(size: number, keys: ReadonlyArray<{ level: number; index: number }>): Promise<Buffer[]> {
    return logNodesWithin(this.tx, this.jurisdictionId, size, keys);
  }
  putNodes(nodes: readonly LogTreeNode[]): Promise<void> {
    return insertLogTreeNodes(this.tx, this.jurisdictionId, nodes);
  }
  saveCheckpoint(cp: LogCheckpointRow): Promise<void> {
    return insertLogCheckpoint(this.tx, this.jurisdictionId, cp);
  }
  latestCheckpoint(): Promise<LogCheckpointRow | null> {
    return latestLogCheckpoint(this.tx, this.jurisdictionId);
  }
}

/**
 * The proof reads of a jurisdiction's log on the pool, outside any transaction (libs/transparency's
 * `ProofStorage`, for its `LogProofs`): each proof is one statement that scopes itself.
 */
export function pgLogProofs(
  db: SqlExecutor,
  jurisdictionId: string,
): {
  getNodesWithin(size: number, keys: ReadonlyArray<{ level: number; index: number }>): Promise<Buffer[]>;
} {
  return { getNodesWithin: (size, keys) => logNodesWithin(db, jurisdictionId, size, keys) };
}

/** The log storage of a jurisdiction on this executor (wrap it in `StoredLog` of libs/transparency). */
export function pgLogStorage(tx: SqlExecutor, jurisdictionId: string): PgLogStorage {
  return new PgLogStorage(tx, jurisdictionId);
}

/**
 * Jurisdictions whose log has unsigned entries or steps without a receipt. The database function
 * `tenant_receipts_work()` (migration 1700000006000) asks each jurisdiction in turn under its own
 * tenant scope, so row-level security holds and the loop costs one round trip.
 */
export async function jurisdictionsWithReceiptsWork(tx: SqlExecutor): Promise<string[]> {
  const rows = await select<{ jurisdiction_id: string }>(
    tx,
    `SELECT jurisdiction_id FROM tenant_receipts_work() AS jurisdiction_id`,
  );
  return rows.map((r) => r.jurisdiction_id);
}

function checkpointLockKey(jurisdictionId: string): string {
  return advisoryLockKey(`uocava-receipts:${jurisdictionId}`);
}

/**
 * Takes the jurisdiction's checkpoint lock for this transaction (`pg_try_advisory_xact_lock`):
 * false when another receipts process holds it (it skips the jurisdiction instead of signing twice).
 */
export async function tryCheckpointLock(tx: SqlExecutor, jurisdictionId: string): Promise<boolean> {
  const r = await selectOne<{ locked: boolean }>(
    tx,
    `SELECT pg_try_advisory_xact_lock($1::bigint) AS locked`,
    [checkpointLockKey(jurisdictionId)],
  );
  return r?.locked === true;
}
