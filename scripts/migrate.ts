import { databaseConfigFromEnv, runMigrations } from '@uocava/database';
import { loadDevEnv } from '../apps/cli/src/commands/env';

loadDevEnv();
runMigrations(databaseConfigFromEnv())
  .then((ran) => console.log(ran.length ? `ran ${ran.join(', ')}` : 'database is up to date'))
  .catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
