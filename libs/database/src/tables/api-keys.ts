/**
 * Owner of `api_keys`: the active key behind a key hash (what the apps read), the operator's new
 * key (`offices.ts`) and revoking keys by label (the demo keys of `npm start`).
 */
import type { OfficeRole } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, selectOne } from './sql';

export interface ActiveApiKey {
  keyId: string;
  jurisdictionId: string;
  role: OfficeRole;
}

/** The unrevoked key with this SHA-256, read in its jurisdiction's scope (tenant directory). */
export async function activeApiKey(tx: SqlExecutor, keyHash: Buffer): Promise<ActiveApiKey | undefined> {
  const r = await selectOne<{ key_id: string; jurisdiction_id: string; role: OfficeRole }>(
    tx,
    `SELECT key_id, jurisdiction_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
    [keyHash],
  );
  return r && { keyId: r.key_id, jurisdictionId: r.jurisdiction_id, role: r.role };
}

/** Revokes every key of the jurisdiction with this label (e.g. the demo keys of `npm start`). */
export async function revokeApiKeysLabelled(
  tx: SqlExecutor,
  jurisdictionId: string,
  label: string,
): Promise<void> {
  await execute(tx, `UPDATE api_keys SET revoked_at = now() WHERE jurisdiction_id = $1 AND label = $2`, [
    jurisdictionId,
    label,
  ]);
}

/** Records a new office key by its SHA-256 (the key itself is never stored). */
export async function insertApiKey(
  tx: SqlExecutor,
  key: { keyId: string; jurisdictionId: string; role: OfficeRole; keyHash: Buffer; label: string | null },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO api_keys (key_id, jurisdiction_id, role, key_hash, label) VALUES ($1, $2, $3, $4, $5)`,
    [key.keyId, key.jurisdictionId, key.role, key.keyHash, key.label],
  );
}
