/**
 * Writer side of C2SP tlog-cosignature/v1 (https://c2sp.org/tlog-cosignature), Ed25519: what a
 * witness adds to a checkpoint after it checked that the checkpoint is consistent with every one
 * it cosigned before.
 *
 * - Key id = SHA-256(name || 0x0A || 0x04 || 32-byte public key)[0:4] (0x04: the cosignature type,
 *   not the 0x01 of an ordinary note signature, so a log key can never pass for a witness key).
 * - Signed message = `cosignature/v1\ntime <POSIX seconds>\n` followed by the whole checkpoint
 *   body (origin, size, root, each line ending in `\n`).
 * - Signature line = `— <name> base64(key id || u64 big-endian timestamp || 64-byte signature)`.
 * - Verifier key text: `<name>+<8 hex key id>+<base64(0x04 || public key)>`.
 *
 * The verifier side is ./verify/cosignature.ts (its own code).
 */
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { assertKeyName, ed25519RawPublicKey, freshEd25519Key } from './note';

export const COSIGNATURE_HEADER = 'cosignature/v1';
export const COSIGNATURE_KEY_TYPE = 0x04;

export function cosignatureKeyId(name: string, publicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.of(0x0a, COSIGNATURE_KEY_TYPE))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export function witnessVerifierKeyText(name: string, publicKey: Uint8Array): string {
  assertKeyName(name);
  const id = cosignatureKeyId(name, publicKey).toString('hex');
  return `${name}+${id}+${Buffer.concat([Buffer.of(COSIGNATURE_KEY_TYPE), publicKey]).toString('base64')}`;
}

/** The message a cosignature signs: header line, time line, then the checkpoint body. */
export function cosignedMessage(checkpointBody: string, timestamp: number): Buffer {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new RangeError('bad cosignature time');
  if (!checkpointBody.endsWith('\n') || checkpointBody.includes('\n\n'))
    throw new TypeError('malformed checkpoint body');
  return Buffer.from(`${COSIGNATURE_HEADER}\ntime ${timestamp}\n${checkpointBody}`, 'utf8');
}

/** A witness's Ed25519 cosigning key (the private key never leaves the KeyObject). */
export class Ed25519Cosigner {
  readonly keyId: Buffer;
  readonly publicKey: Buffer;
  readonly #privateKey: KeyObject;

  constructor(
    readonly name: string,
    privateKey: KeyObject,
  ) {
    assertKeyName(name);
    if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519')
      throw new TypeError('a witness key must be an Ed25519 private key');
    this.#privateKey = privateKey;
    this.publicKey = ed25519RawPublicKey(createPublicKey(privateKey));
    this.keyId = cosignatureKeyId(name, this.publicKey);
  }

  /** The signature line (with its trailing newline) cosigning this checkpoint body at `timestamp`. */
  cosign(checkpointBody: string, timestamp: number): string {
    const signature = sign(null, cosignedMessage(checkpointBody, timestamp), this.#privateKey);
    const ts = Buffer.alloc(8);
    ts.writeBigUInt64BE(BigInt(timestamp));
    return `\u2014 ${this.name} ${Buffer.concat([this.keyId, ts, signature]).toString('base64')}\n`;
  }

  verifierKey(): string {
    return witnessVerifierKeyText(this.name, this.publicKey);
  }

  toJSON(): Record<string, string> {
    return { name: this.name, verifierKey: this.verifierKey() };
  }
}

/** A fresh witness key (tests, dev); the PEM is PKCS#8. */
export function generateWitnessKey(name: string): {
  cosigner: Ed25519Cosigner;
  verifierKey: string;
  privateKeyPem: string;
} {
  const { made: cosigner, ...rest } = freshEd25519Key((k) => new Ed25519Cosigner(name, k));
  return { cosigner, ...rest };
}

/** The body of a signed note (everything up to and including the last line before the blank line). */
export function noteBodyOf(note: string): string {
  const cut = note.indexOf('\n\n');
  if (cut < 0) throw new TypeError('not a signed note');
  return note.slice(0, cut + 1);
}

/**
 * The note with these signature lines added after its own (a line already present is not added
 * twice). The body is unchanged, so every earlier signature and every inclusion proof still holds.
 */
export function addNoteSignatures(note: string, lines: readonly string[]): string {
  if (!note.endsWith('\n')) throw new TypeError('a note ends with a newline');
  noteBodyOf(note);
  const present = new Set(note.slice(note.indexOf('\n\n') + 2).split('\n'));
  let out = note;
  for (const raw of lines) {
    const line = raw.endsWith('\n') ? raw.slice(0, -1) : raw;
    if (!/^\u2014 \S+ \S+$/.test(line)) throw new TypeError('malformed signature line');
    if (present.has(line)) continue;
    present.add(line);
    out += `${line}\n`;
  }
  return out;
}
