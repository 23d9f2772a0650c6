import { ownerDatabaseConfigFromEnv, runMigrations } from '@uocava/database';
import { loadDevEnv } from '../apps/cli/src/commands/env';

loadDevEnv();
// as the owner of the tables: DATABASE_OWNER_URL (DATABASE_URL when there is no separate owner)
runMigrations(ownerDatabaseConfigFromEnv())
  .then((ran) => console.log(ran.length ? `ran ${ran.join(', ')}` : 'database is up to date'))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
