import fc from 'fast-check';
import type { IsoDate } from '../ids';
import type { EligibilityContext } from './eligibility';
import { validFpcaExample } from './fixtures';
import { candidateLastNames, matchVoter, verifyRequest, type RollRecord } from './matching';
import { normaliseName } from './names';
import { hmacId } from './roll';

const secret = Buffer.alloc(32, 7);
const hash = (kind: 'drivers-license' | 'ssn4', v: string): string => hmacId(secret, kind, v);
const ctx: EligibilityContext = {
  jurisdiction: { id: 'us-oh-mahoning', state: 'OH', county: 'Mahoning' },
  electionDate: '2026-11-03' as IsoDate,
  today: '2026-03-01' as IsoDate,
};

function roll(over: Partial<RollRecord> = {}): RollRecord {
  return {
    id: 'OH0001',
    firstName: 'jane',
    middleName: 'a',
    lastName: 'doe',
    dateOfBirth: '1993-11-12' as IsoDate,
    driversLicenseHash: hash('drivers-license', 'AA999888'),
    ssn4Hash: hash('ssn4', '1234'),
    residence: { street: '3818 Belmont Ave', city: 'Youngstown', state: 'OH', zip: '44505' },
    county: 'Mahoning',
    precinct: '12A',
    status: 'active',
    ...over,
  };
}
const other = roll({ id: 'OH0002', firstName: 'john', dateOfBirth: '1980-01-01' as IsoDate });

describe('matchVoter', () => {
  it('verifies a unique name + date of birth match with the same ID hash', () => {
    expect(matchVoter(validFpcaExample(), [other, roll()], hash)).toEqual({
      outcome: 'verified',
      rollRecordId: 'OH0001',
    });
  });

  it('matches despite spelling differences in accents, case, hyphens and apostrophes', () => {
    const b = validFpcaExample();
    b.name = { first: 'Zoë', last: "O'Brien-Smith" };
    expect(matchVoter(b, [roll({ firstName: 'zoe', lastName: 'obrien smith' })], hash)).toEqual({
      outcome: 'verified',
      rollRecordId: 'OH0001',
    });
  });

  it('matches on the previous name', () => {
    const b = validFpcaExample();
    b.name = { first: 'Jane', last: 'Müller' };
    b.previousName = { first: 'Jane', last: 'Doe' };
    expect(matchVoter(b, [roll()], hash)).toMatchObject({ outcome: 'verified' });
  });

  it('compares ssn4 and state-id (against the driver-license column)', () => {
    const b = validFpcaExample();
    b.identification = { type: 'ssn4', value: '1234' };
    expect(matchVoter(b, [roll()], hash)).toMatchObject({ outcome: 'verified' });
    b.identification = { type: 'state-id', value: 'aa-999-888' };
    expect(matchVoter(b, [roll()], hash)).toMatchObject({ outcome: 'verified' });
  });

  it('an ID mismatch needs review', () => {
    const b = validFpcaExample();
    b.identification = { type: 'ssn4', value: '9999' };
    expect(matchVoter(b, [roll()], hash)).toEqual({
      outcome: 'needs-review',
      reason: 'roll-id-mismatch',
      candidateIds: ['OH0001'],
    });
  });

  it('no ID on the request, or none of that kind on the roll, needs review', () => {
    const b = validFpcaExample();
    b.identification = { type: 'none', attestNoId: true };
    expect(matchVoter(b, [roll()], hash)).toEqual({
      outcome: 'needs-review',
      reason: 'missing-identification',
      candidateIds: ['OH0001'],
    });
    expect(matchVoter(validFpcaExample(), [roll({ driversLicenseHash: undefined })], hash)).toEqual({
      outcome: 'needs-review',
      reason: 'roll-no-id-to-compare',
      candidateIds: ['OH0001'],
    });
  });

  it('several candidates need review, with their ids', () => {
    expect(matchVoter(validFpcaExample(), [roll(), roll({ id: 'OH0009' })], hash)).toEqual({
      outcome: 'needs-review',
      reason: 'roll-multiple-candidates',
      candidateIds: ['OH0001', 'OH0009'],
    });
  });

  it('not on the roll needs review (the FPCA is also a registration application)', () => {
    expect(matchVoter(validFpcaExample(), [other], hash)).toEqual({
      outcome: 'needs-review',
      reason: 'not-on-roll',
      candidateIds: [],
    });
    expect(
      matchVoter(validFpcaExample(), [roll({ dateOfBirth: '1993-11-13' as IsoDate })], hash),
    ).toMatchObject({ reason: 'not-on-roll' });
    expect(matchVoter(validFpcaExample(), [], hash)).toMatchObject({ reason: 'not-on-roll' });
  });

  it('a cancelled or pending registration needs review; an inactive one is verified', () => {
    expect(matchVoter(validFpcaExample(), [roll({ status: 'cancelled' })], hash)).toMatchObject({
      reason: 'roll-record-not-active',
    });
    expect(matchVoter(validFpcaExample(), [roll({ status: 'pending' })], hash)).toMatchObject({
      reason: 'roll-record-not-active',
    });
    expect(matchVoter(validFpcaExample(), [roll({ status: 'inactive' })], hash)).toMatchObject({
      outcome: 'verified',
    });
  });
});

describe('verifyRequest', () => {
  it('verified when eligible and matched', () => {
    expect(verifyRequest(validFpcaExample(), [roll()], hash, ctx)).toEqual({
      outcome: 'verified',
      rollRecordId: 'OH0001',
      reasons: [],
    });
  });
  it('rejected with the eligibility reasons, whatever the roll says', () => {
    const b = validFpcaExample();
    b.votingResidence.state = 'PA';
    b.dateOfBirth = '2010-01-01' as IsoDate;
    expect(verifyRequest(b, [roll()], hash, ctx)).toEqual({
      outcome: 'rejected',
      reasons: ['under-18-on-election-day', 'residence-outside-jurisdiction'],
    });
  });
  it('needs review for a review-level eligibility finding even when matched', () => {
    const b = validFpcaExample();
    delete b.votingResidence.county;
    expect(verifyRequest(b, [roll()], hash, ctx)).toEqual({
      outcome: 'needs-review',
      reasons: ['residence-county-missing'],
      candidateIds: ['OH0001'],
    });
  });
  it('needs review with the matching reason', () => {
    expect(verifyRequest(validFpcaExample(), [], hash, ctx)).toEqual({
      outcome: 'needs-review',
      reasons: ['not-on-roll'],
      candidateIds: [],
    });
  });
});

describe('candidateLastNames', () => {
  it('the look-up by date of birth and these last names loses no decision (property)', () => {
    const names = ['Doe', 'Dóe', 'Müller', "O'Brien", 'Smith', 'smith-jones', 'Nguyễn'];
    const firsts = ['Jane', 'Zoë', 'John'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            first: fc.constantFrom(...firsts),
            last: fc.constantFrom(...names),
            license: fc.constantFrom('AA999888', 'BB111222'),
            status: fc.constantFrom<RollRecord['status']>('active', 'inactive', 'cancelled'),
          }),
          { maxLength: 12 },
        ),
        fc.record({
          first: fc.constantFrom(...firsts),
          last: fc.constantFrom(...names),
          previous: fc.option(fc.constantFrom(...names), { nil: undefined }),
        }),
        (records, who) => {
          const request = validFpcaExample();
          request.name = { first: who.first, last: who.last };
          if (who.previous !== undefined) request.previousName = { first: who.first, last: who.previous };
          const sameDob = records.map((r, i) =>
            roll({
              id: `OH${i}`,
              firstName: normaliseName(r.first),
              lastName: normaliseName(r.last),
              driversLicenseHash: hash('drivers-license', r.license),
              status: r.status,
            }),
          );
          const keys = new Set(candidateLastNames(request));
          const looked = sameDob.filter((c) => keys.has(c.lastName));
          expect(verifyRequest(request, looked, hash, ctx)).toEqual(
            verifyRequest(request, sameDob, hash, ctx),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
