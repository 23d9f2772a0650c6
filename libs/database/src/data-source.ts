import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import { MIGRATIONS } from './migrations';
import { QueryErrorLogger } from './query-logger';

export interface DatabaseConfig {
  url: string;
  /** pool size per process */
  poolSize?: number;
  applicationName?: string;
}

/**
 * What the apps use: `DATABASE_URL`, the login role that is a member of `uocava_app` and owns
 * nothing, so that row-level security applies to every query.
 */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start and npm test set it for you)');
  return { url, poolSize: env.DB_POOL_SIZE ? Number(env.DB_POOL_SIZE) : undefined };
}

/**
 * What migrations use: `DATABASE_OWNER_URL`, the role that owns the tables. Without it,
 * `DATABASE_URL` (an installation from before the split, where one role did everything).
 */
export function ownerDatabaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_OWNER_URL || env.DATABASE_URL;
  if (!url)
    throw new Error(
      'DATABASE_OWNER_URL (or DATABASE_URL) is not set (npm start and npm test set it for you)',
    );
  return { url, poolSize: 1 };
}

/** The one TypeORM configuration, shared by the Nest modules and the migrations command. */
export function dataSourceOptions(config: DatabaseConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.url,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    entities: [],
    // failed queries as JSON lines, without their parameters (the data): see query-logger.ts
    logger: new QueryErrorLogger(),
    applicationName: config.applicationName ?? 'uocava',
    extra: { max: config.poolSize ?? 10 },
  };
}

export async function openDataSource(config: DatabaseConfig): Promise<DataSource> {
  return new DataSource(dataSourceOptions(config)).initialize();
}

/** Runs pending migrations (as the owner: see ownerDatabaseConfigFromEnv); returns the names of those it ran. */
export async function runMigrations(config: DatabaseConfig): Promise<string[]> {
  const ds = await openDataSource(config);
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** Minimal SQL executor: TypeORM's EntityManager and QueryRunner both fit. */
export interface SqlExecutor {
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
}

/**
 * Something that must commit with the work of a call (e.g. its audit entry): written into the
 * first tenant transaction of that jurisdiction which commits while the hook is active.
 */
export interface CommitHook {
  jurisdictionId: string;
  /** runs inside the transaction, after the work and before COMMIT */
  beforeCommit(tx: EntityManager): Promise<void>;
  /** set once a transaction carrying the hook's write has committed */
  committed: boolean;
}

const commitHooks = new AsyncLocalStorage<CommitHook>();

/**
 * Runs `fn` (and everything it starts) with `hook` active: every `withTenant` transaction that
 * commits before the hook has, writes the hook's rows first, so the work of `fn` cannot commit
 * without them. If two such transactions run at once, both carry the rows (never neither).
 */
export function withCommitHook<T>(hook: CommitHook, fn: () => T): T {
  return commitHooks.run(hook, fn);
}

/** Whether the caller's work carries a commit hook (its transactions must be its own, not shared). */
export function underCommitHook(): boolean {
  return commitHooks.getStore() !== undefined;
}

/** Runs `fn` outside any commit hook (for transactions that are not the caller's work, e.g. key set-up). */
export function outsideCommitHook<T>(fn: () => T): T {
  return commitHooks.exit(fn);
}

/**
 * Scopes the rest of the transaction to a jurisdiction (`set_config(..., true)`, what row-level
 * security policies read). For code that switches the scope inside one transaction (the batched
 * consumer run); everything else uses `withTenant`.
 */
export async function scopeToTenant(tx: SqlExecutor, jurisdictionId: string): Promise<void> {
  await tx.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [jurisdictionId]);
}

async function scoped<T>(
  manager: EntityManager,
  jurisdictionId: string,
  hook: CommitHook | undefined,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  await scopeToTenant(manager, jurisdictionId);
  const result = await fn(manager);
  if (hook !== undefined && !hook.committed) {
    // A different jurisdiction here is refused by the audit_log policy: the call fails closed.
    await hook.beforeCommit(manager);
  }
  return result;
}

/**
 * Runs `fn` in one transaction scoped to a jurisdiction: `app.jurisdiction_id` is set with
 * `set_config(..., true)` on the transaction's own connection, which row-level security policies
 * read. Every access to election data goes through here.
 */
export async function withTenant<T>(
  ds: DataSource,
  jurisdictionId: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const hook = commitHooks.getStore();
  const result = await ds.transaction((manager) => scoped(manager, jurisdictionId, hook, fn));
  if (hook !== undefined) hook.committed = true;
  return result;
}

/** Public handles that lead to one jurisdiction's data (table tenant_directory). */
export type TenantHandleKind = 'api-key' | 'tracking-code' | 'ballot';

/**
 * The directory handle of a public value: SHA-256 of the office key, of the (normalised, upper
 * case) tracking code, or of the (lower-case) ballot id, as the tenant_directory triggers store it.
 */
export function tenantHandle(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

const FIND_TENANT = `SELECT jurisdiction_id FROM tenant_directory WHERE kind = $1 AND handle = $2`;

/** The jurisdiction a public handle belongs to, or undefined. */
export async function findTenant(
  db: SqlExecutor,
  kind: TenantHandleKind,
  handle: Buffer,
): Promise<string | undefined> {
  const rows = await db.query(FIND_TENANT, [kind, handle]);
  return rows.length === 0 ? undefined : String(rows[0].jurisdiction_id);
}

/**
 * For entry points that start from a public handle (office key, tracking code, ballot id): finds
 * its jurisdiction and runs `fn` scoped to it, in one transaction. Undefined when the handle is
 * unknown (`fn` does not run).
 */
export async function withTenantOf<T>(
  ds: DataSource,
  kind: TenantHandleKind,
  handle: Buffer,
  fn: (manager: EntityManager, jurisdictionId: string) => Promise<T>,
): Promise<T | undefined> {
  const hook = commitHooks.getStore();
  let scopedRun = false;
  const result = await ds.transaction(async (manager) => {
    const jurisdictionId = await findTenant(manager, kind, handle);
    if (jurisdictionId === undefined) return undefined;
    scopedRun = true;
    return scoped(manager, jurisdictionId, hook, (tx) => fn(tx, jurisdictionId));
  });
  if (hook !== undefined && scopedRun) hook.committed = true;
  return result;
}

/**
 * For system loops that span jurisdictions: the jurisdictions for which `probe` answers true when run
 * in that jurisdiction's scope (a table-owner function, e.g. `hasCuresDue`). One transaction, the
 * scope switched per jurisdiction with `set_config(..., true)`, so every read is under row-level
 * security.
 */
export async function tenantsWhere(
  ds: DataSource,
  probe: (tx: EntityManager) => Promise<boolean>,
): Promise<string[]> {
  return ds.transaction(async (manager) => {
    const all: Array<{ jurisdiction_id: string }> = await manager.query(
      `SELECT jurisdiction_id FROM jurisdictions ORDER BY jurisdiction_id`,
    );
    const found: string[] = [];
    for (const { jurisdiction_id } of all) {
      await scopeToTenant(manager, jurisdiction_id);
      if (await probe(manager)) found.push(jurisdiction_id);
    }
    return found;
  });
}

/**
 * Refuses a connection whose role would defeat row-level security: a superuser, a BYPASSRLS role,
 * or the owner of any table of the schema (which could ALTER a table to turn it off). The apps
 * call it at start-up; `UOCAVA_ALLOW_PRIVILEGED_DB_ROLE=1` turns the refusal into a warning.
 */
export async function assertUnprivilegedRole(
  db: SqlExecutor,
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = (line) => console.warn(line),
): Promise<void> {
  const [r] = await db.query(
    `SELECT current_user AS role, r.rolsuper AS superuser, r.rolbypassrls AS bypass,
            EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid
                      AND c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')) AS owner
       FROM pg_roles r WHERE r.rolname = current_user`,
  );
  const problems: string[] = [];
  if (r.superuser === true) problems.push('is a superuser');
  if (r.bypass === true) problems.push('has BYPASSRLS');
  if (r.owner === true) problems.push('owns tables');
  if (problems.length === 0) return;
  const message =
    `database role ${String(r.role)} ${problems.join(', ')}: row-level security would not isolate ` +
    'jurisdictions. Point DATABASE_URL at the app login role (a member of uocava_app) and ' +
    'DATABASE_OWNER_URL at the owner (docs/operations.md).';
  if (env.UOCAVA_ALLOW_PRIVILEGED_DB_ROLE === '1') warn(`[database] WARNING ${message}`);
  else throw new Error(message);
}

/** Whether the database answers (the apps' health check). */
export async function pingDatabase(db: SqlExecutor): Promise<void> {
  await db.query('SELECT 1');
}
