/**
 * Verifier side of C2SP tlog-cosignature/v1 (Ed25519) and of a witness policy: "at least k of
 * these n witnesses cosigned this checkpoint". Own code (no writer import): the cosigned message is
 * `cosignature/v1\ntime <t>\n<checkpoint body>`, the signature blob is key id (4) || u64
 * big-endian timestamp (8) || Ed25519 signature (64), the key id is
 * SHA-256(name || 0x0A || 0x04 || public key)[0:4].
 */
import { ed25519Verify, equalBytes, fromBase64, sha256, toHex, utf8 } from './crypto';
import { splitNote, type Result } from './note';

export interface WitnessKey {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

export interface WitnessPolicy {
  witnesses: readonly WitnessKey[];
  /** how many distinct witnesses of the list must have cosigned (1 <= quorum <= witnesses) */
  quorum: number;
}

export interface Cosigned {
  /** witness name */
  name: string;
  /** POSIX seconds the witness put in its cosignature */
  timestamp: number;
}

export function computeWitnessKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256(utf8(name), Uint8Array.of(0x0a, 0x04), publicKey).slice(0, 4);
}

/** Parses `<name>+<8 hex key id>+<base64(0x04 || public key)>` and checks the key id. */
export function parseWitnessKey(text: string): Result<WitnessKey> {
  const m = /^([^+\s]+)\+([0-9a-f]{8})\+(\S+)$/.exec(text.trim());
  if (m === null) return { ok: false, reason: 'witness key must be name+keyid+key' };
  const raw = fromBase64(m[3]);
  if (raw === null || raw.length !== 33 || raw[0] !== 0x04)
    return { ok: false, reason: 'witness key is not an Ed25519 cosignature (type 0x04) key' };
  const publicKey = raw.slice(1);
  if (toHex(computeWitnessKeyId(m[1], publicKey)) !== m[2])
    return { ok: false, reason: 'witness key id does not match the key' };
  return { ok: true, value: { name: m[1], keyId: computeWitnessKeyId(m[1], publicKey), publicKey } };
}

function readU64(bytes: Uint8Array): number | null {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(n);
}

/**
 * The witnesses of `witnesses` whose cosignature on the note verifies. A line by a listed witness
 * (same name and key id) whose signature does not verify is reported in `invalid`; lines by
 * anyone else are ignored (C2SP: clients ignore unknown keys).
 */
export function verifyCosignatures(
  note: string,
  witnesses: readonly WitnessKey[],
): Result<{ cosigned: Cosigned[]; invalid: string[]; body: string }> {
  const split = splitNote(note);
  if (!split.ok) return split;
  const { body, signatures } = split.value;
  const cosigned: Cosigned[] = [];
  const invalid: string[] = [];
  for (const sig of signatures) {
    const key = witnesses.find((w) => w.name === sig.name && equalBytes(w.keyId, sig.keyId));
    if (key === undefined) continue;
    if (sig.signature.length !== 8 + 64) {
      invalid.push(sig.name);
      continue;
    }
    const timestamp = readU64(sig.signature.slice(0, 8));
    const message = utf8(`cosignature/v1\ntime ${timestamp}\n${body}`);
    if (timestamp === null || !ed25519Verify(key.publicKey, message, sig.signature.slice(8))) {
      invalid.push(sig.name);
      continue;
    }
    if (!cosigned.some((c) => c.name === key.name)) cosigned.push({ name: key.name, timestamp });
  }
  return { ok: true, value: { cosigned, invalid, body } };
}

/** Checks a (log-signature-verified) note against a witness policy. */
export function checkWitnessPolicy(note: string, policy: WitnessPolicy): Result<Cosigned[]> {
  if (!Number.isSafeInteger(policy.quorum) || policy.quorum < 1 || policy.quorum > policy.witnesses.length)
    return { ok: false, reason: 'witness policy: quorum must be between 1 and the number of witnesses' };
  const v = verifyCosignatures(note, policy.witnesses);
  if (!v.ok) return v;
  if (v.value.invalid.length > 0)
    return { ok: false, reason: `cosignature by ${v.value.invalid.join(', ')} does not verify` };
  if (v.value.cosigned.length < policy.quorum)
    return {
      ok: false,
      reason: `witnessed by ${v.value.cosigned.length} of the required ${policy.quorum} witnesses (${
        v.value.cosigned.map((c) => c.name).join(', ') || 'none'
      })`,
    };
  return { ok: true, value: v.value.cosigned };
}
