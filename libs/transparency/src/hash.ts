/**
 * RFC 6962 / RFC 9162 hashing for the log writer: leaf = SHA-256(0x00 || entry),
 * node = SHA-256(0x01 || left || right), the empty tree hashes to SHA-256("").
 * (The offline verifier in ./verify has its own copy on purpose: it shares no code with the writer.)
 */
import { createHash } from 'node:crypto';

export type Hash = Buffer;

export const EMPTY_ROOT: Hash = createHash('sha256').digest();

export function leafHash(entry: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.of(0)).update(entry).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Hash {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
