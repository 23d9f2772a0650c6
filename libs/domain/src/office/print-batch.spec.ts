import { printBatchFilterProblems, selectForPrintBatch, type PrintBatchCandidate } from './print-batch';

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
