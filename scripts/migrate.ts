/**
 * `npm run migrate` (and the `migrate` service / Job of docker-compose.yml and deploy/k8s): runs
 * the migrations as the owner of the tables, DATABASE_OWNER_URL (DATABASE_URL when there is no
 * separate owner). With UOCAVA_CREATE_APP_LOGIN=1 it also creates (or updates) the login role of
 * DATABASE_URL — the apps' role — as a member of `uocava_app` with no other privilege; the owner
 * then needs CREATEROLE. Without it, the roles are the database administrator's to create
 * (docs/operations.md).
 */
import { ownerDatabaseConfigFromEnv, runMigrations } from '@uocava/database';
import { ensureAppLoginRole, redactUrl } from '@uocava/infra';
import { loadDevEnv } from '../apps/cli/src/commands/env';

async function main(): Promise<void> {
  loadDevEnv();
  const owner = ownerDatabaseConfigFromEnv();
  if (process.env.UOCAVA_CREATE_APP_LOGIN === '1') {
    const app = process.env.DATABASE_URL;
    if (!app || app === owner.url)
      throw new Error(
        'UOCAVA_CREATE_APP_LOGIN=1 needs DATABASE_URL (the app role) apart from DATABASE_OWNER_URL',
      );
    const url = new URL(app);
    const role = decodeURIComponent(url.username);
    await ensureAppLoginRole(owner.url, role, decodeURIComponent(url.password));
    console.log(`login role ${role} ready for ${redactUrl(app)} (member of uocava_app, owns nothing)`);
  }
  const ran = await runMigrations(owner);
  console.log(ran.length ? `ran ${ran.join(', ')}` : 'database is up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
