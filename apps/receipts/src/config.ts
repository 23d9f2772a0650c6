/**
 * Receipts settings from the environment (read when the app starts, so tests can set them per
 * stack). No secret is read here: private keys come from a KeyProvider (see log-keys.ts).
 */
import { integerSetting } from '@uocava/domain';
export interface ReceiptsConfig {
  /** sign at most this long after new entries appear (RECEIPTS_CHECKPOINT_EVERY_MS, default 500) */
  everyMs: number;
  /** sign as soon as this many entries wait (RECEIPTS_CHECKPOINT_EVERY_ENTRIES, default 256) */
  everyEntries: number;
  /** directory of `log-<jurisdiction>-<epoch>.pem` files (KEYS_DIR, default .cache/keys) */
  keysDir: string;
  /** dev/test only: create a missing log key in keysDir (RECEIPTS_GENERATE_KEYS=1) */
  generateKeys: boolean;
  /** host name in log origins `<domain>/<jurisdiction>/<epoch>` (LOG_ORIGIN_DOMAIN) */
  originDomain: string;
  /** how long one witness may take to answer add-checkpoint (RECEIPTS_WITNESS_TIMEOUT_MS, default 3000) */
  witnessTimeoutMs: number;
}

export function receiptsConfig(env: Record<string, string | undefined> = process.env): ReceiptsConfig {
  const originDomain = env.LOG_ORIGIN_DOMAIN ?? 'log.uocava.example';
  if (!/^[a-z0-9.-]+$/.test(originDomain))
    throw new Error('LOG_ORIGIN_DOMAIN must be a lower-case host name');
  return {
    everyMs: integerSetting(env, 'RECEIPTS_CHECKPOINT_EVERY_MS', 500, 10),
    everyEntries: integerSetting(env, 'RECEIPTS_CHECKPOINT_EVERY_ENTRIES', 256, 1),
    keysDir: env.KEYS_DIR && env.KEYS_DIR.length > 0 ? env.KEYS_DIR : '.cache/keys',
    generateKeys: env.RECEIPTS_GENERATE_KEYS === '1',
    originDomain,
    witnessTimeoutMs: integerSetting(env, 'RECEIPTS_WITNESS_TIMEOUT_MS', 3000, 1),
  };
}
