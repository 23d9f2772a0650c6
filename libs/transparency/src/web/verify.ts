/**
 * Receipt verification for the browser: WebCrypto's SHA-256 and Ed25519, nothing else. It is a
 * second, independent implementation of what ../verify does with node:crypto (RFC 9162 hashing
 * and inclusion proofs, C2SP signed-note checkpoints), written async because WebCrypto is; a
 * property test checks that both verifiers agree on valid and tampered receipts.
 *
 * Imports nothing (no Node built-in, no npm package), so the gateway can bundle it for the page.
 */

export type WebResult<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface WebVerifiedReceipt {
  origin: string;
  treeSize: number;
  leafIndex: number;
  /** lower-case hex */
  rootHash: string;
  /** the logged entry, parsed */
  entry: Record<string, unknown>;
  /** name of the key whose signature verified */
  signedBy: string;
  /** with a witness policy: the witnesses whose cosignature verified (name, POSIX seconds) */
  witnessedBy?: Array<{ name: string; timestamp: number }>;
}

/** The witnesses a receipt's checkpoint must carry: their keys (type 0x04) and how many of them. */
export interface WebWitnessPolicy {
  witnesses: readonly string[];
  quorum: number;
}

interface Key {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

const RECEIPT_VERSION = 'uocava-receipt/1';
const encoder = new TextEncoder();
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new Error('this browser has no WebCrypto (a secure https page is needed)');
  return s;
}

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await subtle().digest('SHA-256', joined));
}

/** Strict standard base64 (padding required); null when malformed or not canonical. */
export function decodeBase64(text: string): Uint8Array | null {
  if (!B64.test(text)) return null;
  const bin = atob(text);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return encodeBase64(bytes) === text ? bytes : null;
}

function encodeBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `<name>+<8 hex key id>+<base64(0x01 || Ed25519 public key)>`, key id checked. */
export async function parseKey(text: string): Promise<WebResult<Key>> {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (m === null) return { ok: false, reason: 'verifier key must be name+keyid+key' };
  const raw = decodeBase64(m[3]);
  if (raw === null || raw.length !== 33 || raw[0] !== 0x01)
    return { ok: false, reason: 'verifier key is not an Ed25519 key' };
  const publicKey = raw.slice(1);
  const keyId = (await sha256(encoder.encode(m[1]), Uint8Array.of(0x0a, 0x01), publicKey)).slice(0, 4);
  if (hex(keyId) !== m[2]) return { ok: false, reason: 'verifier key id does not match the key' };
  return { ok: true, value: { name: m[1], keyId, publicKey } };
}

async function ed25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  if (signature.length !== 64) return false;
  try {
    const key = await subtle().importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
    return await subtle().verify({ name: 'Ed25519' }, key, signature, message);
  } catch {
    return false;
  }
}

interface Checkpoint {
  origin: string;
  treeSize: number;
  rootHash: Uint8Array;
  signedBy: string;
}

/** A C2SP signed note carrying a checkpoint: one signature by a known key must verify, none may fail. */
async function verifyNote(text: string, keys: readonly Key[]): Promise<WebResult<Checkpoint>> {
  if (!text.endsWith('\n')) return { ok: false, reason: 'note does not end with a newline' };
  const cut = text.lastIndexOf('\n\n');
  if (cut < 0) return { ok: false, reason: 'note has no signature block' };
  const body = text.slice(0, cut + 1);
  if (body.includes('\n\n')) return { ok: false, reason: 'note body has a blank line' };
  const message = encoder.encode(body);
  let signedBy: string | null = null;
  const lines = text.slice(cut + 2, -1).split('\n');
  for (const line of lines) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (m === null) return { ok: false, reason: 'malformed signature line' };
    const blob = decodeBase64(m[2]);
    if (blob === null || blob.length < 5) return { ok: false, reason: 'malformed signature' };
    const id = blob.slice(0, 4);
    const key = keys.find((k) => k.name === m[1] && equal(k.keyId, id));
    if (key === undefined) continue;
    if (!(await ed25519(key.publicKey, message, blob.slice(4))))
      return { ok: false, reason: `signature by ${m[1]} does not verify` };
    signedBy ??= key.name;
  }
  if (signedBy === null) return { ok: false, reason: 'no signature by a known key' };
  const [origin, sizeText, rootText] = body.slice(0, -1).split('\n');
  if (rootText === undefined) return { ok: false, reason: 'checkpoint body needs origin, size and root' };
  if (origin.length === 0 || /\s/.test(origin))
    return { ok: false, reason: 'checkpoint origin is malformed' };
  if (!/^(?:0|[1-9][0-9]{0,15})$/.test(sizeText))
    return { ok: false, reason: 'checkpoint size is malformed' };
  const treeSize = Number(sizeText);
  if (!Number.isSafeInteger(treeSize)) return { ok: false, reason: 'checkpoint size too large' };
  const rootHash = decodeBase64(rootText);
  if (rootHash === null || rootHash.length !== 32)
    return { ok: false, reason: 'checkpoint root hash is malformed' };
  return { ok: true, value: { origin, treeSize, rootHash, signedBy } };
}

/** RFC 9162 2.1.3.2: the root an inclusion proof leads to, or null when its shape is wrong. */
async function rootFromProof(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<Uint8Array | null> {
  if (leafIndex >= treeSize) return null;
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(Uint8Array.of(1), p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(Uint8Array.of(1), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** `<name>+<8 hex key id>+<base64(0x04 || Ed25519 public key)>` (C2SP tlog-cosignature), key id checked. */
export async function parseWitnessKeyWeb(text: string): Promise<WebResult<Key>> {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (m === null) return { ok: false, reason: 'witness key must be name+keyid+key' };
  const raw = decodeBase64(m[3]);
  if (raw === null || raw.length !== 33 || raw[0] !== 0x04)
    return { ok: false, reason: 'witness key is not an Ed25519 cosignature key' };
  const publicKey = raw.slice(1);
  const keyId = (await sha256(encoder.encode(m[1]), Uint8Array.of(0x0a, 0x04), publicKey)).slice(0, 4);
  if (hex(keyId) !== m[2]) return { ok: false, reason: 'witness key id does not match the key' };
  return { ok: true, value: { name: m[1], keyId, publicKey } };
}

/**
 * tlog-cosignature/v1: the listed witnesses whose cosignature of the note verifies (message
 * `cosignature/v1\ntime <t>\n<body>`, blob key id || u64 timestamp || signature); at least
 * `quorum` must, and none by a listed witness may fail.
 */
export async function verifyCosignaturesWeb(
  note: string,
  policy: WebWitnessPolicy,
): Promise<WebResult<Array<{ name: string; timestamp: number }>>> {
  const keys: Key[] = [];
  for (const text of policy.witnesses) {
    const k = await parseWitnessKeyWeb(text);
    if (!k.ok) return k;
    keys.push(k.value);
  }
  if (!Number.isSafeInteger(policy.quorum) || policy.quorum < 1 || policy.quorum > keys.length)
    return { ok: false, reason: 'witness policy: bad quorum' };
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0 || !note.endsWith('\n')) return { ok: false, reason: 'note has no signature block' };
  const body = note.slice(0, cut + 1);
  const found: Array<{ name: string; timestamp: number }> = [];
  for (const line of note.slice(cut + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (m === null) return { ok: false, reason: 'malformed signature line' };
    const blob = decodeBase64(m[2]);
    if (blob === null) return { ok: false, reason: 'malformed signature' };
    const key = keys.find((k) => k.name === m[1] && equal(k.keyId, blob.slice(0, 4)));
    if (key === undefined) continue;
    if (blob.length !== 4 + 8 + 64) return { ok: false, reason: `cosignature by ${key.name} is malformed` };
    let t = 0;
    for (const b of blob.slice(4, 12)) t = t * 256 + b;
    if (!Number.isSafeInteger(t)) return { ok: false, reason: `cosignature by ${key.name} has a bad time` };
    const message = encoder.encode(`cosignature/v1\ntime ${t}\n${body}`);
    if (!(await ed25519(key.publicKey, message, blob.slice(12))))
      return { ok: false, reason: `cosignature by ${key.name} does not verify` };
    if (!found.some((f) => f.name === key.name)) found.push({ name: key.name, timestamp: t });
  }
  if (found.length < policy.quorum)
    return {
      ok: false,
      reason: `witnessed by ${found.length} of the ${policy.quorum} witnesses the office requires`,
    };
  return { ok: true, value: found };
}

/**
 * Verifies a receipt (`uocava-receipt/1`) against the log's verifier keys (signed-note text):
 * the checkpoint signature, that the entry belongs to the log's jurisdiction, and the inclusion
 * proof from the entry's leaf hash to the signed root.
 */
export async function verifyReceiptWeb(
  receipt: unknown,
  verifierKeys: readonly string[],
  witnessPolicy?: WebWitnessPolicy,
): Promise<WebResult<WebVerifiedReceipt>> {
  if (!isRecord(receipt)) return { ok: false, reason: 'receipt is not a JSON object' };
  if (receipt.version !== RECEIPT_VERSION) return { ok: false, reason: 'unknown receipt version' };
  const { entry, leafIndex, inclusionProof, checkpoint } = receipt;
  if (typeof entry !== 'string') return { ok: false, reason: 'receipt entry must be a string' };
  if (typeof leafIndex !== 'number' || !Number.isSafeInteger(leafIndex) || leafIndex < 0)
    return { ok: false, reason: 'receipt leafIndex is malformed' };
  if (!Array.isArray(inclusionProof) || inclusionProof.some((p) => typeof p !== 'string'))
    return { ok: false, reason: 'receipt inclusionProof is malformed' };
  if (typeof checkpoint !== 'string') return { ok: false, reason: 'receipt checkpoint must be a string' };

  const keys: Key[] = [];
  for (const text of verifierKeys) {
    const k = await parseKey(text);
    if (k.ok) keys.push(k.value);
  }
  if (keys.length === 0) return { ok: false, reason: 'no usable verifier key' };
  const cp = await verifyNote(checkpoint, keys);
  if (!cp.ok) return { ok: false, reason: `checkpoint: ${cp.reason}` };
  const { origin, treeSize, rootHash, signedBy } = cp.value;
  if (signedBy !== origin) return { ok: false, reason: 'checkpoint signed by a key of another log' };

  let parsed: unknown;
  try {
    parsed = JSON.parse(entry);
  } catch {
    return { ok: false, reason: 'entry is not JSON' };
  }
  if (!isRecord(parsed)) return { ok: false, reason: 'entry is not a JSON object' };
  const originParts = origin.split('/');
  const jurisdiction = originParts.length === 3 && originParts.every((p) => p !== '') ? originParts[1] : null;
  if (parsed.jurisdiction !== jurisdiction)
    return { ok: false, reason: 'entry jurisdiction does not match the log origin' };

  const proof: Uint8Array[] = [];
  for (const p of inclusionProof as string[]) {
    const bytes = decodeBase64(p);
    if (bytes === null || bytes.length !== 32)
      return { ok: false, reason: 'inclusion proof hash is malformed' };
    proof.push(bytes);
  }
  const leafHash = await sha256(Uint8Array.of(0), encoder.encode(entry));
  const root = await rootFromProof(leafIndex, treeSize, leafHash, proof);
  if (root === null)
    return { ok: false, reason: 'inclusion proof has the wrong shape for this index and size' };
  if (!equal(root, rootHash))
    return { ok: false, reason: 'inclusion proof does not lead to the checkpoint root' };
  const value: WebVerifiedReceipt = {
    origin,
    treeSize,
    leafIndex,
    rootHash: hex(rootHash),
    entry: parsed,
    signedBy,
  };
  if (witnessPolicy === undefined) return { ok: true, value };
  const w = await verifyCosignaturesWeb(checkpoint, witnessPolicy);
  if (!w.ok) return w;
  return { ok: true, value: { ...value, witnessedBy: w.value } };
}

/**
 * RFC 8785 (JCS) canonical JSON of a value parsed from JSON: object keys sorted by UTF-16 code
 * units, no whitespace, strings and numbers as ECMAScript's JSON.stringify writes them (which is
 * what RFC 8785 specifies for them).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JSON numbers are finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  throw new TypeError('not a JSON value');
}

export interface WebPacketCheck {
  /** lower-case hex SHA-256 of the dropped file */
  fileSha256: string;
  /** the packet SHA-256 the receipted event states */
  pdfSha256: string;
}

/**
 * Ties a packet PDF to its receipt: the receipt verifies (log key, and the witness policy when
 * given); SHA-256 of the JCS-canonical event data equals the entry's `dataSha256`; the data's
 * `pdfSha256` equals SHA-256 of the file. All in the browser.
 */
export async function checkPacketWeb(
  receipt: unknown,
  eventData: unknown,
  file: Uint8Array,
  verifierKeys: readonly string[],
  witnessPolicy?: WebWitnessPolicy,
): Promise<WebResult<WebPacketCheck>> {
  const r = await verifyReceiptWeb(receipt, verifierKeys, witnessPolicy);
  if (!r.ok) return { ok: false, reason: `the receipt does not verify: ${r.reason}` };
  let canonical: string;
  try {
    canonical = canonicalJson(eventData);
  } catch {
    return { ok: false, reason: 'the event data is not JSON' };
  }
  if (hex(await sha256(encoder.encode(canonical))) !== r.value.entry.dataSha256)
    return { ok: false, reason: 'the event data is not what the receipt logged' };
  const pdfSha256 = isRecord(eventData) ? eventData.pdfSha256 : undefined;
  if (typeof pdfSha256 !== 'string') return { ok: false, reason: 'the event states no packet SHA-256' };
  const fileSha256 = hex(await sha256(file));
  if (fileSha256 !== pdfSha256)
    return { ok: false, reason: `this file is not the packet of this step (SHA-256 ${fileSha256})` };
  return { ok: true, value: { fileSha256, pdfSha256 } };
}
