import type { IsoDate } from '../ids';
import { checkEligibility, normaliseCounty, type EligibilityContext } from './eligibility';
import { acceptedIdKinds, stateRulesOf } from '../state-rules/rules';
import { validFpcaExample } from './fixtures';
import { eavsReasonFields, REASON_CODES, REASONS } from './reasons';

const ctx: EligibilityContext = {
  jurisdiction: { id: 'us-oh-mahoning', state: 'OH', county: 'Mahoning' },
  electionDate: '2026-11-03' as IsoDate,
  today: '2026-03-01' as IsoDate,
};
const codes = (b: ReturnType<typeof validFpcaExample>, c: EligibilityContext = ctx): string[] =>
  checkEligibility(b, c).map((v) => v.code);

describe('checkEligibility', () => {
  it('finds nothing wrong with the valid example', () => {
    expect(checkEligibility(validFpcaExample(), ctx)).toEqual([]);
  });

  it("sends an identification number of a kind the state does not accept to review (Virginia: not the SSN's last four)", () => {
    const b = validFpcaExample();
    b.identification = { type: 'ssn4', value: '1234' };
    const va = { ...ctx, acceptedIdKinds: acceptedIdKinds(stateRulesOf('VA')) };
    expect(checkEligibility(b, va)).toEqual([
      { code: 'identification-not-accepted-by-state', severity: 'review', field: 'identification.type' },
    ]);
    expect(codes(b, { ...ctx, acceptedIdKinds: acceptedIdKinds(stateRulesOf('OH')) })).toEqual([]);
    b.identification = { type: 'drivers-license', value: 'T12345678' };
    expect(codes(b, va)).toEqual([]);
    // no number at all is the roll match's concern (missing-identification), not this rule's
    b.identification = { type: 'none', attestNoId: true };
    expect(codes(b, va)).toEqual([]);
    // without a table every kind is accepted
    b.identification = { type: 'ssn4', value: '1234' };
    expect(codes(b, { ...ctx, acceptedIdKinds: acceptedIdKinds(undefined) })).toEqual([]);
  });

  it('18 by election day: the 18th birthday on election day is enough, the day after is not', () => {
    const b = validFpcaExample();
    b.dateOfBirth = '2008-11-03' as IsoDate;
    expect(codes(b)).toEqual([]);
    b.dateOfBirth = '2008-11-04' as IsoDate;
    expect(codes(b)).toEqual(['under-18-on-election-day']);
  });

  it('a voter born on 29 February turns 18 on 1 March of a common year', () => {
    const b = validFpcaExample();
    b.dateOfBirth = '2008-02-29' as IsoDate;
    expect(codes(b, { ...ctx, electionDate: '2026-02-28' as IsoDate })).toEqual(['under-18-on-election-day']);
    expect(codes(b, { ...ctx, electionDate: '2026-03-01' as IsoDate })).toEqual([]);
  });

  it('a citizen abroad needs a mailing address outside the US or at APO/FPO/DPO', () => {
    const b = validFpcaExample();
    b.mailingAddress = {
      lines: ['1 Main St'],
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    };
    for (const voterClass of [
      'citizen-abroad-intent-to-return',
      'citizen-abroad-return-uncertain',
      'citizen-abroad-never-resided',
    ] as const) {
      b.voterClass = voterClass;
      expect(codes(b)).toEqual(['not-outside-united-states']);
    }
    b.mailingAddress = {
      lines: ['Unit 8400 Box 1'],
      city: 'DPO',
      region: 'AE',
      postalCode: '09498',
      country: 'US',
    };
    expect(codes(b)).toEqual([]);
  });

  it('active duty members and their families may be anywhere, in the US too', () => {
    const b = validFpcaExample();
    b.mailingAddress = {
      lines: ['1 Main St'],
      city: 'San Diego',
      region: 'CA',
      postalCode: '92101',
      country: 'US',
    };
    b.voterClass = 'active-duty';
    expect(codes(b)).toEqual([]);
    b.voterClass = 'active-duty-spouse-or-dependent';
    expect(codes(b)).toEqual([]);
  });

  it('the voting residence must be in the state, and in the county when the jurisdiction is a county', () => {
    const b = validFpcaExample();
    b.votingResidence.state = 'PA';
    expect(checkEligibility(b, ctx)).toEqual([
      { code: 'residence-outside-jurisdiction', severity: 'reject', field: 'votingResidence.state' },
    ]);
    b.votingResidence.state = 'oh';
    b.votingResidence.county = 'Trumbull';
    expect(checkEligibility(b, ctx)).toEqual([
      { code: 'residence-outside-jurisdiction', severity: 'reject', field: 'votingResidence.county' },
    ]);
    b.votingResidence.county = 'MAHONING COUNTY';
    expect(codes(b)).toEqual([]);
    delete b.votingResidence.county;
    expect(checkEligibility(b, ctx)).toEqual([
      { code: 'residence-county-missing', severity: 'review', field: 'votingResidence.county' },
    ]);
    expect(codes(b, { ...ctx, jurisdiction: { id: 'us-oh', state: 'OH' } })).toEqual([]);
  });

  it("a county given as a FIPS code is resolved with the office's code, else sent to review (never rejected as elsewhere)", () => {
    const b = validFpcaExample();
    const withFips = { ...ctx, jurisdiction: { ...ctx.jurisdiction, countyFips: '39099' } };
    for (const code of ['099', '39099', ' 39099 ']) {
      b.votingResidence.county = code;
      expect([code, codes(b, withFips)]).toEqual([code, []]);
      expect([code, checkEligibility(b, ctx)]).toEqual([
        code,
        [{ code: 'residence-county-code-unresolved', severity: 'review', field: 'votingResidence.county' }],
      ]);
    }
    for (const code of ['155', '39155', '42099']) {
      b.votingResidence.county = code;
      expect([code, checkEligibility(b, withFips)]).toEqual([
        code,
        [{ code: 'residence-outside-jurisdiction', severity: 'reject', field: 'votingResidence.county' }],
      ]);
    }
  });

  it('the affirmation must be accepted, dated, and not in the future', () => {
    const b = validFpcaExample();
    b.affirmation.signedOn = '2026-03-02' as IsoDate;
    expect(codes(b)).toEqual(['affirmation-dated-in-future']);
    b.affirmation.signedOn = '2026-02-30' as IsoDate;
    expect(codes(b)).toEqual(['missing-voter-signature']);
    b.affirmation = { accepted: false, signedOn: '2026-02-01' } as unknown as typeof b.affirmation;
    expect(codes(b)).toEqual(['missing-voter-signature']);
  });

  it('normalises county names', () => {
    expect(normaliseCounty('Kings County')).toBe('kings');
    expect(normaliseCounty("Prince George's")).toBe('prince georges');
    expect(normaliseCounty('Orleans Parish')).toBe('orleans');
  });
});

describe('reason codes', () => {
  it('every code has a plain-language description and an EAVS value', () => {
    for (const c of REASON_CODES) {
      expect(REASONS[c].description).toMatch(/^[A-Z].*\.$/);
      expect(REASONS[c].eavs).toBeDefined();
    }
  });
  it('EAVS codes are reported as themselves, ours as other + RequestReasonOtherType', () => {
    expect(eavsReasonFields(['missing-voter-signature'])).toEqual({
      RequestStatusReasonType: ['missing-voter-signature'],
    });
    expect(
      eavsReasonFields([
        'under-18-on-election-day',
        'residence-outside-jurisdiction',
        'missing-identification',
      ]),
    ).toEqual({
      RequestStatusReasonType: ['other', 'missing-identification'],
      RequestReasonOtherType: 'under-18-on-election-day;residence-outside-jurisdiction',
    });
  });
});
