import fc from 'fast-check';
import type { IsoDate } from '../ids';
import { resolveFwab, type FwabInput } from './fwab';

const d = (s: string): IsoDate => s as IsoDate;
const base: FwabInput = {
  appliedOn: d('2026-09-01'),
  applicationDeadline: d('2026-10-27'),
  fwab: { receivedAt: '2026-10-30T10:00:00-05:00', timely: true },
  policy: { fwabAsRegistration: false },
  voterRegistered: true,
};

describe('resolveFwab', () => {
  it('counts the FWAB when the state ballot never arrived and the voter applied in time', () => {
    expect(resolveFwab(base)).toEqual({
      counts: 'fwab',
      fwab: { disposition: 'counted' },
      fwabIsRegistrationApplication: false,
    });
  });

  it('a timely state ballot supersedes the FWAB whichever arrived first', () => {
    for (const receivedAt of ['2026-10-20T10:00:00-05:00', '2026-11-02T10:00:00-05:00']) {
      expect(resolveFwab({ ...base, stateBallot: { receivedAt, timely: true } })).toMatchObject({
        counts: 'state-ballot',
        fwab: { disposition: 'superseded', reason: 'state-ballot-counted' },
      });
    }
  });

  it('a late state ballot leaves the timely FWAB counted', () => {
    expect(
      resolveFwab({ ...base, stateBallot: { receivedAt: '2026-11-20T10:00:00-05:00', timely: false } })
        .counts,
    ).toBe('fwab');
  });

  it('does not count a FWAB without a timely application', () => {
    expect(resolveFwab({ ...base, appliedOn: d('2026-10-28') })).toMatchObject({
      counts: 'none',
      fwab: { disposition: 'rejected', reason: 'no-timely-application' },
    });
    expect(resolveFwab({ ...base, appliedOn: undefined }).fwab).toEqual({
      disposition: 'rejected',
      reason: 'no-timely-application',
    });
  });

  it('does not count a late FWAB', () => {
    expect(resolveFwab({ ...base, fwab: { ...base.fwab, timely: false } }).fwab).toEqual({
      disposition: 'rejected',
      reason: 'fwab-not-timely',
    });
  });

  it('unregistered voter: rejected without the policy; with it the FWAB is also the registration application', () => {
    const unreg = { ...base, appliedOn: undefined, voterRegistered: false };
    expect(resolveFwab(unreg)).toMatchObject({
      counts: 'none',
      fwab: { reason: 'voter-unregistered' },
      fwabIsRegistrationApplication: false,
    });
    const withPolicy = { ...unreg, policy: { fwabAsRegistration: true } };
    // FWAB received 2026-10-30, after the application deadline 2026-10-27
    expect(resolveFwab(withPolicy)).toMatchObject({
      counts: 'none',
      fwab: { reason: 'no-timely-application' },
      fwabIsRegistrationApplication: true,
    });
    expect(
      resolveFwab({ ...withPolicy, fwab: { receivedAt: '2026-10-15T10:00:00-05:00', timely: true } }),
    ).toEqual({
      counts: 'fwab',
      fwab: { disposition: 'counted' },
      fwabIsRegistrationApplication: true,
    });
  });

  it('property: at most one ballot counts; a timely state ballot always counts; the FWAB counts only if timely', () => {
    const dateArb = fc
      .integer({ min: 0, max: 60 })
      .map((n) => new Date(Date.UTC(2026, 8, 1) + n * 86_400_000).toISOString().slice(0, 10) as IsoDate);
    const ballotArb = fc.record({ receivedAt: dateArb.map((x) => `${x}T12:00:00Z`), timely: fc.boolean() });
    fc.assert(
      fc.property(
        fc.option(dateArb, { nil: undefined }),
        fc.option(ballotArb, { nil: undefined }),
        ballotArb,
        fc.boolean(),
        fc.boolean(),
        (appliedOn, stateBallot, fwab, fwabAsRegistration, voterRegistered) => {
          const r = resolveFwab({
            appliedOn,
            applicationDeadline: d('2026-10-01'),
            stateBallot,
            fwab,
            policy: { fwabAsRegistration },
            voterRegistered,
          });
          if (stateBallot?.timely === true)
            return r.counts === 'state-ballot' && r.fwab.disposition === 'superseded';
          if (r.counts === 'fwab') return fwab.timely && (voterRegistered || fwabAsRegistration);
          return r.counts === 'none' && r.fwab.disposition === 'rejected';
        },
      ),
    );
  });
});
