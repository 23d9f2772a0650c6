import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import type { IsoDate } from '../ids';
import {
  BALLOT_REJECTION_TYPES,
  EAVS_SECTION_B_FIELDS,
  ESB_BALLOT_METHODS,
  ESB_BALLOT_TYPES,
  ESB_JURISDICTION_ID_TYPES,
  ESB_REQUEST_METHODS,
  ESB_REQUEST_STATUS_REASON_TYPES,
  ESB_REQUEST_STATUS_TYPES,
  ESB_REQUEST_TYPES,
  ESB_STATE_NAMES,
  ESB_VOTER_TYPES,
} from './eavs-vocabulary';
import {
  csvField,
  EAVS_FREE_TEXT_FIELDS,
  eavsFileName,
  eavsSectionBCsv,
  eavsSectionBRow,
  esbRequestStatus,
  esbVoterType,
  fwabOnlyTransaction,
  spreadsheetSafe,
  type FwabOnlyRecord,
  type UocavaTransaction,
  type WithOther,
} from './eavs-section-b';
import { parseTableSchema, validateTable } from './table-schema';

const schemaJson: unknown = JSON.parse(
  readFileSync(join(__dirname, '../../../contracts/src/standards/eavs-section-b/tableschema.json'), 'utf8'),
);
const schema = parseTableSchema(schemaJson);
const d = (s: string): IsoDate => s as IsoDate;

function fieldConstraint(name: string, key: 'enum' | 'esb$enum'): readonly string[] | undefined {
  return schema.fields.find((f) => f.name === name)?.constraints?.[key];
}

function parseCsv(csv: string): string[][] {
  return parse(csv, { relax_column_count: true }) as string[][];
}

const full: UocavaTransaction = {
  transactionId: 'tx-0001',
  voterUniqueId: 'v-8f3a',
  request: { method: { method: 'online' }, date: d('2026-08-01'), status: 'accepted', type: 'fpca' },
  transmission: { date: d('2026-09-10'), method: { method: 'email' }, ballotType: 'full' },
  return: { receivedDate: d('2026-10-20'), method: { method: 'mail' } },
  rejection: {
    reasons: ['missing-voter-signature', 'other'],
    other: 'envelope torn, "unreadable", see note',
  },
  election: { date: d('2026-11-03'), name: 'General Election, 2026' },
  jurisdiction: {
    id: 'ocd-division/country:us/state:ny/county:kings',
    idType: 'ocd-id',
    name: 'Kings County',
    state: 'New York',
  },
  voterMailingCountry: 'Germany',
  voterType: 'overseas-citizen',
};

describe('EAVS Section B vocabulary matches the vendored table schema', () => {
  it('has every field, in the schema order', () => {
    expect([...EAVS_SECTION_B_FIELDS]).toEqual(schema.fields.map((f) => f.name));
  });
  it.each([
    ['RequestMethod', 'enum', ESB_REQUEST_METHODS],
    ['RequestStatusType', 'enum', ESB_REQUEST_STATUS_TYPES],
    ['RequestStatusReasonType', 'esb$enum', ESB_REQUEST_STATUS_REASON_TYPES],
    ['RequestType', 'enum', ESB_REQUEST_TYPES],
    ['BallotRejectionType', 'esb$enum', BALLOT_REJECTION_TYPES],
    ['BallotReceivedMethod', 'enum', ESB_BALLOT_METHODS],
    ['BallotTransmissionMethod', 'enum', ESB_BALLOT_METHODS],
    ['BallotType', 'enum', ESB_BALLOT_TYPES],
    ['JurisdictionIdType', 'enum', ESB_JURISDICTION_ID_TYPES],
    ['StateName', 'enum', ESB_STATE_NAMES],
    ['VoterType', 'enum', ESB_VOTER_TYPES],
  ] as const)('%s %s', (field, key, values) => {
    expect([...values]).toEqual(fieldConstraint(field, key));
  });
});

describe('eavsSectionBRow / eavsSectionBCsv', () => {
  it('builds a row that validates and survives a CSV round trip', () => {
    const row = eavsSectionBRow(full);
    expect(row.BallotRejectionType).toBe('["missing-voter-signature","other"]');
    expect(row.BallotRejectionOtherType).toBe('envelope torn, "unreadable", see note');
    expect(row.RequestStatusReasonType).toBe('na');
    expect(row.RequestOtherMethod).toBe('');
    const csv = eavsSectionBCsv([row]);
    expect(csv.split('\n')[0]).toBe(EAVS_SECTION_B_FIELDS.join(','));
    expect(csv).toContain('"[""missing-voter-signature"",""other""]"');
    expect(csv.endsWith('\n')).toBe(true);
    const [header, ...rows] = parseCsv(csv);
    expect(rows[0]).toEqual(EAVS_SECTION_B_FIELDS.map((f) => row[f]));
    expect(validateTable(schema, header, rows)).toEqual([]);
  });

  it('writes na for unavailable optional values and leaves Other fields empty', () => {
    const minimal: UocavaTransaction = {
      transactionId: 'tx-2',
      voterUniqueId: 'v-2',
      request: {
        method: { method: 'other', other: 'walk-in\nkiosk' },
        status: 'rejected',
        statusReasons: ['duplicate'],
        type: 'fpca',
      },
      election: full.election,
      jurisdiction: { id: '36047', idType: 'fips', name: 'Kings', state: 'New York' },
    };
    const row = eavsSectionBRow(minimal);
    expect(row.RequestOtherMethod).toBe('walk-in kiosk'); // control characters are not allowed
    expect(row.RequestStatusReasonType).toBe('["duplicate"]');
    expect(row.BallotReceivedDate).toBe('na');
    expect(row.BallotRejectionType).toBe('na');
    expect(row.BallotReceivedOtherMethod).toBe('');
    expect(validateTable(schema, [...EAVS_SECTION_B_FIELDS], [row])).toEqual([]);
  });

  it('refuses to build a row without a required value', () => {
    expect(() => eavsSectionBRow({ ...full, transactionId: ' ' })).toThrow(RangeError);
    expect(() => eavsSectionBRow({ ...full, election: { ...full.election, name: 'na' } })).toThrow(
      RangeError,
    );
    expect(() => eavsSectionBRow({ ...full, election: { ...full.election, date: d('2026-02-30') } })).toThrow(
      RangeError,
    );
  });

  it('guards the text cells against spreadsheet formulas and still validates', () => {
    expect(spreadsheetSafe('=HYPERLINK("http://x")')).toBe(`'=HYPERLINK("http://x")`);
    for (const c of ['+', '-', '@', '\t', '\r']) expect(spreadsheetSafe(`${c}1`)).toBe(`'${c}1`);
    expect(spreadsheetSafe('Mahoning County')).toBe('Mahoning County');
    expect(spreadsheetSafe('')).toBe('');
    const row = eavsSectionBRow({
      ...full,
      election: { ...full.election, name: '=cmd|/C calc!A0' },
      jurisdiction: { ...full.jurisdiction, name: '@SUM(1+1)' },
    });
    expect(row.ElectionName).toBe('=cmd|/C calc!A0'); // the row keeps the value; the CSV guards it
    const [header, ...rows] = parseCsv(eavsSectionBCsv([row]));
    const cell = (f: string) => rows[0][header.indexOf(f)];
    expect(cell('ElectionName')).toBe("'=cmd|/C calc!A0");
    expect(cell('JurisdictionName')).toBe("'@SUM(1+1)");
    expect(cell('BallotRejectionType')).toBe(row.BallotRejectionType);
    expect(validateTable(schema, header, rows)).toEqual([]);
  });

  it('can use CRLF', () => {
    expect(eavsSectionBCsv([eavsSectionBRow(full)], { lineEnding: '\r\n' }).split('\r\n')).toHaveLength(3);
  });

  it('escapes per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  const text = fc.string({ unit: 'binary', maxLength: 20 });
  const pick = <T>(xs: readonly T[]): fc.Arbitrary<T> => fc.constantFrom(...xs);
  const dateArb = fc
    .integer({ min: 0, max: 3000 })
    .map((n) => new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10) as IsoDate);
  const withOther = <M extends string>(values: readonly M[]): fc.Arbitrary<WithOther<M>> =>
    pick(values).chain((m): fc.Arbitrary<WithOther<M>> =>
      m === 'other'
        ? text.map((other) => ({ method: 'other', other }) as WithOther<M>)
        : fc.constant({ method: m } as WithOther<M>),
    );
  const methodArb = withOther(ESB_BALLOT_METHODS);
  const nonBlank = text.filter((s) => {
    // what the export writes (control characters as spaces, trimmed) must be neither blank nor `na`
    // eslint-disable-next-line no-control-regex -- control characters are what this test is about
    const written = s.replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
    return written !== '' && written !== 'na';
  });

  it('property: any transaction exports to CSV that parses back to the same cells and validates', () => {
    const txArb = fc.record({
      i: fc.nat(),
      voterUniqueId: nonBlank,
      request: fc.record({
        method: withOther(ESB_REQUEST_METHODS),
        date: fc.option(dateArb, { nil: undefined }),
        status: pick(ESB_REQUEST_STATUS_TYPES),
        statusReasons: fc.option(fc.subarray([...ESB_REQUEST_STATUS_REASON_TYPES]), { nil: undefined }),
        statusReasonOther: fc.option(text, { nil: undefined }),
        type: pick(ESB_REQUEST_TYPES),
      }),
      transmission: fc.option(
        fc.record({
          date: fc.option(dateArb, { nil: undefined }),
          method: methodArb,
          ballotType: pick(ESB_BALLOT_TYPES),
        }),
        { nil: undefined },
      ),
      return: fc.option(
        fc.record({ receivedDate: fc.option(dateArb, { nil: undefined }), method: methodArb }),
        { nil: undefined },
      ),
      rejection: fc.option(
        fc.record({
          reasons: fc.subarray([...BALLOT_REJECTION_TYPES]),
          other: fc.option(text, { nil: undefined }),
        }),
        { nil: undefined },
      ),
      election: fc.record({ date: dateArb, name: nonBlank }),
      jurisdiction: fc.record({
        id: nonBlank,
        idType: pick(ESB_JURISDICTION_ID_TYPES),
        name: nonBlank,
        state: pick(ESB_STATE_NAMES),
      }),
      voterMailingCountry: fc.option(text, { nil: undefined }),
      voterType: fc.option(pick(ESB_VOTER_TYPES), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 8 }), (txs) => {
        const rows = txs.map(({ i, ...t }, k) => eavsSectionBRow({ ...t, transactionId: `tx-${k}-${i}` }));
        const csv = eavsSectionBCsv(rows);
        // no control characters besides the record separator
        // eslint-disable-next-line no-control-regex -- control characters are what this test is about
        if (/[\u0000-\u0009\u000b-\u001f\u007f]/.test(csv)) return false;
        const [header, ...parsed] = parseCsv(csv);
        const written = (f: (typeof EAVS_SECTION_B_FIELDS)[number], v: string) =>
          EAVS_FREE_TEXT_FIELDS.has(f) ? spreadsheetSafe(v) : v;
        expect(parsed).toEqual(rows.map((r) => EAVS_SECTION_B_FIELDS.map((f) => written(f, r[f]))));
        // nothing a spreadsheet would run as a formula
        for (const line of parsed) for (const cell of line) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
        expect(validateTable(schema, header, parsed)).toEqual([]);
        return true;
      }),
      { numRuns: 200 },
    );
  });
});

describe('validateTable (generic table-schema validation)', () => {
  const good = (): Record<string, string> => ({ ...eavsSectionBRow(full) });
  const header = [...EAVS_SECTION_B_FIELDS];
  const codes = (rows: Array<Readonly<Record<string, string>>>, h: readonly string[] = header): string[] =>
    validateTable(schema, h, rows).map((e) => `${e.code}:${e.field}`);

  it('reports a missing required value', () => {
    expect(codes([{ ...good(), UniqueId: '' }])).toEqual(['required:UniqueId']);
    expect(codes([{ ...good(), ElectionName: 'na' }])).toEqual(['required:ElectionName']);
  });
  it('reports values outside an enum, also inside arrays', () => {
    expect(codes([{ ...good(), RequestMethod: 'pigeon' }])).toEqual(['enum:RequestMethod']);
    expect(codes([{ ...good(), StateName: 'NY' }])).toEqual(['enum:StateName']);
    expect(codes([{ ...good(), BallotRejectionType: '["late"]' }])).toEqual(['enum:BallotRejectionType']);
  });
  it('reports type errors', () => {
    expect(codes([{ ...good(), ElectionDate: '11/03/2026' }])).toEqual(['type:ElectionDate']);
    expect(codes([{ ...good(), BallotReceivedDate: '2026-02-29' }])).toEqual(['type:BallotReceivedDate']);
    expect(codes([{ ...good(), BallotRejectionType: 'not-timely' }])).toEqual(['type:BallotRejectionType']);
  });
  it('reports duplicates of a unique field', () => {
    expect(codes([good(), good()])).toEqual(['unique:TransactionId']);
  });
  it('reports header and shape problems', () => {
    expect(codes([], [...header].reverse())).toEqual(['header-mismatch:']);
    const { VoterType: _dropped, ...short } = good();
    expect(codes([short])).toEqual(['missing-field:VoterType']);
    expect(codes([{ ...good(), Extra: 'x' }])).toEqual(['extra-field:Extra']);
    expect(validateTable(schema, header, [['a', 'b']]).map((e) => e.code)).toContain('missing-field');
  });
  it('supports pattern, length and other types from any schema', () => {
    const other = parseTableSchema({
      fields: [
        { name: 'code', type: 'string', constraints: { pattern: '[A-Z]{3}', maxLength: 3 } },
        { name: 'n', type: 'integer' },
        { name: 'ok', type: 'boolean' },
        { name: 'at', type: 'datetime' },
      ],
    });
    const h = ['code', 'n', 'ok', 'at'];
    expect(validateTable(other, h, [['ABC', '12', 'true', '2026-11-03T10:00:00Z']])).toEqual([]);
    expect(validateTable(other, h, [['abcd', '1.5', 'yes', 'tomorrow']]).map((e) => e.code)).toEqual([
      'pattern',
      'length',
      'type',
      'type',
      'type',
    ]);
  });
  it('rejects a malformed schema', () => {
    expect(() => parseTableSchema({ fields: [{ type: 'string' }] })).toThrow(TypeError);
    expect(() => parseTableSchema({ fields: [{ name: 'x', constraints: { enum: [1] } }] })).toThrow(
      TypeError,
    );
  });
});

describe('eavsFileName', () => {
  it('follows esbdata-<ISO date>-<State>[-<Local>].csv with underscores for spaces', () => {
    expect(eavsFileName(d('2012-11-06'), 'Arizona', 'Maricopa County')).toBe(
      'esbdata-2012-11-06-Arizona-Maricopa_County.csv',
    );
    expect(eavsFileName(d('2026-11-03'), 'New York')).toBe('esbdata-2026-11-03-New_York.csv');
    expect(eavsFileName(d('2026-11-03'), 'District of Columbia', '')).toBe(
      'esbdata-2026-11-03-District_of_Columbia.csv',
    );
    expect(() => eavsFileName(d('2026-13-01'), 'Iowa')).toThrow(RangeError);
  });
});

describe('vocabulary mappings', () => {
  it('maps request statuses and voter classes', () => {
    expect(esbRequestStatus('duplicate')).toEqual({ status: 'rejected', reasons: ['duplicate'] });
    expect(esbRequestStatus('needs-review').status).toBe('pending');
    expect(esbVoterType('active-duty')).toBe('military');
    expect(esbVoterType('active-duty', 'overseas')).toBe('overseas-military');
    expect(esbVoterType('active-duty-spouse-or-dependent', 'domestic')).toBe(
      'domestic-military-spouse-dependent',
    );
    expect(esbVoterType('citizen-abroad-never-resided')).toBe('overseas-citizen');
  });

  it('reports why a request was rejected, not `na`', () => {
    expect(esbRequestStatus('rejected', ['missing-voter-signature'])).toEqual({
      status: 'rejected',
      reasons: ['missing-voter-signature'],
    });
    // the platform's own codes are `other`, named for RequestReasonOtherType, each EAVS value once
    expect(esbRequestStatus('rejected', ['not-on-roll', 'missing-ssn', 'under-18-on-election-day'])).toEqual({
      status: 'rejected',
      reasons: ['other', 'missing-ssn'],
      other: 'not-on-roll;under-18-on-election-day',
    });
    expect(esbRequestStatus('rejected', ['a-code-of-a-later-version'])).toEqual({
      status: 'rejected',
      reasons: ['other'],
      other: 'a-code-of-a-later-version',
    });
    expect(esbRequestStatus('rejected', [])).toEqual({ status: 'rejected', reasons: ['untracked'] });
    expect(esbRequestStatus('verified', ['not-on-roll'])).toEqual({ status: 'accepted' });
  });

  it('a rejected request row carries its reasons into the CSV row', () => {
    const req = esbRequestStatus('rejected', ['residence-outside-jurisdiction']);
    const row = eavsSectionBRow({
      ...full,
      request: {
        ...full.request,
        status: req.status,
        statusReasons: req.reasons,
        statusReasonOther: req.other,
      },
    });
    expect(row.RequestStatusReasonType).toBe('["other"]');
    expect(row.RequestReasonOtherType).toBe('residence-outside-jurisdiction');
  });
});

describe('fwabOnlyTransaction (a FWAB from a voter without a request)', () => {
  const context = { election: full.election, jurisdiction: full.jurisdiction };
  const fwab = (f: Partial<FwabOnlyRecord>): FwabOnlyRecord => ({
    fwabId: '6f1c5e2a-0000-4000-8000-000000000001',
    receivedOn: d('2026-10-20'),
    method: 'fax',
    disposition: 'counted',
    ...f,
  });
  const cells = (f: FwabOnlyRecord) => eavsSectionBRow(fwabOnlyTransaction(f, context));

  it('is a row of its own: RequestType and BallotType fwab, received how and when it arrived, never transmitted', () => {
    const row = cells(fwab({}));
    expect(row).toMatchObject({
      TransactionId: '6f1c5e2a-0000-4000-8000-000000000001',
      UniqueId: '6f1c5e2a-0000-4000-8000-000000000001',
      RequestMethod: 'fax',
      RequestDate: '2026-10-20',
      RequestStatusType: 'accepted',
      RequestStatusReasonType: 'na',
      RequestType: 'fwab',
      BallotRejectionType: 'na',
      BallotReceivedDate: '2026-10-20',
      BallotReceivedMethod: 'fax',
      BallotTransmissionDate: 'na',
      BallotTransmissionMethod: 'na',
      BallotType: 'fwab',
      VoterMailingCountry: 'na',
      VoterType: 'na',
    });
  });

  it.each([
    ['voter-unregistered', ['voter-unregistered'], ''],
    ['fwab-not-timely', ['not-timely'], ''],
    [
      'no-timely-application',
      ['other'],
      'no timely application for a state absentee ballot (52 U.S.C. 20303(b))',
    ],
    ['state-ballot-counted', ['other'], 'superseded by the state absentee ballot'],
  ] as const)(
    'a FWAB rejected for %s: request rejected (other), ballot rejected %j',
    (reason, eavs, other) => {
      const row = cells(
        fwab({ disposition: reason === 'state-ballot-counted' ? 'superseded' : 'rejected', reason }),
      );
      expect(row.RequestStatusType).toBe('rejected');
      expect(row.RequestStatusReasonType).toBe('["other"]');
      expect(row.RequestReasonOtherType).toBe(reason);
      expect(row.BallotRejectionType).toBe(JSON.stringify(eavs));
      expect(row.BallotRejectionOtherType).toBe(other);
    },
  );

  it('says untracked where the platform did not record the method or the reason', () => {
    const row = cells(fwab({ method: undefined, disposition: 'rejected', reason: undefined }));
    expect(row).toMatchObject({
      RequestMethod: 'untracked',
      BallotReceivedMethod: 'untracked',
      RequestStatusReasonType: '["untracked"]',
      BallotRejectionType: '["rejected"]',
    });
  });

  it('validates against the table schema, next to FPCA rows, for every method and disposition', () => {
    const rows = [eavsSectionBRow(full)];
    let n = 0;
    for (const method of [undefined, 'mail', 'fax', 'email', 'in-person', 'online'] as const)
      for (const reason of [
        undefined,
        'voter-unregistered',
        'fwab-not-timely',
        'no-timely-application',
        'state-ballot-counted',
      ] as const)
        rows.push(
          cells(
            fwab({
              fwabId: `fwab-${n++}`,
              method,
              disposition: reason === undefined ? 'counted' : 'rejected',
              reason,
            }),
          ),
        );
    const [header, ...parsed] = parseCsv(eavsSectionBCsv(rows));
    expect(validateTable(schema, header, parsed)).toEqual([]);
  });
});
