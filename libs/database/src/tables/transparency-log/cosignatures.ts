/** Owner of `transparency_cosignatures`: the witnesses' cosignatures of each checkpoint. */
import type { SqlExecutor } from '../../data-source';
import { execute, select } from '../sql';

export interface CosignatureRow {
  witness: string;
  treeSize: number;
  /** the C2SP signature line, without its newline */
  line: string;
  cosignedAt: Date;
}

/** Stores a witness's cosignature of a checkpoint (a second one by the same witness is ignored). */
export async function insertCosignature(
  tx: SqlExecutor,
  row: {
    jurisdictionId: string;
    origin: string;
    treeSize: number;
    witness: string;
    line: string;
    cosignedAt: Date;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO transparency_cosignatures (jurisdiction_id, origin, tree_size, witness, signature_line, cosigned_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
    [row.jurisdictionId, row.origin, String(row.treeSize), row.witness, row.line, row.cosignedAt],
  );
}

/** The cosignatures of one checkpoint, by witness name. */
export async function checkpointCosignatures(
  tx: SqlExecutor,
  jurisdictionId: string,
  origin: string,
  treeSize: number,
): Promise<CosignatureRow[]> {
  const rows = await select<{
    witness: string;
    tree_size: string;
    signature_line: string;
    cosigned_at: Date;
  }>(
    tx,
    `SELECT witness, tree_size, signature_line, cosigned_at FROM transparency_cosignatures
        WHERE jurisdiction_id = $1 AND origin = $2 AND tree_size = $3 ORDER BY witness`,
    [jurisdictionId, origin, String(treeSize)],
  );
  return rows.map((r) => ({
    witness: r.witness,
    treeSize: Number(r.tree_size),
    line: r.signature_line,
    cosignedAt: r.cosigned_at,
  }));
}

/** For each witness, the largest tree size of this origin it cosigned. */
export async function witnessedSizes(
  tx: SqlExecutor,
  jurisdictionId: string,
  origin: string,
): Promise<Map<string, number>> {
  const rows = await select<{ witness: string; tree_size: string }>(
    tx,
    `SELECT witness, max(tree_size) AS tree_size FROM transparency_cosignatures
        WHERE jurisdiction_id = $1 AND origin = $2 GROUP BY witness`,
    [jurisdictionId, origin],
  );
  return new Map(rows.map((r) => [r.witness, Number(r.tree_size)]));
}
