/**
 * Witness settings from the environment. A witness is run by someone other than the log operator
 * (another county, the state, a university, a civic group): it needs only its own key, its state
 * directory and the public keys of the logs it witnesses.
 *
 *   WITNESS_NAME        key name, a schema-less URL, e.g. `witness.example.org/w1` (required)
 *   WITNESS_KEY         its Ed25519 private key: PEM, or base64 of the PEM (or WITNESS_KEY_FILE)
 *   WITNESS_KEY_FILE    path of the PEM file
 *   WITNESS_STATE_DIR   durable state directory (required)
 *   WITNESS_INIT=1      create the state on the very first start; never needed again (a start
 *                       without state and without it fails: lost state is never silently reset)
 *   WITNESS_GENERATE_KEY=1  dev/test only: with WITNESS_INIT, create `<state dir>/witness-key.pem`
 *   WITNESS_LOG_KEYS    verifier keys of the logs to witness (`<origin>+<id>+<key>`), separated by
 *                       newlines or commas, or `@<file>` with one per line (re-read when it changes)
 *   PORT                (default 3005)
 */
import { readFileSync } from 'node:fs';

export interface WitnessConfig {
  name: string;
  keyPem: string | null;
  keyFile: string | null;
  stateDir: string;
  init: boolean;
  generateKey: boolean;
  /** inline key texts, or null when read from `logKeysFile` */
  logKeys: string[] | null;
  logKeysFile: string | null;
}

export function splitKeyList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}

export function witnessConfig(env: Record<string, string | undefined> = process.env): WitnessConfig {
  const name = env.WITNESS_NAME ?? '';
  if (!/^[^\s+]+$/.test(name)) throw new Error('WITNESS_NAME must be set (no spaces or "+")');
  const stateDir = env.WITNESS_STATE_DIR ?? '';
  if (stateDir.length === 0) throw new Error('WITNESS_STATE_DIR must be set');
  const rawKey = env.WITNESS_KEY ?? '';
  const keyPem =
    rawKey.length === 0
      ? null
      : rawKey.includes('-----BEGIN')
        ? rawKey
        : Buffer.from(rawKey.trim(), 'base64').toString('utf8');
  const logKeysRaw = env.WITNESS_LOG_KEYS ?? '';
  const logKeysFile = logKeysRaw.startsWith('@') ? logKeysRaw.slice(1) : null;
  return {
    name,
    keyPem,
    keyFile: env.WITNESS_KEY_FILE && env.WITNESS_KEY_FILE.length > 0 ? env.WITNESS_KEY_FILE : null,
    stateDir,
    init: env.WITNESS_INIT === '1',
    generateKey: env.WITNESS_GENERATE_KEY === '1',
    logKeys: logKeysFile === null ? splitKeyList(logKeysRaw) : null,
    logKeysFile,
  };
}

/** The configured log key texts (the file is read now). */
export function logKeyTexts(config: WitnessConfig): string[] {
  return config.logKeysFile === null
    ? (config.logKeys ?? [])
    : splitKeyList(readFileSync(config.logKeysFile, 'utf8'));
}
