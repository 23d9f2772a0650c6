import fc from 'fast-check';
import type { IsoDate } from '../ids';
import { moveActDay45, moveActDueDate, moveActStatus, moveActSummary, MOVE_ACT_STATUSES } from './move-act';

const d = (s: string): IsoDate => s as IsoDate;
const E = d('2026-11-03');

describe('MOVE Act 45-day monitor', () => {
  it('day 45 is the election date minus 45 days', () => {
    expect(moveActDay45(E)).toBe('2026-09-19');
    expect(moveActDay45(d('2024-11-05'))).toBe('2024-09-21');
  });

  it('requests received by day 45 are due on day 45; later ones within the office target', () => {
    expect(moveActDueDate(E, d('2026-06-01'), 3)).toBe('2026-09-19');
    expect(moveActDueDate(E, d('2026-09-19'), 3)).toBe('2026-09-19');
    expect(moveActDueDate(E, d('2026-09-20'), 3)).toBe('2026-09-23');
  });

  it('classifies transmitted requests as on-time or late', () => {
    const row = {
      electionDate: E,
      requestReceivedOn: d('2026-08-01'),
      officeTargetDays: 3,
      today: d('2026-10-01'),
    };
    expect(moveActStatus({ ...row, transmittedOn: d('2026-09-19') }).status).toBe('on-time');
    expect(moveActStatus({ ...row, transmittedOn: d('2026-09-20') }).status).toBe('late');
  });

  it('classifies untransmitted requests as due, at-risk or late', () => {
    const row = { electionDate: E, requestReceivedOn: d('2026-08-01'), officeTargetDays: 3 };
    expect(moveActStatus({ ...row, today: d('2026-09-16') })).toMatchObject({ status: 'due', daysLeft: 3 });
    expect(moveActStatus({ ...row, today: d('2026-09-17') })).toMatchObject({
      status: 'at-risk',
      daysLeft: 2,
    });
    expect(moveActStatus({ ...row, today: d('2026-09-19') })).toMatchObject({
      status: 'at-risk',
      daysLeft: 0,
    });
    expect(moveActStatus({ ...row, today: d('2026-09-20') })).toMatchObject({ status: 'late', daysLeft: -1 });
    expect(moveActStatus({ ...row, today: d('2026-09-14'), atRiskDays: 5 }).status).toBe('at-risk');
  });

  it('summarises per status and per due date', () => {
    const rows = [
      {
        electionDate: E,
        requestReceivedOn: d('2026-08-01'),
        officeTargetDays: 3,
        transmittedOn: d('2026-09-01'),
      },
      { electionDate: E, requestReceivedOn: d('2026-08-02'), officeTargetDays: 3 },
      { electionDate: E, requestReceivedOn: d('2026-09-25'), officeTargetDays: 3 },
      { electionDate: E, requestReceivedOn: d('2026-09-26'), officeTargetDays: 3 },
    ];
    const s = moveActSummary(rows, d('2026-09-27'));
    expect(s.total).toBe(4);
    expect(s.byStatus).toEqual({ 'on-time': 1, due: 0, 'at-risk': 2, late: 1 });
    expect(s.byDueDate).toEqual([
      { dueDate: '2026-09-19', total: 2, 'on-time': 1, due: 0, 'at-risk': 0, late: 1 },
      { dueDate: '2026-09-28', total: 1, 'on-time': 0, due: 0, 'at-risk': 1, late: 0 },
      { dueDate: '2026-09-29', total: 1, 'on-time': 0, due: 0, 'at-risk': 1, late: 0 },
    ]);
  });

  it('property: the due date is never after day 45 for early requests, counts add up', () => {
    const dateArb = fc
      .integer({ min: 0, max: 150 })
      .map((n) => new Date(Date.UTC(2026, 5, 1) + n * 86_400_000).toISOString().slice(0, 10) as IsoDate);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            received: dateArb,
            sent: fc.option(dateArb, { nil: undefined }),
            target: fc.integer({ min: 0, max: 10 }),
          }),
          { maxLength: 30 },
        ),
        dateArb,
        (raw, today) => {
          const rows = raw.map((r) => ({
            electionDate: E,
            requestReceivedOn: r.received,
            transmittedOn: r.sent,
            officeTargetDays: r.target,
          }));
          for (const row of rows) {
            const due = moveActDueDate(E, row.requestReceivedOn, row.officeTargetDays);
            if (row.requestReceivedOn <= moveActDay45(E) && due !== moveActDay45(E)) return false;
            if (due < row.requestReceivedOn) return false;
          }
          const s = moveActSummary(rows, today);
          const sum = MOVE_ACT_STATUSES.reduce((n, k) => n + s.byStatus[k], 0);
          const perDay = s.byDueDate.reduce((n, x) => n + x.total, 0);
          return sum === rows.length && perDay === rows.length;
        },
      ),
    );
  });
});
