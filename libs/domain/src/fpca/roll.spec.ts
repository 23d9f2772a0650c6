import { Readable } from 'node:stream';
import canonicalize from 'canonicalize-cjs';
import fc from 'fast-check';
import {
  canonicalRollRecordJson,
  hmacId,
  parseRollRow,
  ROLL_CSV_HEADER,
  rollCsvRecords,
  validateRollHeader,
  type RollRowResult,
} from './roll';
import { ROLL_STATUSES, type RollRecord } from './matching';

const secret = Buffer.from('0123456789abcdef0123456789abcdef');
const hmac = (kind: 'drivers-license' | 'ssn4', v: string): string => hmacId(secret, kind, v);
const row = (over: Partial<Record<(typeof ROLL_CSV_HEADER)[number], string>> = {}): string[] => {
  const base: Record<string, string> = {
    state_voter_id: 'OH0001',
    first_name: 'Jane',
    middle_name: 'A.',
    last_name: "O'Doe",
    suffix: '',
    date_of_birth: '1993-11-12',
    drivers_license: 'AA999888',
    ssn4: '1234',
    residence_street: '3818 Belmont Ave',
    residence_city: 'Youngstown',
    residence_state: 'OH',
    residence_zip: '44505',
    county: 'Mahoning',
    precinct: '12A',
    party: 'DEM',
    status: 'Active',
    ...over,
  };
  return ROLL_CSV_HEADER.map((h) => base[h]);
};

describe('hmacId', () => {
  it('is keyed, kind-separated and insensitive to spaces, hyphens and case', () => {
    expect(hmacId(secret, 'ssn4', '1234')).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacId(secret, 'drivers-license', 'aa-999 888')).toBe(
      hmacId(secret, 'drivers-license', 'AA999888'),
    );
    expect(hmacId(secret, 'ssn4', '1234')).not.toBe(hmacId(secret, 'drivers-license', '1234'));
    expect(hmacId(Buffer.alloc(32, 1), 'ssn4', '1234')).not.toBe(hmacId(secret, 'ssn4', '1234'));
    expect(() => hmacId(Buffer.alloc(4), 'ssn4', '1234')).toThrow(RangeError);
  });
});

describe('validateRollHeader', () => {
  it('accepts the header (with a BOM, any case)', () => {
    expect(validateRollHeader([...ROLL_CSV_HEADER])).toEqual({ ok: true });
    expect(
      validateRollHeader(ROLL_CSV_HEADER.map((h, i) => (i === 0 ? '\uFEFF' : '') + h.toUpperCase())),
    ).toEqual({ ok: true });
  });
  it('names missing, unknown and misordered columns', () => {
    expect(validateRollHeader(ROLL_CSV_HEADER.filter((h) => h !== 'ssn4'))).toEqual({
      ok: false,
      reasons: ['missing column(s): ssn4'],
    });
    expect(validateRollHeader([...ROLL_CSV_HEADER, 'ssn'])).toEqual({
      ok: false,
      reasons: ['unknown column(s): ssn'],
    });
    expect(validateRollHeader([...ROLL_CSV_HEADER].reverse())).toMatchObject({ ok: false });
  });
});

describe('parseRollRow', () => {
  it('builds a record with normalised names and hashed IDs, never the plain numbers', () => {
    const r = parseRollRow(row(), 2, hmac);
    expect(r).toEqual({
      ok: true,
      record: {
        id: 'OH0001',
        firstName: 'jane',
        middleName: 'a',
        lastName: 'odoe',
        dateOfBirth: '1993-11-12',
        driversLicenseHash: hmac('drivers-license', 'AA999888'),
        ssn4Hash: hmac('ssn4', '1234'),
        residence: { street: '3818 Belmont Ave', city: 'Youngstown', state: 'OH', zip: '44505' },
        county: 'Mahoning',
        precinct: '12A',
        party: 'DEM',
        status: 'active',
      },
    });
    expect(JSON.stringify(r)).not.toMatch(/AA999888|"1234"/);
  });
  it('leaves out absent IDs', () => {
    const r = parseRollRow(row({ drivers_license: '', ssn4: '' }), 3, hmac);
    expect(r.ok && r.record.driversLicenseHash === undefined && r.record.ssn4Hash === undefined).toBe(true);
  });
  it.each([
    ['wrong column count', row().slice(1), 'expected 16 columns'],
    ['missing voter id', row({ state_voter_id: '' }), 'state_voter_id'],
    ['no first name', row({ first_name: ' ' }), 'first_name'],
    ['impossible birth date', row({ date_of_birth: '1990-02-30' }), 'date_of_birth'],
    ['bad ssn4', row({ ssn4: '12345' }), 'ssn4'],
    ['bad driver license', row({ drivers_license: 'A!' }), 'drivers_license'],
    ['bad state', row({ residence_state: 'XX' }), 'residence_state'],
    ['bad zip', row({ residence_zip: '123' }), 'residence_zip'],
    ['no street', row({ residence_street: '' }), 'residence_street'],
    ['no city', row({ residence_city: '' }), 'residence_city'],
    ['bad status', row({ status: 'deceased' }), 'status'],
    ['control characters', row({ last_name: 'Do\u202Ee' }), 'last_name contains control'],
    ['huge field', row({ precinct: 'x'.repeat(500) }), 'precinct is longer'],
  ])('%s', (_name, fields, reason) => {
    const r = parseRollRow(fields, 7, hmac);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.line).toBe(7);
    expect(r.reasons.join('\n')).toContain(reason);
    expect(r.reasons.join('\n')).not.toMatch(/AA999888|1993-11-12/); // no values in reasons
  });
});

async function collect(csv: string): Promise<RollRowResult[]> {
  const out: RollRowResult[] = [];
  for await (const r of rollCsvRecords(Readable.from([csv])))
    out.push(r.ok ? parseRollRow(r.fields, r.line, hmac) : r);
  return out;
}
const line = (fields: string[]): string =>
  fields.map((f) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',');

describe('rollCsvRecords, each row through parseRollRow', () => {
  it('yields line-numbered results, good and bad', async () => {
    const csv =
      [
        '\uFEFF' + ROLL_CSV_HEADER.join(','),
        line(row()),
        line(row({ state_voter_id: 'OH0002', ssn4: 'abcd' })),
        '',
        line(row({ state_voter_id: 'OH0003', last_name: 'Smith, Jr' })),
      ].join('\r\n') + '\r\n';
    const results = await collect(csv);
    expect(results.map((r) => (r.ok ? r.record.id : `line ${r.line}`))).toEqual([
      'OH0001',
      'line 3',
      'OH0003',
    ]);
  });
  it('stops after a bad header', async () => {
    const results = await collect('id,name\n' + line(row()) + '\n');
    expect(results).toEqual([{ ok: false, line: 1, reasons: expect.any(Array) as unknown }]);
  });
  it('reports malformed CSV instead of throwing', async () => {
    const results = await collect(ROLL_CSV_HEADER.join(',') + '\n' + line(row()) + '\n"OH0004,unclosed\n');
    expect(results[results.length - 1]).toMatchObject({
      ok: false,
      reasons: [expect.stringContaining('malformed CSV')],
    });
  });
  it('streams many rows', async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => line(row({ state_voter_id: `OH${i}` })));
    const results = await collect([ROLL_CSV_HEADER.join(','), ...rows].join('\n'));
    expect(results.length).toBe(5000);
    expect(results.every((r) => r.ok)).toBe(true);
  });
});

describe('canonicalRollRecordJson', () => {
  const text = fc.string({ unit: 'binary', maxLength: 12 });
  const optional = { withDeletedKeys: true, requiredKeys: [] as never[] };
  const record: fc.Arbitrary<RollRecord> = fc
    .tuple(
      fc.record({
        id: text,
        firstName: text,
        lastName: text,
        dateOfBirth: fc.constantFrom('1990-01-31', '2001-12-01'),
        residence: fc.record({ street: text, city: text, state: text, zip: text }),
        status: fc.constantFrom(...ROLL_STATUSES),
      }),
      fc.record(
        {
          middleName: text,
          suffix: text,
          driversLicenseHash: text,
          ssn4Hash: text,
          county: text,
          precinct: text,
          party: text,
        },
        optional,
      ),
    )
    .map(([required, extra]) => ({ ...extra, ...required }) as RollRecord);

  it('is the RFC 8785 canonical JSON of any record, whatever order its fields were set in', () => {
    fc.assert(
      fc.property(record, (r) => {
        expect(canonicalRollRecordJson(r)).toBe(canonicalize(r));
      }),
    );
  });
  it('is the canonical JSON of the records the parser makes', () => {
    const parsed = parseRollRow(row(), 2, hmac);
    const bare = parseRollRow(
      row({ middle_name: '', drivers_license: '', ssn4: '', county: '', party: '' }),
      3,
      hmac,
    );
    for (const result of [parsed, bare]) {
      if (!result.ok) throw new Error('fixture row refused');
      expect(canonicalRollRecordJson(result.record)).toBe(canonicalize(result.record));
    }
  });
});
