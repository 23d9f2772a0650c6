import { DataSource, type DataSourceOptions, type EntityManager } from 'typeorm';
import { MIGRATIONS } from './migrations';

export interface DatabaseConfig {
  url: string;
  /** pool size per process */
  poolSize?: number;
  applicationName?: string;
}

export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start and npm test set it for you)');
  return { url, poolSize: env.DB_POOL_SIZE ? Number(env.DB_POOL_SIZE) : undefined };
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
    logging: ['error'],
    applicationName: config.applicationName ?? 'uocava',
    extra: { max: config.poolSize ?? 10 },
  };
}

export async function openDataSource(config: DatabaseConfig): Promise<DataSource> {
  return new DataSource(dataSourceOptions(config)).initialize();
}

/** Runs pending migrations; returns the names of those it ran. */
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
 * Runs `fn` in one transaction scoped to a jurisdiction: `app.jurisdiction_id` is set with
 * `set_config(..., true)` on the transaction's own connection, which row-level security policies
 * read. Every access to election data goes through here.
 */
export async function withTenant<T>(
  ds: DataSource,
  jurisdictionId: string,
  fn: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return ds.transaction(async (manager) => {
    await manager.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [jurisdictionId]);
    return fn(manager);
  });
}
