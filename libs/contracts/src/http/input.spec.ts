import fc from 'fast-check';
import { DATE_TIME_PATTERN, fieldOfPointer, inputValidator, isInstant } from './input';

const schema = {
  type: 'object',
  required: ['when', 'method'],
  properties: {
    when: {
      type: 'string',
      pattern: DATE_TIME_PATTERN,
      format: 'instant',
      description: 'an ISO 8601 date-time with offset',
    },
    method: { type: 'string', enum: ['mail', 'fax'], description: 'one of mail, fax' },
    day: { type: 'string', format: 'date', description: 'a date YYYY-MM-DD' },
    reasons: { type: 'array', minItems: 1, items: { type: 'string', enum: ['a', 'b'] } },
    inner: {
      type: 'object',
      additionalProperties: false,
      properties: { id: { type: 'string', pattern: '^[A-Z]+$', description: 'Capital letters only.' } },
    },
  },
} as const;
const validate = inputValidator(schema);

describe('inputValidator', () => {
  it('returns the typed value of a valid input', () => {
    const r = validate({ when: '2026-11-03T10:00:00-05:00', method: 'mail', day: '2026-11-03' });
    expect(r).toEqual({
      ok: true,
      value: { when: '2026-11-03T10:00:00-05:00', method: 'mail', day: '2026-11-03' },
    });
  });

  it('names each bad field once, with its dotted path, pointer, code and hint', () => {
    const r = validate({ method: 'pigeon', day: '2026-02-30', reasons: ['z'], inner: { id: 'x', extra: 1 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.field, p.code])).toEqual([
      ['day', 'invalid'],
      ['inner.extra', 'unknown-field'],
      ['inner.id', 'invalid'],
      ['method', 'not-allowed'],
      ['reasons.0', 'not-allowed'],
      ['when', 'required'],
    ]);
    const byField = Object.fromEntries(r.problems.map((p) => [p.field, p]));
    expect(byField.day.message).toBe('day: a date YYYY-MM-DD');
    expect(byField['inner.id'].message).toBe('Capital letters only.');
    expect(byField.when.pointer).toBe('/when');
    expect(byField['reasons.0'].pointer).toBe('/reasons/0');
  });

  it('refuses an instant the pattern allows but no calendar has, naming the field', () => {
    for (const when of [
      '2026-02-30T12:00:00Z',
      '2026-13-01T00:00Z',
      '2026-11-03T24:00:00Z',
      '2026-11-03T10:60Z',
      '2026-11-03T10:00:00+99:00',
    ]) {
      const r = validate({ when, method: 'mail' });
      expect({ when, problems: r.ok ? [] : r.problems.map((p) => [p.field, p.code]) }).toEqual({
        when,
        problems: [['when', 'invalid']],
      });
    }
    for (const when of ['2028-02-29T00:00Z', '2026-11-03T10:00-05:00', '2026-12-31T23:59:59.123456789+14:00'])
      expect([when, validate({ when, method: 'mail' }).ok]).toEqual([when, true]);
  });

  it('takes an instant exactly when its parts are a real day, time and offset (property)', () => {
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    fc.assert(
      fc.property(
        fc.record({
          y: fc.integer({ min: 1900, max: 2400 }),
          mo: fc.integer({ min: 0, max: 14 }),
          d: fc.integer({ min: 0, max: 32 }),
          h: fc.integer({ min: 0, max: 25 }),
          mi: fc.integer({ min: 0, max: 61 }),
          s: fc.integer({ min: 0, max: 61 }),
        }),
        ({ y, mo, d, h, mi, s }) => {
          const text = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z`;
          const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
          const real =
            date.getUTCFullYear() === y &&
            date.getUTCMonth() === mo - 1 &&
            date.getUTCDate() === d &&
            date.getUTCHours() === h &&
            date.getUTCMinutes() === mi &&
            date.getUTCSeconds() === s;
          expect([text, isInstant(text)]).toEqual([text, real]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('answers a body that is not an object with one problem for the body', () => {
    for (const body of [null, 'text', 3, []])
      expect(validate(body)).toEqual({
        ok: false,
        problems: [{ field: '(body)', pointer: '', code: 'type', message: 'Send a JSON object.' }],
      });
  });

  it('never throws, and every problem points into the input (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = validate(value);
        if (!r.ok) for (const p of r.problems) expect(fieldOfPointer(p.pointer)).toBe(p.field);
      }),
      { numRuns: 300 },
    );
  });
});
