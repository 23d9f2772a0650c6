/** Puts the witness together from its configuration; throws (so the process does not start) on lost state. */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Ed25519Cosigner, generateWitnessKey, verifier } from '@uocava/transparency';
import { logKeyTexts, witnessConfig, type WitnessConfig } from './config';
import { FileWitnessStore } from './store';
import { keysByOrigin, Witness } from './witness';

function privateKey(config: WitnessConfig): KeyObject {
  let pem = config.keyPem;
  const generated = join(config.stateDir, 'witness-key.pem');
  if (pem === null && config.keyFile !== null) pem = readFileSync(config.keyFile, 'utf8');
  if (pem === null && config.generateKey) {
    if (!existsSync(generated)) {
      if (!config.init) throw new Error('WITNESS_GENERATE_KEY needs WITNESS_INIT=1 (a new witness)');
      writeFileSync(generated, generateWitnessKey(config.name).privateKeyPem, { mode: 0o600, flag: 'wx' });
      chmodSync(generated, 0o600);
    }
    pem = readFileSync(generated, 'utf8');
  }
  if (pem === null) throw new Error('no witness key: set WITNESS_KEY or WITNESS_KEY_FILE');
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error('the witness key is not a PEM private key');
  }
}

export function loadWitness(env: Record<string, string | undefined> = process.env): Witness {
  const config = witnessConfig(env);
  if (config.generateKey && config.init && !existsSync(config.stateDir)) {
    // the generated key lives in the state directory, which must exist before it
    mkdirSync(config.stateDir, { recursive: true, mode: 0o700 });
  }
  const cosigner = new Ed25519Cosigner(config.name, privateKey(config));
  const store = FileWitnessStore.open(config.stateDir, cosigner.verifierKey(), config.init);
  let cache: { mtimeMs: number; keys: Map<string, verifier.VerifierKey[]> } | null = null;
  const keys = (): Map<string, verifier.VerifierKey[]> => {
    const mtimeMs = config.logKeysFile === null ? 0 : statSync(config.logKeysFile).mtimeMs;
    if (cache === null || cache.mtimeMs !== mtimeMs)
      cache = { mtimeMs, keys: keysByOrigin(logKeyTexts(config)) };
    return cache.keys;
  };
  if (keys().size === 0)
    console.warn('[witness] no log keys configured (WITNESS_LOG_KEYS): every checkpoint gets 404');
  return new Witness(store, cosigner, keys);
}
