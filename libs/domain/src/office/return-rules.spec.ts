import fc from 'fast-check';
import type { IsoDate } from '../ids';
import {
  assessReturn,
  rejectionTypeForLateReturn,
  returnDateProblems,
  RETURN_CLOCK_SKEW_MS,
  type ReturnRules,
} from './return-rules';

const d = (s: string): IsoDate => s as IsoDate;

describe('assessReturn: received-by', () => {
  const rules: ReturnRules = { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' };

  it('is timely at the deadline and late one second after', () => {
    expect(assessReturn({ rules, receivedAt: '2026-11-03T20:00:00-05:00', method: 'mail' })).toEqual({
      timely: true,
    });
    expect(assessReturn({ rules, receivedAt: '2026-11-03T20:00:01-05:00', method: 'fax' })).toEqual({
      timely: false,
      reason: 'received-after-deadline',
    });
  });

  it('compares instants, not wall clocks: the offset of each timestamp matters', () => {
    // 20:00 EST = 01:00Z next day
    expect(assessReturn({ rules, receivedAt: '2026-11-04T01:00:00Z', method: 'email' }).timely).toBe(true);
    expect(assessReturn({ rules, receivedAt: '2026-11-04T01:00:01Z', method: 'email' }).timely).toBe(false);
    // 20:30 in Chicago (-06:00) is 21:30 in New York: late
    expect(assessReturn({ rules, receivedAt: '2026-11-03T19:30:00-06:00', method: 'online' }).timely).toBe(
      false,
    );
  });

  it('rejects timestamps without an offset', () => {
    expect(() => assessReturn({ rules, receivedAt: '2026-11-03T10:00:00', method: 'mail' })).toThrow(
      RangeError,
    );
    expect(() =>
      assessReturn({
        rules: { kind: 'received-by', deadline: '2026-11-03' },
        receivedAt: '2026-11-03T10:00:00Z',
        method: 'mail',
      }),
    ).toThrow(RangeError);
  });

  it('property: timely iff receivedAt <= deadline', () => {
    const base = Date.parse('2026-11-04T01:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: -10 * 86_400, max: 10 * 86_400 }), (deltaSeconds) => {
        const receivedAt = new Date(base + deltaSeconds * 1000).toISOString();
        return assessReturn({ rules, receivedAt, method: 'mail' }).timely === deltaSeconds <= 0;
      }),
    );
  });
});

describe('assessReturn: postmarked-by-election-day', () => {
  const rules: ReturnRules = {
    kind: 'postmarked-by-election-day',
    electionDate: d('2026-11-03'),
    receiveWithinDays: 7,
    utcOffset: '-05:00',
  };

  it('accepts a mailed ballot postmarked on election day and received within the window', () => {
    expect(
      assessReturn({
        rules,
        receivedAt: '2026-11-10T23:59:59-05:00',
        method: 'mail',
        postmarkDate: d('2026-11-03'),
      }),
    ).toEqual({ timely: true });
  });

  it('rejects a ballot received after the window, whatever its postmark', () => {
    expect(
      assessReturn({
        rules,
        receivedAt: '2026-11-11T00:00:00-05:00',
        method: 'mail',
        postmarkDate: d('2026-10-20'),
      }),
    ).toEqual({ timely: false, reason: 'received-after-deadline' });
    // same instant seen from UTC
    expect(
      assessReturn({
        rules,
        receivedAt: '2026-11-11T05:00:00Z',
        method: 'mail',
        postmarkDate: d('2026-10-20'),
      }).timely,
    ).toBe(false);
    expect(
      assessReturn({
        rules,
        receivedAt: '2026-11-11T04:59:59Z',
        method: 'mail',
        postmarkDate: d('2026-10-20'),
      }).timely,
    ).toBe(true);
  });

  it('rejects a postmark after election day', () => {
    expect(
      assessReturn({
        rules,
        receivedAt: '2026-11-06T10:00:00-05:00',
        method: 'mail',
        postmarkDate: d('2026-11-04'),
      }),
    ).toEqual({ timely: false, reason: 'postmarked-after-election-day' });
  });

  it('a mailed ballot received by the end of election day is on time whatever its postmark', () => {
    expect(assessReturn({ rules, receivedAt: '2026-11-03T23:59:59-05:00', method: 'mail' }).timely).toBe(
      true,
    );
    expect(assessReturn({ rules, receivedAt: '2026-10-20T10:00:00-05:00', method: 'mail' }).timely).toBe(
      true,
    );
  });

  it('applies the missing-postmark policy after election day', () => {
    const dayAfter = { receivedAt: '2026-11-04T00:00:00-05:00', method: 'mail' as const };
    const twoDaysAfter = { receivedAt: '2026-11-05T10:00:00-05:00', method: 'mail' as const };
    expect(assessReturn({ rules, ...dayAfter })).toEqual({ timely: false, reason: 'missing-postmark' });
    const presume1: ReturnRules = { ...rules, missingPostmark: { timelyIfReceivedWithinDays: 1 } };
    expect(assessReturn({ rules: presume1, ...dayAfter }).timely).toBe(true);
    expect(assessReturn({ rules: presume1, ...twoDaysAfter })).toEqual({
      timely: false,
      reason: 'missing-postmark',
    });
    const presume30: ReturnRules = { ...rules, missingPostmark: { timelyIfReceivedWithinDays: 30 } };
    expect(assessReturn({ rules: presume30, ...twoDaysAfter }).timely).toBe(true);
    // the receipt window still applies
    expect(
      assessReturn({ rules: presume30, receivedAt: '2026-11-11T00:00:00-05:00', method: 'mail' }),
    ).toEqual({
      timely: false,
      reason: 'received-after-deadline',
    });
  });

  it('property: under the postmark rule, a mailed ballot is on time iff received in the window and (by election day or postmarked by it)', () => {
    const electionDayEnd = Date.parse('2026-11-04T04:59:59.999Z');
    const windowEnd = Date.parse('2026-11-11T04:59:59.999Z');
    fc.assert(
      fc.property(
        fc.integer({ min: -20 * 86_400, max: 20 * 86_400 }),
        fc.option(fc.integer({ min: -10, max: 10 }), { nil: undefined }),
        (secondsFromElectionDayEnd, postmarkOffset) => {
          const at = electionDayEnd + secondsFromElectionDayEnd * 1000;
          const postmarkDate =
            postmarkOffset === undefined
              ? undefined
              : d(new Date(Date.UTC(2026, 10, 3 + postmarkOffset)).toISOString().slice(0, 10));
          const r = assessReturn({
            rules,
            receivedAt: new Date(at).toISOString(),
            method: 'mail',
            postmarkDate,
          });
          const expected =
            at <= windowEnd &&
            (at <= electionDayEnd || (postmarkOffset !== undefined && postmarkOffset <= 0));
          return r.timely === expected;
        },
      ),
    );
  });

  it('electronic and in-person returns have no postmark: due by the end of election day', () => {
    for (const method of ['fax', 'email', 'online', 'in-person'] as const) {
      expect(assessReturn({ rules, receivedAt: '2026-11-03T23:59:59-05:00', method }).timely).toBe(true);
      expect(assessReturn({ rules, receivedAt: '2026-11-04T00:00:00-05:00', method })).toEqual({
        timely: false,
        reason: 'electronic-return-after-election-day',
      });
    }
  });

  it('honours a close time', () => {
    const closing: ReturnRules = { ...rules, closeTime: '19:00' };
    expect(
      assessReturn({ rules: closing, receivedAt: '2026-11-03T19:00:00-05:00', method: 'fax' }).timely,
    ).toBe(true);
    expect(
      assessReturn({ rules: closing, receivedAt: '2026-11-03T19:00:01-05:00', method: 'fax' }).timely,
    ).toBe(false);
  });

  it('maps late reasons to EAVS rejection types', () => {
    expect(rejectionTypeForLateReturn('received-after-deadline')).toBe('not-timely');
    expect(rejectionTypeForLateReturn('electronic-return-after-election-day')).toBe('not-timely');
    expect(rejectionTypeForLateReturn('postmarked-after-election-day')).toBe('postmark');
    expect(rejectionTypeForLateReturn('missing-postmark')).toBe('postmark');
  });

  it('rejects malformed rules', () => {
    expect(() =>
      assessReturn({
        rules: { ...rules, utcOffset: 'EST' },
        receivedAt: '2026-11-03T10:00:00Z',
        method: 'mail',
      }),
    ).toThrow(RangeError);
    expect(() =>
      assessReturn({
        rules: { ...rules, receiveWithinDays: -1 },
        receivedAt: '2026-11-03T10:00:00Z',
        method: 'mail',
      }),
    ).toThrow(RangeError);
  });
});

describe('returnDateProblems', () => {
  const now = new Date('2026-11-05T15:00:00Z');
  const sentAt = new Date('2026-09-19T10:00:00Z');
  const at = (iso: string) => ({ receivedAt: new Date(iso), now, sentAt });

  it('accepts a receipt between the sending and now (clock skew of a few minutes allowed)', () => {
    expect(returnDateProblems(at('2026-10-20T10:00:00-04:00'))).toEqual([]);
    expect(returnDateProblems(at('2026-11-05T15:04:00Z'))).toEqual([]);
    expect(
      returnDateProblems({ ...at('2026-10-20T10:00:00Z'), postmarkDate: '2026-10-15' as IsoDate }),
    ).toEqual([]);
  });

  it('refuses a receipt in the future or before the ballot was sent', () => {
    expect(returnDateProblems(at('2026-11-06T10:00:00Z'))).toEqual([
      { field: 'receivedAt', message: expect.stringContaining('in the future') },
    ]);
    expect(returnDateProblems(at('2026-09-18T10:00:00Z'))).toEqual([
      { field: 'receivedAt', message: expect.stringContaining('before the ballot was sent') },
    ]);
  });

  it('refuses a postmark after the receipt or before the sending', () => {
    expect(
      returnDateProblems({ ...at('2026-10-20T10:00:00Z'), postmarkDate: '2026-10-25' as IsoDate }).map(
        (p) => p.field,
      ),
    ).toEqual(['postmarkDate']);
    expect(
      returnDateProblems({ ...at('2026-10-20T10:00:00Z'), postmarkDate: '2026-09-01' as IsoDate }).map(
        (p) => p.field,
      ),
    ).toEqual(['postmarkDate']);
  });

  it('property: any receipt time in [sent, now + skew] has no receivedAt problem, any other has one', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10 * 86_400_000, max: 60 * 86_400_000 }), (offset) => {
        const receivedAt = new Date(sentAt.getTime() + offset);
        const ok = offset >= 0 && receivedAt.getTime() <= now.getTime() + RETURN_CLOCK_SKEW_MS;
        const problems = returnDateProblems({ receivedAt, now, sentAt }).filter(
          (p) => p.field === 'receivedAt',
        );
        return ok ? problems.length === 0 : problems.length === 1;
      }),
    );
  });
});
