/**
 * Owner of `office_sessions`: sessions of the clerk's web pages, kept only as the SHA-256 of the
 * cookie's secret, ended by signing out, expiry, idling, or revoking their key.
 */
import type { OfficeRole } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, updateReturning } from './sql';

export async function openOfficeSession(
  tx: SqlExecutor,
  s: { sessionHash: Buffer; jurisdictionId: string; keyId: string; role: OfficeRole; maxHours: number },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO office_sessions (session_hash, jurisdiction_id, key_id, role, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))`,
    [s.sessionHash, s.jurisdictionId, s.keyId, s.role, s.maxHours],
  );
}

/**
 * The live session of this hash (not ended, not expired, not idle longer than `idleMinutes`, its
 * key not revoked or expired), marked as seen now; undefined otherwise.
 */
export async function touchOfficeSession(
  tx: SqlExecutor,
  jurisdictionId: string,
  sessionHash: Buffer,
  idleMinutes: number,
): Promise<{ keyId: string; role: OfficeRole; jurisdictionName: string } | undefined> {
  const [r] = await updateReturning<{ key_id: string; role: OfficeRole; name: string }>(
    tx,
    `UPDATE office_sessions s SET last_seen_at = now()
     FROM api_keys k, jurisdictions j
     WHERE s.session_hash = $1 AND s.jurisdiction_id = $2 AND s.ended_at IS NULL
       AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $3)
       AND k.key_id = s.key_id AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
       AND j.jurisdiction_id = s.jurisdiction_id`,
    's.key_id, s.role, j.name',
    [sessionHash, jurisdictionId, idleMinutes],
  );
  return r && { keyId: r.key_id, role: r.role, jurisdictionName: r.name };
}

export async function endOfficeSession(
  tx: SqlExecutor,
  jurisdictionId: string,
  sessionHash: Buffer,
): Promise<void> {
  await execute(
    tx,
    `UPDATE office_sessions SET ended_at = now() WHERE session_hash = $1 AND jurisdiction_id = $2`,
    [sessionHash, jurisdictionId],
  );
}
