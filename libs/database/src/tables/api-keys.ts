/** Owner of `api_keys` for what the apps read of it: the active key behind a key hash. */
import type { OfficeRole } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { selectOne } from './sql';

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
