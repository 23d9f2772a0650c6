/**
 * Owner of `audit_log`: append-only (triggers refuse UPDATE, DELETE and TRUNCATE), one entry per
 * office action with who did it; `details` holds codes and ids, never personal data.
 */
import type { OfficeRole } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, select } from './sql';

/** One entry of the office audit trail. */
export interface AuditEntry {
  jurisdictionId: string;
  /** The office key that acted (null for the system). */
  keyId: string | null;
  /** The named staff member who acted (signed in with their own account), if any. */
  staffId?: string | null;
  role: OfficeRole | null;
  /** What was done, e.g. `request.approve`. */
  action: string;
  /** What it was done to, e.g. `ballot-request:<uuid>`. */
  target?: string;
  /** e.g. `verified`, `rejected`, `refused`. */
  outcome: string;
  /** Codes and ids only: never personal data. */
  details?: Record<string, unknown>;
}

/** Appends an entry in the caller's transaction, so it commits (or not) with the action. */
export async function recordAudit(tx: SqlExecutor, entry: AuditEntry): Promise<void> {
  await execute(
    tx,
    `INSERT INTO audit_log (jurisdiction_id, key_id, role, action, target, outcome, details, staff_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      entry.jurisdictionId,
      entry.keyId,
      entry.role,
      entry.action,
      entry.target ?? null,
      entry.outcome,
      JSON.stringify(entry.details ?? {}),
      entry.staffId ?? null,
    ],
  );
}

/**
 * A refused call that had no valid office key, so no jurisdiction: stored with `jurisdiction_id`
 * NULL (the audit_log policy admits exactly this shape without a tenant; only the owner reads it).
 */
export async function recordAnonymousDenial(
  db: SqlExecutor,
  entry: { action: string; target: string | null; details: Record<string, unknown> },
): Promise<void> {
  await execute(
    db,
    `INSERT INTO audit_log (jurisdiction_id, key_id, role, action, target, outcome, details)
     VALUES (NULL, NULL, NULL, $1, $2, 'denied', $3)`,
    [entry.action, entry.target, JSON.stringify(entry.details)],
  );
}

export interface StoredAuditEntry {
  auditId: string;
  at: Date;
  keyId: string | null;
  staffId: string | null;
  role: OfficeRole | null;
  action: string;
  target: string | null;
  outcome: string;
  details: Record<string, unknown>;
}

/** The jurisdiction's entries in order, filtered by time range and action, at most `limit`. */
export async function auditEntries(
  tx: SqlExecutor,
  jurisdictionId: string,
  filter: { from?: string; to?: string; action?: string },
  limit = 10_000,
): Promise<StoredAuditEntry[]> {
  return select<StoredAuditEntry>(
    tx,
    `SELECT audit_id::text AS "auditId", at, key_id AS "keyId", staff_id AS "staffId", role, action, target, outcome, details
     FROM audit_log
     WHERE jurisdiction_id = $1 AND ($2::timestamptz IS NULL OR at >= $2) AND ($3::timestamptz IS NULL OR at <= $3)
       AND ($4::text IS NULL OR action = $4)
     ORDER BY audit_id LIMIT $5`,
    [jurisdictionId, filter.from ?? null, filter.to ?? null, filter.action ?? null, limit],
  );
}
