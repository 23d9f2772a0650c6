/**
 * Owner of `jurisdictions` (the public directory of election offices: readable without a tenant
 * scope, written only inside the jurisdiction's own scope): what the apps read of it, and the
 * operator's create-or-update (`offices.ts`).
 */
import type { SqlExecutor } from '../data-source';
import { execute, select } from './sql';

export interface JurisdictionRecord {
  jurisdictionId: string;
  name: string;
  /** two-letter USPS code */
  state: string;
  county: string | null;
  /** office settings (docs/office-api.md): a JSON object */
  settings: Record<string, unknown>;
}

interface Row {
  jurisdiction_id: string;
  name: string;
  state: string;
  county: string | null;
  settings: Record<string, unknown> | null;
}

/** Whether an office of this id exists (a directory read: no tenant scope needed). */
export async function jurisdictionExists(db: SqlExecutor, jurisdictionId: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM jurisdictions WHERE jurisdiction_id = $1`, [jurisdictionId]);
  return rows.length > 0;
}

/** One office's directory entry and settings, or undefined. */
export async function findJurisdiction(
  db: SqlExecutor,
  jurisdictionId: string,
): Promise<JurisdictionRecord | undefined> {
  const rows = (await db.query(
    `SELECT jurisdiction_id, name, state, county, settings FROM jurisdictions WHERE jurisdiction_id = $1`,
    [jurisdictionId],
  )) as unknown as Row[];
  const r = rows[0];
  return r === undefined
    ? undefined
    : {
        jurisdictionId: r.jurisdiction_id,
        name: r.name,
        state: r.state,
        county: r.county,
        settings: r.settings ?? {},
      };
}

/** The office settings (`{}` when there are none or no such office). */
export async function jurisdictionSettings<T extends object>(
  db: SqlExecutor,
  jurisdictionId: string,
): Promise<Partial<T>> {
  return ((await findJurisdiction(db, jurisdictionId))?.settings ?? {}) as Partial<T>;
}

/** Every office of the directory, by state then name (the voter's choice on the request form). */
export async function listJurisdictions(
  db: SqlExecutor,
): Promise<Array<{ jurisdictionId: string; name: string; state: string }>> {
  return select(
    db,
    `SELECT jurisdiction_id AS "jurisdictionId", name, state FROM jurisdictions ORDER BY state, name`,
  );
}

/** The ids of every office, in id order (system loops that visit each jurisdiction). */
export async function jurisdictionIds(db: SqlExecutor): Promise<string[]> {
  const rows = await select<{ jurisdiction_id: string }>(
    db,
    `SELECT jurisdiction_id FROM jurisdictions ORDER BY jurisdiction_id`,
  );
  return rows.map((r) => r.jurisdiction_id);
}

/** What an operator sets of an office's directory entry. */
export interface JurisdictionEntry {
  jurisdictionId: string;
  name: string;
  state: string;
  county: string | null;
  /** merged into the existing settings (top-level keys replace theirs) */
  settings: Record<string, unknown>;
}

/** Creates the office, or updates its name, state and county and merges its settings. */
export async function upsertJurisdiction(tx: SqlExecutor, entry: JurisdictionEntry): Promise<void> {
  await execute(
    tx,
    `INSERT INTO jurisdictions (jurisdiction_id, name, state, county, settings) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (jurisdiction_id) DO UPDATE SET name = EXCLUDED.name, state = EXCLUDED.state,
         county = EXCLUDED.county, settings = jurisdictions.settings || EXCLUDED.settings`,
    [entry.jurisdictionId, entry.name, entry.state, entry.county, entry.settings],
  );
}

/** The ids of the offices whose settings have this top-level key (e.g. `witnessPolicy`). */
export async function jurisdictionsWithSetting(db: SqlExecutor, key: string): Promise<string[]> {
  const rows = await select<{ jurisdiction_id: string }>(
    db,
    `SELECT jurisdiction_id FROM jurisdictions WHERE settings ? $1 ORDER BY jurisdiction_id`,
    [key],
  );
  return rows.map((r) => r.jurisdiction_id);
}
