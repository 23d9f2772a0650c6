import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of the infra cache: `$UOCAVA_CACHE`, else `~/.cache/uocava`. */
export function cacheRoot(): string {
  const fromEnv = process.env.UOCAVA_CACHE;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.cache', 'uocava');
}

export type Log = (line: string) => void;

export const defaultLog: Log = (line) => process.stderr.write(`[infra] ${line}\n`);

/**
 * The dev stack this process belongs to: `UOCAVA_STACK_ID` (npm start sets it from the checkout's
 * path). Each stack has its own database, login role and password, Kafka broker and embedded
 * Postgres data, so a second stack on the same machine cannot disturb the first.
 */
export function devStackId(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const id = env.UOCAVA_STACK_ID;
  if (id === undefined || id === '') return undefined;
  if (!/^[a-z0-9]{1,16}$/.test(id))
    throw new Error('UOCAVA_STACK_ID must be 1-16 lower-case letters or digits');
  return id;
}
