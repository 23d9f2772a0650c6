/**
 * Owner of `office_sessions`: sessions of the clerk's web pages, kept only as the SHA-256 of the
 * cookie's secret, ended by signing out, expiry, idling, or revoking their key.
 */
import type { OfficeRole } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, updateReturning } from './sql';

export async function openOfficeSession(
  tx: SqlExecutor,
  s: {
    sessionHash: Buffer;
    jurisdictionId: string;
    /** exactly one of the two: an office key's session or a staff member's */
    keyId: string | null;
    staffId?: string | null;
    role: OfficeRole;
    maxHours: number;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO office_sessions (session_hash, jurisdiction_id, key_id, staff_id, role, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))`,
    [s.sessionHash, s.jurisdictionId, s.keyId, s.staffId ?? null, s.role, s.maxHours],
  );
}

/**
 * The live session of this hash (not ended, not expired, not idle longer than `idleMinutes`, its
 * key not revoked or expired, its staff member not disabled), marked as seen now; undefined otherwise.
 */
export async function touchOfficeSession(
  tx: SqlExecutor,
  jurisdictionId: string,
  sessionHash: Buffer,
  idleMinutes: number,
): Promise<
  | {
      keyId: string | null;
      staffId: string | null;
      displayName: string | null;
      role: OfficeRole;
      jurisdictionName: string;
    }
  | undefined
> {
  const [r] = await updateReturning<{
    key_id: string | null;
    staff_id: string | null;
    display_name: string | null;
    role: OfficeRole;
    name: string;
  }>(
    tx,
    `UPDATE office_sessions s SET last_seen_at = now()
     FROM jurisdictions j
     WHERE s.session_hash = $1 AND s.jurisdiction_id = $2 AND s.ended_at IS NULL
       AND s.expires_at > now() AND s.last_seen_at > now() - make_interval(mins => $3)
       AND (s.key_id IS NULL OR EXISTS (SELECT 1 FROM api_keys k WHERE k.key_id = s.key_id
             AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())))
       AND (s.staff_id IS NULL OR EXISTS (SELECT 1 FROM staff_accounts a WHERE a.jurisdiction_id = s.jurisdiction_id
             AND a.staff_id = s.staff_id AND a.disabled_at IS NULL))
       AND j.jurisdiction_id = s.jurisdiction_id`,
    `s.key_id, s.staff_id, j.name, s.role,
     (SELECT a.display_name FROM staff_accounts a WHERE a.jurisdiction_id = s.jurisdiction_id AND a.staff_id = s.staff_id) AS display_name`,
    [sessionHash, jurisdictionId, idleMinutes],
  );
  return (
    r && {
      keyId: r.key_id,
      staffId: r.staff_id,
      displayName: r.display_name,
      role: r.role,
      jurisdictionName: r.name,
    }
  );
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
