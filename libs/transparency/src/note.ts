/**
 * Writer side of C2SP checkpoints (https://c2sp.org/tlog-checkpoint) as signed notes
 * (https://c2sp.org/signed-note), Ed25519 via node:crypto.
 *
 * Body: `<origin>\n<tree size>\n<base64 root>\n`; then a blank line; then one line per signature
 * `— <key name> <base64(4-byte key id || 64-byte signature)>\n` (em dash U+2014).
 * Key id = SHA-256(key name || 0x0A || 0x01 || 32-byte public key)[0:4].
 * Verifier key text: `<name>+<8 hex key id>+<base64(0x01 || public key)>`.
 * The key name is the log origin `<domain>/<jurisdiction>/<epoch>`.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';

export interface NoteSigner {
  /** key name (= the log origin) */
  readonly name: string;
  readonly keyId: Buffer;
  /** raw 32-byte Ed25519 public key */
  readonly publicKey: Buffer;
  sign(message: Uint8Array): Buffer;
}

export function ed25519RawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 key');
  return Buffer.from(jwk.x, 'base64url');
}

export function noteKeyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.of(0x0a, 0x01))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export function assertKeyName(name: string): void {
  if (!/^[^\s+]+$/.test(name)) throw new TypeError('key name must be non-empty, without spaces or "+"');
}

export function verifierKeyText(name: string, publicKey: Uint8Array): string {
  assertKeyName(name);
  const id = noteKeyId(name, publicKey).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.of(0x01), publicKey]).toString('base64')}`;
}

/** Signs with an Ed25519 private KeyObject (never exported, never logged). */
export class Ed25519NoteSigner implements NoteSigner {
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  readonly #privateKey: KeyObject;

  constructor(
    readonly name: string,
    privateKey: KeyObject,
  ) {
    assertKeyName(name);
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
      throw new TypeError('checkpoint signing key must be an Ed25519 private key');
    }
    this.#privateKey = privateKey;
    this.publicKey = ed25519RawPublicKey(createPublicKey(privateKey));
    this.keyId = noteKeyId(name, this.publicKey);
  }

  sign(message: Uint8Array): Buffer {
    return sign(null, message, this.#privateKey);
  }

  verifierKey(): string {
    return verifierKeyText(this.name, this.publicKey);
  }

  toJSON(): Record<string, string> {
    return { name: this.name, verifierKey: this.verifierKey() };
  }
}

/** A fresh Ed25519 key wrapped by `make`, with its verifier key and its PKCS#8 PEM (for a file or secret store). */
export function freshEd25519Key<T extends { verifierKey(): string }>(
  make: (privateKey: KeyObject) => T,
): { made: T; verifierKey: string; privateKeyPem: string } {
  const { privateKey } = generateKeyPairSync('ed25519');
  const made = make(privateKey);
  return {
    made,
    verifierKey: made.verifierKey(),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

/** A fresh log key (tests, `keygen`). */
export function generateLogKey(name: string): {
  signer: Ed25519NoteSigner;
  verifierKey: string;
  privateKeyPem: string;
} {
  const { made: signer, ...rest } = freshEd25519Key((k) => new Ed25519NoteSigner(name, k));
  return { signer, ...rest };
}

export function privateKeyFromPem(pem: string): KeyObject {
  return createPrivateKey({ key: pem, format: 'pem' });
}

export function checkpointBody(origin: string, treeSize: number, rootHash: Uint8Array): string {
  assertKeyName(origin);
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) throw new RangeError('bad tree size');
  if (rootHash.length !== 32) throw new RangeError('root hash must be 32 bytes');
  return `${origin}\n${treeSize}\n${Buffer.from(rootHash).toString('base64')}\n`;
}

/** Body + blank line + one signature line per signer. */
export function signNote(body: string, signers: readonly NoteSigner[]): string {
  if (!body.endsWith('\n') || body.includes('\n\n')) throw new TypeError('malformed note body');
  if (signers.length === 0) throw new TypeError('a note needs a signature');
  const message = Buffer.from(body, 'utf8');
  const lines = signers.map((s) => {
    const sig = s.sign(message);
    return `\u2014 ${s.name} ${Buffer.concat([s.keyId, sig]).toString('base64')}\n`;
  });
  return `${body}\n${lines.join('')}`;
}

/** Log origin for a jurisdiction and key epoch: `<domain>/<jurisdiction>/<epoch>`. */
export function logOrigin(domain: string, jurisdiction: string, epoch: number): string {
  if (!/^[a-z0-9.-]+$/.test(domain)) throw new TypeError('origin domain must be a host name');
  if (!/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(jurisdiction))
    throw new TypeError('bad jurisdiction id');
  if (!Number.isSafeInteger(epoch) || epoch < 1) throw new RangeError('epoch must be a positive integer');
  return `${domain}/${jurisdiction}/${epoch}`;
}
