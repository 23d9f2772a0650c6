/**
 * Owner of `api_keys`: the active key behind a key hash (what the apps read: unrevoked and not
 * expired), the operator's new key (`offices.ts`), listing and revoking keys (`cli api-key`), and
 * revoking keys by label (the demo keys of `npm start`).
 */
import type { OfficeRole } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, select, selectOne, updateReturning } from './sql';

/** A key that opens something: not revoked and not past its expiry. */
export const KEY_IS_LIVE = `revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;

export interface ActiveApiKey {
  keyId: string;
  jurisdictionId: string;
  role: OfficeRole;
}

/** The live key with this SHA-256, read in its jurisdiction's scope (tenant directory). */
export async function activeApiKey(tx: SqlExecutor, keyHash: Buffer): Promise<ActiveApiKey | undefined> {
  const r = await selectOne<{ key_id: string; jurisdiction_id: string; role: OfficeRole }>(
    tx,
    `SELECT key_id, jurisdiction_id, role FROM api_keys WHERE key_hash = $1 AND ${KEY_IS_LIVE}`,
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
  key: {
    keyId: string;
    jurisdictionId: string;
    role: OfficeRole;
    keyHash: Buffer;
    label: string | null;
    expiresAt: Date | null;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO api_keys (key_id, jurisdiction_id, role, key_hash, label, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [key.keyId, key.jurisdictionId, key.role, key.keyHash, key.label, key.expiresAt],
  );
}

/** An office key as the operator lists it (never the key or its hash). */
export interface ApiKeyListing {
  keyId: string;
  role: OfficeRole;
  label: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** opens the API and sign-in now */
  live: boolean;
}

/** The jurisdiction's keys, newest first. */
export async function listApiKeys(tx: SqlExecutor, jurisdictionId: string): Promise<ApiKeyListing[]> {
  return select<ApiKeyListing>(
    tx,
    `SELECT key_id AS "keyId", role, label, created_at AS "createdAt", expires_at AS "expiresAt",
            revoked_at AS "revokedAt", (${KEY_IS_LIVE}) AS live
     FROM api_keys WHERE jurisdiction_id = $1 ORDER BY created_at DESC, key_id`,
    [jurisdictionId],
  );
}

/** Revokes one key of the jurisdiction; false when it has no such unrevoked key. */
export async function revokeApiKey(tx: SqlExecutor, jurisdictionId: string, keyId: string): Promise<boolean> {
  const rows = await updateReturning(
    tx,
    `UPDATE api_keys SET revoked_at = now() WHERE jurisdiction_id = $1 AND key_id = $2 AND revoked_at IS NULL`,
    'key_id',
    [jurisdictionId, keyId],
  );
  return rows.length > 0;
}
