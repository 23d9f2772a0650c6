import { entriesRange, parseIndex, parseLeafHash } from './params';

describe('log endpoint parameters', () => {
  it('parses plain non-negative integers only', () => {
    expect(parseIndex('0', 'x', true)).toEqual({ ok: true, value: 0 });
    expect(parseIndex('42', 'x', true)).toEqual({ ok: true, value: 42 });
    expect(parseIndex(undefined, 'x', false)).toEqual({ ok: true, value: undefined });
    for (const bad of ['-1', '1e3', '01', ' 1', '1.5', 'abc', '99999999999999999']) {
      expect(parseIndex(bad, 'x', true).ok).toBe(false);
    }
    expect(parseIndex(['1', '2'], 'x', true).ok).toBe(false);
    expect(parseIndex(undefined, 'x', true)).toMatchObject({
      ok: false,
      problems: [{ field: 'x', code: 'required' }],
    });
  });

  it('reads leaf hashes as hex or base64 (standard or URL-safe)', () => {
    const h = Buffer.alloc(32, 0xfb);
    expect(parseLeafHash(h.toString('hex'))).toEqual({ ok: true, value: h });
    expect(parseLeafHash(h.toString('base64'))).toEqual({ ok: true, value: h });
    expect(parseLeafHash(h.toString('base64url'))).toEqual({ ok: true, value: h });
    expect(parseLeafHash('abcd').ok).toBe(false);
    expect(parseLeafHash(Buffer.alloc(31).toString('base64')).ok).toBe(false);
  });

  it('clips entry ranges to the log and to 1000 entries', () => {
    expect(entriesRange('0', '10', 5)).toEqual({ ok: true, value: { start: 0, end: 5 } });
    expect(entriesRange('0', undefined, 5000)).toEqual({ ok: true, value: { start: 0, end: 1000 } });
    expect(entriesRange('5', '5', 5)).toEqual({ ok: true, value: { start: 5, end: 5 } });
    expect(entriesRange('6', '8', 5)).toEqual({ ok: 'beyond' });
    expect(entriesRange('4', '2', 5)).toMatchObject({ ok: false });
    expect(entriesRange(undefined, '2', 5)).toMatchObject({ ok: false });
  });
});
