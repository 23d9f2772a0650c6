/**
 * Integration and end-to-end tests run against a real Postgres (a fresh database per run) and a
 * real Kafka broker (started here from the Apache jars unless KAFKA_BROKERS is set). The
 * connection details reach the test workers through the environment: DATABASE_URL is the apps'
 * login role (member of uocava_app, owns nothing: row-level security applies), DATABASE_OWNER_URL
 * the owner, for migrations and for tests that seed or inspect rows below the API.
 */
import { randomBytes } from 'node:crypto';
// jest loads its globalSetup without the moduleNameMapper of the @uocava/* aliases: relative paths
/* eslint-disable no-restricted-imports */
import { ensureKafka, ensurePostgres } from '../libs/infra/src';
import { runMigrations } from '../libs/database/src/data-source';
/* eslint-enable no-restricted-imports */

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`[test-setup] ${line}\n`);
  const [postgres, kafka] = await Promise.all([
    ensurePostgres({ purpose: 'test', log }),
    ensureKafka({ purpose: 'test', log }),
  ]);
  await runMigrations({ url: postgres.url });
  process.env.DATABASE_URL = postgres.appUrl;
  process.env.DATABASE_OWNER_URL = postgres.url;
  process.env.DATABASE_ADMIN_URL = postgres.adminUrl;
  process.env.KAFKA_BROKERS = kafka.brokers.join(',');
  process.env.MASTER_KEY = randomBytes(32).toString('base64');
  (globalThis as { __UOCAVA_INFRA__?: unknown }).__UOCAVA_INFRA__ = { postgres, kafka };
  log(
    `postgres database ${postgres.databaseName} (apps as ${postgres.appRole}), kafka ${kafka.brokers.join(',')}`,
  );
}
