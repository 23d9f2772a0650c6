/**
 * Owner of `state_rule_overrides` (migration 1700000009930): an office's overrides of its own
 * state's rules, one row per version (docs/state-rules.md). The JSON is checked by the caller
 * against the schema of libs/domain (`parseStateRuleOverrides`) before it is written, and again
 * when read.
 */
import { effectiveStateRules, parseStateRuleOverrides, stateRulesOf, type StateRules } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { select, selectOne } from './sql';

export interface StateRuleOverridesRecord {
  version: number;
  overrides: Record<string, unknown>;
  createdAt: Date;
  createdBy: string;
}

interface Row {
  version: number;
  overrides: Record<string, unknown>;
  created_at: Date;
  created_by: string;
}

const record = (r: Row): StateRuleOverridesRecord => ({
  version: r.version,
  overrides: r.overrides,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

/** The office's current overrides (its highest version), or undefined when it never set any. */
export async function currentStateRuleOverrides(
  db: SqlExecutor,
  jurisdictionId: string,
): Promise<StateRuleOverridesRecord | undefined> {
  const r = await selectOne<Row>(
    db,
    `SELECT version, overrides, created_at, created_by FROM state_rule_overrides
     WHERE jurisdiction_id = $1 ORDER BY version DESC LIMIT 1`,
    [jurisdictionId],
  );
  return r && record(r);
}

/**
 * Stores the office's overrides as its next version and returns it. Two admins saving at once:
 * the second insert of the same version fails on the primary key (23505), and the caller answers
 * 409.
 */
export async function insertStateRuleOverrides(
  tx: SqlExecutor,
  o: { jurisdictionId: string; overrides: object; createdBy: string },
): Promise<StateRuleOverridesRecord> {
  const rows = await select<Row>(
    tx,
    `INSERT INTO state_rule_overrides (jurisdiction_id, version, overrides, created_by)
     SELECT $1, COALESCE(max(version), 0) + 1, $2::jsonb, $3 FROM state_rule_overrides WHERE jurisdiction_id = $1
     RETURNING version, overrides, created_at, created_by`,
    [o.jurisdictionId, JSON.stringify(o.overrides), o.createdBy],
  );
  return record(rows[0]);
}

/**
 * The rules in force for an office: its state's table (docs/state-rules.md) with its current
 * overrides laid over it; undefined when its state has no table (the platform's former behaviour
 * then holds). Stored overrides that no longer pass the schema are ignored, never half-applied.
 */
export async function stateRulesOfJurisdiction(
  db: SqlExecutor,
  jurisdictionId: string,
): Promise<StateRules | undefined> {
  // the state and its current overrides in one round trip (every request and decision reads them)
  const j = await selectOne<{ state: string; overrides: Record<string, unknown> | null }>(
    db,
    `SELECT j.state, o.overrides FROM jurisdictions j
       LEFT JOIN LATERAL (SELECT overrides FROM state_rule_overrides
                           WHERE jurisdiction_id = j.jurisdiction_id ORDER BY version DESC LIMIT 1) o ON true
      WHERE j.jurisdiction_id = $1`,
    [jurisdictionId],
  );
  if (j === undefined || stateRulesOf(j.state) === undefined) return undefined;
  const parsed = j.overrides === null ? undefined : parseStateRuleOverrides(j.overrides);
  return effectiveStateRules(j.state, parsed?.ok ? parsed.overrides : undefined);
}
