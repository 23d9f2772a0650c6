/**
 * Where private keys come from. A `KeyProvider` hands out KeyObjects (whose material is never
 * printed by util.inspect or JSON.stringify); the key material itself lives in files (mode 0600,
 * outside the repository) or in environment variables filled from a secret store. A KMS/HSM
 * adapter implements the same interface later.
 *
 * Key ids: `log-<jurisdiction>-<epoch>` (Ed25519 checkpoint key), `cert-<jurisdiction>` (RSA key of
 * the jurisdiction certificate), `root-ca` (only where the root CA is operated).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { Ed25519NoteSigner, logOrigin } from './note';

export interface KeyProvider {
  getPrivateKey(keyId: string): Promise<KeyObject>;
}

const KEY_ID = /^[a-z0-9][a-z0-9._-]{0,127}$/;

function assertKeyId(keyId: string): void {
  if (!KEY_ID.test(keyId) || keyId.includes('..')) throw new TypeError('bad key id');
}

function parsePrivateKey(text: string, keyId: string): KeyObject {
  const pem = text.includes('-----BEGIN') ? text : Buffer.from(text.trim(), 'base64').toString('utf8');
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    throw new Error(`key ${keyId} is not a PEM private key`); // never echo the material
  }
}

/** Reads `<dir>/<keyId>.pem` (PKCS#8 or PKCS#1 PEM). */
export class FileKeyProvider implements KeyProvider {
  constructor(private readonly dir: string) {}

  async getPrivateKey(keyId: string): Promise<KeyObject> {
    assertKeyId(keyId);
    let text: string;
    try {
      text = await readFile(join(this.dir, `${keyId}.pem`), 'utf8');
    } catch {
      throw new Error(`key ${keyId} not found`);
    }
    return parsePrivateKey(text, keyId);
  }
}

/** Reads `UOCAVA_KEY_<KEY_ID>` (upper case, non-alphanumerics as `_`): PEM or base64 of PEM. */
export class EnvKeyProvider implements KeyProvider {
  constructor(
    private readonly env: Record<string, string | undefined> = process.env,
    private readonly prefix = 'UOCAVA_KEY_',
  ) {}

  static variableName(keyId: string, prefix = 'UOCAVA_KEY_'): string {
    return prefix + keyId.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  }

  async getPrivateKey(keyId: string): Promise<KeyObject> {
    assertKeyId(keyId);
    const text = this.env[EnvKeyProvider.variableName(keyId, this.prefix)];
    if (text === undefined || text.length === 0) throw new Error(`key ${keyId} not set`);
    return parsePrivateKey(text, keyId);
  }
}

/** Tries providers in order (e.g. env first, then files). */
export class ChainKeyProvider implements KeyProvider {
  constructor(private readonly providers: readonly KeyProvider[]) {}
  async getPrivateKey(keyId: string): Promise<KeyObject> {
    let last: unknown = new Error(`key ${keyId} not found`);
    for (const p of this.providers) {
      try {
        return await p.getPrivateKey(keyId);
      } catch (e) {
        last = e;
      }
    }
    throw last;
  }
}

export function logKeyId(jurisdiction: string, epoch: number): string {
  return `log-${jurisdiction}-${epoch}`;
}

/** The checkpoint signer of one jurisdiction's key epoch. */
export async function loadLogSigner(
  provider: KeyProvider,
  args: { domain: string; jurisdiction: string; epoch: number },
): Promise<Ed25519NoteSigner> {
  const origin = logOrigin(args.domain, args.jurisdiction, args.epoch);
  return new Ed25519NoteSigner(origin, await provider.getPrivateKey(logKeyId(args.jurisdiction, args.epoch)));
}
