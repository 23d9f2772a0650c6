import fc from 'fast-check';
import type { IsoDate } from '../ids';
import { currentElections, ELECTION_FOLLOW_UP_DAYS } from './current-elections';
import { addDays } from './dates';

const e = (electionId: string, date: string) => ({ electionId, date: date as IsoDate });
const TODAY = '2026-12-01' as IsoDate;

describe('currentElections', () => {
  it("shows this year's and next year's elections side by side, in date order", () => {
    const got = currentElections(
      [e('primary-2027', '2027-03-02'), e('general-2026', '2026-11-03'), e('special-2027', '2027-06-08')],
      TODAY,
    );
    expect(got.map((x) => x.electionId)).toEqual(['general-2026', 'primary-2027', 'special-2027']);
  });

  it('drops an election once its follow-up period is over, keeping the last one when none is left', () => {
    const old = e('general-2024', '2024-11-05');
    const recent = e('general-2026', addDays(TODAY, -ELECTION_FOLLOW_UP_DAYS));
    expect(currentElections([old, recent], TODAY)).toEqual([recent]);
    expect(currentElections([old, e('primary-2026', '2026-03-03')], TODAY)).toEqual([
      e('primary-2026', '2026-03-03'),
    ]);
    expect(currentElections([], TODAY)).toEqual([]);
  });

  it('refuses a negative follow-up period', () => {
    expect(() => currentElections([], TODAY, -1)).toThrow(RangeError);
  });

  it('never loses an election ahead of today and never repeats one (property)', () => {
    const day = fc.integer({ min: -400, max: 400 }).map((n) => addDays(TODAY, n));
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.uuid(), day), { selector: ([id]) => id }), (pairs) => {
        const elections = pairs.map(([id, d]) => e(id, d));
        const got = currentElections(elections, TODAY);
        const ids = got.map((x) => x.electionId);
        expect(new Set(ids).size).toBe(ids.length);
        for (const x of elections) if (x.date >= TODAY) expect(ids).toContain(x.electionId);
        for (let i = 1; i < got.length; i++) expect(got[i - 1].date <= got[i].date).toBe(true);
        if (elections.length > 0) expect(got.length).toBeGreaterThan(0);
      }),
    );
  });
});
