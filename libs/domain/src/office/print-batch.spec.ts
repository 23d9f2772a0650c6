import {
  batchSendPlan,
  mailAddressBlock,
  printBatchFilterProblems,
  returnAddressLines,
  routingZipOf,
  selectForPrintBatch,
  type PrintBatchCandidate,
} from './print-batch';

const base: PrintBatchCandidate = {
  ballotId: 'b0',
  electionId: 'e1',
  deliveryMethod: 'mail',
  ready: true,
  transmitted: false,
  readyOn: '2026-09-20',
  country: 'DE',
};

describe('print batch selection', () => {
  const all: PrintBatchCandidate[] = [
    base,
    { ...base, ballotId: 'email', deliveryMethod: 'email' },
    { ...base, ballotId: 'fax', deliveryMethod: 'fax' },
    { ...base, ballotId: 'other-election', electionId: 'e2' },
    { ...base, ballotId: 'not-ready', ready: false },
    { ...base, ballotId: 'sent', transmitted: true },
    { ...base, ballotId: 'batched', batchId: 'x' },
    { ...base, ballotId: 'late', readyOn: '2026-09-25' },
    { ...base, ballotId: 'fr', country: 'FR' },
  ];

  it('takes only ready, unsent, unbatched mail ballots of the election', () => {
    expect(selectForPrintBatch(all, { electionId: 'e1' }).map((c) => c.ballotId)).toEqual([
      'b0',
      'late',
      'fr',
    ]);
  });

  it('narrows by ready date (inclusive) and by country', () => {
    expect(
      selectForPrintBatch(all, { electionId: 'e1', readyTo: '2026-09-20' }).map((c) => c.ballotId),
    ).toEqual(['b0', 'fr']);
    expect(
      selectForPrintBatch(all, { electionId: 'e1', readyFrom: '2026-09-25' }).map((c) => c.ballotId),
    ).toEqual(['late']);
    expect(selectForPrintBatch(all, { electionId: 'e1', country: 'FR' }).map((c) => c.ballotId)).toEqual([
      'fr',
    ]);
  });

  it('names every bad filter field', () => {
    expect(printBatchFilterProblems({ electionId: 'e1', readyFrom: '2026-09-01', country: 'DE' })).toEqual(
      [],
    );
    const bad = printBatchFilterProblems({
      electionId: '',
      readyFrom: '2026-13-01',
      readyTo: 'x',
      country: 'de',
    });
    expect(bad.map((p) => p.field)).toEqual(['electionId', 'readyFrom', 'readyTo', 'country']);
    expect(
      printBatchFilterProblems({ electionId: 'e1', readyFrom: '2026-09-02', readyTo: '2026-09-01' }).map(
        (p) => p.field,
      ),
    ).toEqual(['readyTo']);
  });
});

describe('outbound envelopes', () => {
  const names = (c: string) => ({ DE: 'Germany', JP: 'Japan' })[c] ?? c;

  it('addresses US and military mail in capitals with CITY ST ZIP last', () => {
    expect(
      mailAddressBlock(
        'Ana Ruiz',
        { lines: ['Unit 2050 Box 4190'], city: 'APO', region: 'AP', postalCode: '96278-2050', country: 'US' },
        names,
      ),
    ).toEqual(['ANA RUIZ', 'UNIT 2050 BOX 4190', 'APO AP 96278-2050']);
  });

  it('ends mail abroad with the country name in capitals, keeping the local lines', () => {
    expect(
      mailAddressBlock(
        'Jörg Weiß',
        { lines: ['Hauptstraße 5', ' '], city: 'Berlin', postalCode: '10115', country: 'DE' },
        names,
      ),
    ).toEqual(['Jörg Weiß', 'Hauptstraße 5', '10115 Berlin', 'GERMANY']);
  });

  it('routes the barcode to a US ZIP only', () => {
    expect(routingZipOf({ country: 'US', postalCode: '96278-2050' })).toBe('962782050');
    expect(routingZipOf({ country: 'PR', postalCode: '00901' })).toBe('00901');
    expect(routingZipOf({ country: 'US', postalCode: '9627' })).toBe('');
    expect(routingZipOf({ country: 'DE', postalCode: '10115' })).toBe('');
    expect(routingZipOf({ country: 'US' })).toBe('');
  });
});

describe('marking a batch sent', () => {
  it('transmits generated ballots, leaves the ones already sent, skips void ones, refuses any other', () => {
    expect(
      batchSendPlan([
        { ballotId: 'a', status: 'generated', transmitted: false },
        { ballotId: 'b', status: 'transmitted', transmitted: true },
        { ballotId: 'c', status: 'returned', transmitted: true },
        { ballotId: 'd', status: 'rejected', transmitted: false },
        { ballotId: 'e', status: 'void', transmitted: false },
      ]),
    ).toEqual({ transmit: ['a'], already: ['b', 'c'], voided: ['e'], conflicts: ['d'] });
    expect(batchSendPlan([])).toEqual({ transmit: [], already: [], voided: [], conflicts: [] });
  });
});

describe("the voter's return address on the return envelope", () => {
  const names = (c: string) => ({ DE: 'Germany' })[c] ?? c;
  it('fits in three lines: streets, city line, country', () => {
    expect(
      returnAddressLines(
        { lines: ['c/o Müller', 'Hauptstraße 5'], city: 'Berlin', postalCode: '10115', country: 'DE' },
        names,
      ),
    ).toEqual(['c/o Müller, Hauptstraße 5', '10115 Berlin', 'GERMANY']);
    expect(
      returnAddressLines(
        { lines: ['PSC 1234 Box 5'], city: 'APO', region: 'AE', postalCode: '09021', country: 'US' },
        names,
      ),
    ).toEqual(['PSC 1234 BOX 5', 'APO AE 09021']);
  });
});
