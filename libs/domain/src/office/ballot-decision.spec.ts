import fc from 'fast-check';
import { BALLOT_STATUSES } from '../vocabulary';
import { BALLOT_REJECTION_TYPES } from './eavs-vocabulary';
import { decide, type BallotAction, type BallotState, type DecisionResult } from './ballot-decision';

function run(actions: BallotAction[], start: BallotState = { status: 'generated' }): DecisionResult {
  let state = start;
  let last: DecisionResult = { ok: true, state };
  for (const a of actions) {
    last = decide(state, a);
    if (!last.ok) return last;
    state = last.state;
  }
  return last;
}
const late = { type: 'return', assessment: { timely: false, reason: 'received-after-deadline' } } as const;
const onTime = { type: 'return', assessment: { timely: true } } as const;
const cureDeadline = '2026-11-12T17:00:00-05:00';

describe('decide', () => {
  it('walks the happy path generated → transmitted → returned → accepted', () => {
    expect(run([{ type: 'transmit' }, onTime, { type: 'accept' }])).toEqual({
      ok: true,
      state: { status: 'accepted' },
    });
  });

  it('rejects with EAVS reasons', () => {
    const r = run([
      { type: 'transmit' },
      onTime,
      { type: 'reject', reasons: ['missing-voter-signature', 'other'] },
    ]);
    expect(r).toEqual({
      ok: true,
      state: { status: 'rejected', reasons: ['missing-voter-signature', 'other'] },
    });
  });

  it('refuses illegal transitions with a typed error', () => {
    const r = decide({ status: 'generated' }, { type: 'accept' });
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'illegal-transition', from: 'generated', action: 'accept' }),
    });
    expect(decide({ status: 'accepted' }, { type: 'reject', reasons: ['rejected'] }).ok).toBe(false);
    expect(decide({ status: 'rejected', reasons: ['rejected'] }, { type: 'accept' }).ok).toBe(false);
    expect(decide({ status: 'transmitted' }, { type: 'transmit' }).ok).toBe(false);
  });

  it('a late return can only be rejected, with the late reason', () => {
    expect(run([{ type: 'transmit' }, late, { type: 'accept' }])).toMatchObject({
      ok: false,
      error: { code: 'late-return-must-be-rejected-as-late' },
    });
    expect(
      run([{ type: 'transmit' }, late, { type: 'reject', reasons: ['missing-voter-signature'] }]),
    ).toMatchObject({
      ok: false,
      error: { code: 'late-return-must-be-rejected-as-late' },
    });
    expect(
      run([
        { type: 'transmit' },
        late,
        { type: 'request-cure', reason: 'missing-voter-signature', cureDeadline },
      ]),
    ).toMatchObject({
      ok: false,
      error: { code: 'late-return-cannot-be-cured' },
    });
    expect(run([{ type: 'transmit' }, late, { type: 'reject', reasons: ['not-timely'] }])).toEqual({
      ok: true,
      state: { status: 'rejected', reasons: ['not-timely'] },
    });
    const postmarkLate = {
      type: 'return',
      assessment: { timely: false, reason: 'postmarked-after-election-day' },
    } as const;
    expect(run([{ type: 'transmit' }, postmarkLate, { type: 'reject', reasons: ['postmark'] }]).ok).toBe(
      true,
    );
  });

  it('policy may allow accepting a late return', () => {
    const returned: BallotState = {
      status: 'returned',
      return: { timely: false, reason: 'received-after-deadline' },
    };
    expect(decide(returned, { type: 'accept' }, { acceptLateReturns: true })).toEqual({
      ok: true,
      state: { status: 'accepted' },
    });
  });

  it('cure: requested, cured in time, then accepted', () => {
    expect(
      run([
        { type: 'transmit' },
        onTime,
        { type: 'request-cure', reason: 'mismatch-voter-signature', cureDeadline },
        { type: 'cure', at: '2026-11-12T16:59:59-05:00' },
        { type: 'accept' },
      ]),
    ).toEqual({ ok: true, state: { status: 'accepted' } });
  });

  it('cure after the deadline is refused; deadline passing rejects for the uncured defect', () => {
    const requested: BallotState = {
      status: 'cure-requested',
      reason: 'missing-voter-signature',
      cureDeadline,
    };
    expect(decide(requested, { type: 'cure', at: '2026-11-12T22:00:01Z' })).toMatchObject({
      ok: false,
      error: { code: 'cure-after-deadline' },
    });
    expect(
      decide(requested, { type: 'cure-deadline-passed', at: '2026-11-12T12:00:00-05:00' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'cure-deadline-not-passed' },
    });
    expect(decide(requested, { type: 'cure-deadline-passed', at: '2026-11-12T22:00:01Z' })).toEqual({
      ok: true,
      state: { status: 'rejected', reasons: ['missing-voter-signature'] },
    });
  });

  it('an unreturned ballot can only be rejected for reasons that need no envelope', () => {
    expect(decide({ status: 'transmitted' }, { type: 'reject', reasons: ['undeliverable'] }).ok).toBe(true);
    expect(
      decide({ status: 'transmitted' }, { type: 'reject', reasons: ['missing-voter-signature'] }),
    ).toMatchObject({
      ok: false,
      error: { code: 'reason-not-applicable' },
    });
  });

  it('validates timestamps', () => {
    const returned: BallotState = { status: 'returned', return: { timely: true } };
    expect(
      decide(returned, { type: 'request-cure', reason: 'other', cureDeadline: 'next week' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'invalid-timestamp' },
    });
  });

  const actionArb: fc.Arbitrary<BallotAction> = fc.oneof(
    fc.constant<BallotAction>({ type: 'transmit' }),
    fc.constant<BallotAction>(onTime),
    fc.constant<BallotAction>(late),
    fc.constant<BallotAction>({ type: 'accept' }),
    fc
      .subarray([...BALLOT_REJECTION_TYPES], { minLength: 1 })
      .map((r): BallotAction => ({ type: 'reject', reasons: [r[0], ...r.slice(1)] })),
    fc.constant<BallotAction>({ type: 'request-cure', reason: 'missing-voter-signature', cureDeadline }),
    fc
      .constantFrom('2026-11-10T00:00:00Z', '2026-11-20T00:00:00Z')
      .map((at): BallotAction => ({ type: 'cure', at })),
    fc
      .constantFrom('2026-11-10T00:00:00Z', '2026-11-20T00:00:00Z')
      .map((at): BallotAction => ({ type: 'cure-deadline-passed', at })),
  );

  it('property: terminal states never change, statuses stay in the vocabulary, late never becomes accepted', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 12 }), (actions) => {
        let state: BallotState = { status: 'generated' };
        let wasLate = false;
        for (const a of actions) {
          const r = decide(state, a);
          if (state.status === 'accepted' || state.status === 'rejected') {
            if (r.ok) return false;
            continue;
          }
          if (!r.ok) continue;
          if (!BALLOT_STATUSES.includes(r.state.status)) return false;
          if (r.state.status === 'returned' && !r.state.return.timely) wasLate = true;
          if (wasLate && r.state.status === 'accepted') return false;
          if (wasLate && r.state.status === 'rejected' && !r.state.reasons.includes('not-timely'))
            return false;
          state = r.state;
        }
        return true;
      }),
    );
  });
});
