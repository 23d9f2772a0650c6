import { createHash } from 'node:crypto';

/** A stable UUID (version-5 layout over SHA-256) for an idempotent event id. */
export function uuidFrom(name: string): string {
  const h = createHash('sha256').update(name, 'utf8').digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
