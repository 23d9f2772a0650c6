import { homedir } from 'node:os';
import { join } from 'node:path';

/** Root of the infra cache: `$UOCAVA_CACHE`, else `~/.cache/uocava`. */
export function cacheRoot(): string {
  const fromEnv = process.env.UOCAVA_CACHE;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(homedir(), '.cache', 'uocava');
}

export type Log = (line: string) => void;

export const defaultLog: Log = (line) => process.stderr.write(`[infra] ${line}\n`);
