/**
 * The only door to SQL for the table-owner modules of this folder; not exported from the
 * library, so no caller outside libs/database can pass SQL text through it.
 */
import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../data-source';

/** Rows of a SELECT (or of a data-modifying CTE that ends in a SELECT), typed by the caller. */
export async function select<T>(db: SqlExecutor, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query(sql, params)) as unknown as T[];
}

/** The first row, or undefined. */
export async function selectOne<T>(
  db: SqlExecutor,
  sql: string,
  params: unknown[] = [],
): Promise<T | undefined> {
  return (await select<T>(db, sql, params))[0];
}

/** A statement whose result is not needed (INSERT, UPDATE without RETURNING). */
export async function execute(db: SqlExecutor, sql: string, params: unknown[] = []): Promise<void> {
  await db.query(sql, params);
}

/**
 * The rows an UPDATE ... RETURNING changed. The driver answers a bare UPDATE with
 * `[rows, count]`, so the statement is wrapped in a CTE whose SELECT gives the rows.
 */
export async function updateReturning<T>(
  db: SqlExecutor,
  update: string,
  columns: string,
  params: unknown[] = [],
): Promise<T[]> {
  return select<T>(db, `WITH changed AS (${update} RETURNING ${columns}) SELECT * FROM changed`, params);
}

/** `Date` or text from the driver to an ISO 8601 instant. */
export const iso = (v: Date | string): string =>
  v instanceof Date ? v.toISOString() : new Date(v).toISOString();

/**
 * For queue look-ups by event id or meaning (mail_queue, sms_queue): whether each of `events` has a
 * row among `rows`, by its event id or its effect key.
 */
export function queuedAmong(
  rows: ReadonlyArray<{ event_id: string; effect_key: string | null }>,
  events: ReadonlyArray<{ eventId: string; effectKey?: string | null }>,
): boolean[] {
  const ids = new Set(rows.map((r) => r.event_id.toLowerCase()));
  const effects = new Set(rows.flatMap((r) => (r.effect_key === null ? [] : [r.effect_key])));
  return events.map((e) => ids.has(e.eventId.toLowerCase()) || (!!e.effectKey && effects.has(e.effectKey)));
}

/**
 * Rows read by uuid (`ANY($n::uuid[])`), keyed by the ids as the caller gave them: `found` is keyed
 * by the stored ids, which Postgres writes in lower case whatever case the caller used.
 */
export function byGivenIds<T>(
  ids: readonly string[],
  found: ReadonlyArray<readonly [string, T]>,
): Map<string, T> {
  const stored = new Map(found.map(([id, row]) => [id.toLowerCase(), row]));
  const out = new Map<string, T>();
  for (const id of ids) {
    const row = stored.get(id.toLowerCase());
    if (row !== undefined) out.set(id, row);
  }
  return out;
}

/**
 * A 64-bit advisory lock key (signed bigint text) for `scope`, a name with its owner's prefix
 * (`uocava-receipts:<jurisdiction>`): owners that prefix their scopes never share a key.
 */
export function advisoryLockKey(scope: string): string {
  return createHash('sha256').update(scope).digest().readBigInt64BE(0).toString();
}
