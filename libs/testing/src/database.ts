/**
 * Below-the-API access for tests. The apps (and `DATABASE_URL`) connect as the app login role,
 * under row-level security; tests that seed or inspect rows directly use the owner of the tables
 * (`DATABASE_OWNER_URL`, set by test/global-setup.ts), which in tests is the `postgres` superuser
 * and so sees every jurisdiction.
 */
import { Client, Pool } from 'pg';

export function ownerDatabaseUrl(): string {
  const url = process.env.DATABASE_OWNER_URL;
  if (!url) throw new Error('DATABASE_OWNER_URL is not set (test/global-setup.ts sets it)');
  return url;
}

export function appDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (test/global-setup.ts sets it)');
  return url;
}

/** A connected client as the owner of the tables. */
export async function ownerClient(): Promise<Client> {
  const client = new Client({ connectionString: ownerDatabaseUrl() });
  await client.connect();
  return client;
}

/** A pool as the owner of the tables. */
export function ownerPool(max = 2): Pool {
  return new Pool({ connectionString: ownerDatabaseUrl(), max });
}
