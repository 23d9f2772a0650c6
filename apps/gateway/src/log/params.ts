/**
 * Query parameters of the public log endpoints, parsed without I/O. Every failure names the
 * parameter (for an application/problem+json 400) and never echoes the raw value.
 */
export interface ParamProblem {
  field: string;
  code: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: ParamProblem[] };

/** Non-negative safe integer in plain decimal (no sign, exponent, spaces or leading zeros). */
export function parseIndex(raw: unknown, field: string, required: boolean): Parsed<number | undefined> {
  if (raw === undefined || raw === '') {
    return required
      ? { ok: false, problems: [{ field, code: 'required', message: `${field} is required.` }] }
      : { ok: true, value: undefined };
  }
  if (typeof raw !== 'string' || !/^(0|[1-9][0-9]{0,15})$/.test(raw) || !Number.isSafeInteger(Number(raw))) {
    return {
      ok: false,
      problems: [{ field, code: 'not-an-index', message: `${field} must be a non-negative integer.` }],
    };
  }
  return { ok: true, value: Number(raw) };
}

/** A 32-byte leaf hash as standard/URL-safe base64 (with or without padding) or hex. */
export function parseLeafHash(raw: unknown): Parsed<Buffer> {
  const bad: Parsed<Buffer> = {
    ok: false,
    problems: [
      { field: 'hash', code: 'bad-hash', message: 'hash must be a SHA-256 leaf hash in base64 or hex.' },
    ],
  };
  if (typeof raw !== 'string') return bad;
  if (/^[0-9a-fA-F]{64}$/.test(raw)) return { ok: true, value: Buffer.from(raw, 'hex') };
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(raw)) {
    const buf = Buffer.from(raw.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (buf.length === 32) return { ok: true, value: buf };
  }
  return bad;
}

export interface EntriesRange {
  start: number;
  end: number;
}

export const MAX_ENTRIES = 1000;

/** `[start, end)` clipped to the log size and to MAX_ENTRIES; `beyond` when start is past the log. */
export function entriesRange(
  startRaw: unknown,
  endRaw: unknown,
  size: number,
): Parsed<EntriesRange> | { ok: 'beyond' } {
  const start = parseIndex(startRaw, 'start', true);
  const end = parseIndex(endRaw, 'end', false);
  const problems = [...(start.ok ? [] : start.problems), ...(end.ok ? [] : end.problems)];
  if (!start.ok || !end.ok) return { ok: false, problems };
  const s = start.value ?? 0;
  const e = end.value ?? s + MAX_ENTRIES;
  if (e < s)
    return {
      ok: false,
      problems: [{ field: 'end', code: 'before-start', message: 'end must not be below start.' }],
    };
  if (s > size) return { ok: 'beyond' };
  return { ok: true, value: { start: s, end: Math.min(e, s + MAX_ENTRIES, size) } };
}
