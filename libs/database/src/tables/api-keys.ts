/** Owner of `api_keys` for what the apps do with it: the active key behind a key hash, revoking by label. */
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
