import type { EntityManager } from 'typeorm';
import type { OfficeRole } from '@uocava/domain';

/** One entry of the office audit trail (table audit_log, migration 1700000004000). */
export interface AuditEntry {
  jurisdictionId: string;
  /** The office key that acted (null for the system). */
  keyId: string | null;
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

/** Appends an entry in the caller's transaction, so it commits (or not) with the decision. */
export async function recordAudit(tx: EntityManager, entry: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (jurisdiction_id, key_id, role, action, target, outcome, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.jurisdictionId,
      entry.keyId,
      entry.role,
      entry.action,
      entry.target ?? null,
      entry.outcome,
      JSON.stringify(entry.details ?? {}),
    ],
  );
}
