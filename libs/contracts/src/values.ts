/**
 * Checks on untrusted values (parsed JSON, path parameters) that every lib shares. This file
 * imports nothing, so any lib may import it (`@uocava/contracts/values`) without a cycle.
 */

/** A JSON object: not null, not an array. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** A UUID in either case, as a JSON Schema `pattern`. */
export const UUID_PATTERN_TEXT =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
/** A UUID in either case: what a client may send. */
export const UUID_ANY_CASE = new RegExp(UUID_PATTERN_TEXT);
/** A UUID as the platform writes it: lower-case hex. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
