/**
 * C2SP signed notes (https://c2sp.org/signed-note) carrying tlog checkpoints
 * (https://c2sp.org/tlog-checkpoint), Ed25519 signatures only. Verifier-side parser.
 */
import { ed25519Verify, equalBytes, fromBase64, sha256, toHex, utf8 } from './crypto';

export interface VerifierKey {
  name: string;
  /** 4-byte key id: first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key) */
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export interface VerifiedCheckpoint {
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  /** extension lines after the root hash (none are written by this log) */
  extensions: string[];
  /** name of the key whose signature verified */
  signedBy: string;
  /** the note body (the signed message) */
  body: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

const KEY_NAME = /^[^\s+]+$/;

export function computeKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256(utf8(name), Uint8Array.of(0x0a, 0x01), publicKey).slice(0, 4);
}

/** Parses `<name>+<8 hex key id>+<base64(0x01 || public key)>` and checks the key id. */
export function parseVerifierKey(text: string): Result<VerifierKey> {
  const m = /^([^+]*)\+([^+]*)\+(.*)$/.exec(text.trim());
  if (m === null) return { ok: false, reason: 'verifier key must be name+keyid+key' };
  const [, name, idHex, keyB64] = m;
  if (!KEY_NAME.test(name)) return { ok: false, reason: 'verifier key name is malformed' };
  if (!/^[0-9a-f]{8}$/.test(idHex)) return { ok: false, reason: 'verifier key id must be 8 hex digits' };
  const raw = fromBase64(keyB64);
  if (raw === null || raw.length !== 33 || raw[0] !== 0x01) {
    return { ok: false, reason: 'verifier key is not an Ed25519 (type 0x01) key' };
  }
  const publicKey = raw.slice(1);
  const keyId = computeKeyId(name, publicKey);
  if (toHex(keyId) !== idHex) return { ok: false, reason: 'verifier key id does not match the key' };
  return { ok: true, value: { name, keyId, publicKey } };
}

export interface ParsedSignature {
  name: string;
  keyId: Uint8Array;
  signature: Uint8Array;
}

export function splitNote(text: string): Result<{ body: string; signatures: ParsedSignature[] }> {
  if (!text.endsWith('\n')) return { ok: false, reason: 'note does not end with a newline' };
  const cut = text.lastIndexOf('\n\n');
  if (cut < 0) return { ok: false, reason: 'note has no signature block' };
  const body = text.slice(0, cut + 1);
  if (body.includes('\n\n')) return { ok: false, reason: 'note body has a blank line' };
  const sigLines = text.slice(cut + 2, -1).split('\n');
  const signatures: ParsedSignature[] = [];
  for (const line of sigLines) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (m === null) return { ok: false, reason: 'malformed signature line' };
    const blob = fromBase64(m[2]);
    if (blob === null || blob.length < 5) return { ok: false, reason: 'malformed signature' };
    signatures.push({ name: m[1], keyId: blob.slice(0, 4), signature: blob.slice(4) });
  }
  if (signatures.length === 0) return { ok: false, reason: 'note has no signatures' };
  return { ok: true, value: { body, signatures } };
}

/**
 * Verifies a checkpoint note: at least one signature by a known key must verify and none by a
 * known key may fail; then the body must be a well-formed checkpoint.
 */
export function verifyCheckpoint(text: string, keys: readonly VerifierKey[]): Result<VerifiedCheckpoint> {
  const split = splitNote(text);
  if (!split.ok) return split;
  const { body, signatures } = split.value;
  const message = utf8(body);
  let signedBy: string | null = null;
  for (const sig of signatures) {
    const key = keys.find((k) => k.name === sig.name && equalBytes(k.keyId, sig.keyId));
    if (key === undefined) continue;
    if (!ed25519Verify(key.publicKey, message, sig.signature)) {
      return { ok: false, reason: `signature by ${sig.name} does not verify` };
    }
    signedBy ??= key.name;
  }
  if (signedBy === null) return { ok: false, reason: 'no signature by a known key' };
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) return { ok: false, reason: 'checkpoint body needs origin, size and root' };
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin.length === 0 || /\s/.test(origin))
    return { ok: false, reason: 'checkpoint origin is malformed' };
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(sizeText))
    return { ok: false, reason: 'checkpoint size is malformed' };
  const treeSize = Number(sizeText);
  if (!Number.isSafeInteger(treeSize)) return { ok: false, reason: 'checkpoint size too large' };
  const rootHash = fromBase64(rootText);
  if (rootHash === null || rootHash.length !== 32)
    return { ok: false, reason: 'checkpoint root hash is malformed' };
  return { ok: true, value: { origin, treeSize, rootHash, extensions, signedBy, body } };
}
