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
      expect(
        resolveFwab({ ...base, stateBallot: { receivedAt, timely: true, rejected: false } }),
      ).toMatchObject({
        counts: 'state-ballot',
        fwab: { disposition: 'superseded', reason: 'state-ballot-counted' },
      });
    }
  });

  it('a late state ballot leaves the timely FWAB counted', () => {
    expect(
      resolveFwab({
        ...base,
        stateBallot: { receivedAt: '2026-11-20T10:00:00-05:00', timely: false, rejected: false },
      }).counts,
    ).toBe('fwab');
  });

  it('a timely state ballot the office rejected no longer supersedes the FWAB: the FWAB is judged on its own', () => {
    const stateBallot = { receivedAt: '2026-10-20T10:00:00-05:00', timely: true, rejected: true };
    expect(resolveFwab({ ...base, stateBallot })).toEqual({
      counts: 'fwab',
      fwab: { disposition: 'counted' },
      fwabIsRegistrationApplication: false,
    });
    // and still not when the FWAB itself fails a rule
    expect(resolveFwab({ ...base, stateBallot, fwab: { ...base.fwab, timely: false } })).toMatchObject({
      counts: 'none',
      fwab: { disposition: 'rejected', reason: 'fwab-not-timely' },
    });
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

  it('property: at most one ballot counts; a timely state ballot counts unless rejected; a rejected one never counts; the FWAB counts only if timely', () => {
    const dateArb = fc
      .integer({ min: 0, max: 60 })
      .map((n) => new Date(Date.UTC(2026, 8, 1) + n * 86_400_000).toISOString().slice(0, 10) as IsoDate);
    const ballotArb = fc.record({ receivedAt: dateArb.map((x) => `${x}T12:00:00Z`), timely: fc.boolean() });
    const stateArb = fc.record({
      receivedAt: dateArb.map((x) => `${x}T12:00:00Z`),
      timely: fc.boolean(),
      rejected: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.option(dateArb, { nil: undefined }),
        fc.option(stateArb, { nil: undefined }),
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
          if (stateBallot?.timely === true && !stateBallot.rejected)
            return r.counts === 'state-ballot' && r.fwab.disposition === 'superseded';
          if (r.counts === 'state-ballot') return false; // a rejected or late state ballot never counts
          if (r.counts === 'fwab') return fwab.timely && (voterRegistered || fwabAsRegistration);
          return r.counts === 'none' && r.fwab.disposition === 'rejected';
        },
      ),
    );
  });
});
