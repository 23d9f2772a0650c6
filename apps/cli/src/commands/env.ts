import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where `npm start` records how to reach the stack it runs (database, broker, master key): in the
 * stack's cache folder, `UOCAVA_DEV_CACHE`, else `.cache` of the checkout.
 */
export const DEV_ENV_FILE = join(process.env.UOCAVA_DEV_CACHE || join(process.cwd(), '.cache'), 'dev.env');

/** Fills DATABASE_URL etc. from the running dev stack when they are not set. */
export function loadDevEnv(): void {
  if (!existsSync(DEV_ENV_FILE)) return;
  for (const line of readFileSync(DEV_ENV_FILE, 'utf8').split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}
