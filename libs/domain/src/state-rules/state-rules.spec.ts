import fc from 'fast-check';
import type { IsoDate } from '../ids';
import { addDays } from '../office/dates';
import { cureAffidavit } from '../office/cure-affidavit';
import { assessReturn, type ReturnRules } from '../office/return-rules';
import {
  acceptedIdKinds,
  cureAffidavitRuleOf,
  cureWindowEnd,
  effectiveStateRules,
  fpcaValidThrough,
  generalElectionDay,
  isElectronicReturnAllowed,
  isFpcaValidOn,
  isOathWitnessRequired,
  loadStateRules,
  oathAttestationText,
  parseStateRuleOverrides,
  returnMethodRefusal,
  returnRulesFor,
  STATE_RULE_FILES,
  stateRulesOf,
  statesWithRules,
  StateRulesError,
} from './rules';
import { stateRulesProblems } from './schema';
import { OVERRIDABLE_RULES, type StateRules } from './types';

const d = (s: string) => s as IsoDate;
const must = (state: string): StateRules => {
  const r = stateRulesOf(state);
  if (r === undefined) throw new Error(`no rules for ${state}`);
  return r;
};
const EASTERN: ReturnRules = { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' };

describe('state rules data', () => {
  it('has a table for each of the ten states with the most UOCAVA voters', () => {
    expect(statesWithRules()).toEqual(['CA', 'FL', 'GA', 'NC', 'NY', 'OH', 'PA', 'TX', 'VA', 'WA']);
  });

  it.each(STATE_RULE_FILES.map((f) => [(f as StateRules).state, f]))(
    '%s is valid against the schema',
    (_s, f) => {
      expect(stateRulesProblems(f)).toEqual([]);
    },
  );

  it('cites every value (a statute or an official guide) and dates and versions every table', () => {
    for (const state of statesWithRules()) {
      const r = must(state);
      expect(r.version.startsWith(r.checkedOn)).toBe(true);
      for (const key of OVERRIDABLE_RULES) {
        expect(r[key].statutes.length + r[key].guides.length).toBeGreaterThan(0);
        // the guide of every value includes the state's FVAP page
        expect(r[key].guides.some((g) => g.startsWith('https://www.fvap.gov/'))).toBe(true);
      }
    }
  });

  it('refuses a file that breaks the schema, naming the field', () => {
    const bad = {
      ...(STATE_RULE_FILES[0] as object),
      checkedOn: 'yesterday',
      fpcaValidity: { value: { kind: 'forever' } },
    };
    expect(() => loadStateRules([bad])).toThrow(StateRulesError);
    const pointers = stateRulesProblems(bad).map((p) => p.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/checkedOn', '/fpcaValidity/statutes']));
  });

  it('refuses a value without any citation', () => {
    const ca = must('CA');
    const bad = { ...ca, oathAttestation: { ...ca.oathAttestation, statutes: [], guides: [] } };
    expect(stateRulesProblems(bad).length).toBeGreaterThan(0);
  });

  it('refuses two files for one state', () => {
    expect(() => loadStateRules([STATE_RULE_FILES[0], STATE_RULE_FILES[0]])).toThrow(/two state rules files/);
  });
});

describe('generalElectionDay', () => {
  it.each([
    [2024, '2024-11-05'],
    [2025, '2025-11-04'],
    [2026, '2026-11-03'],
    [2027, '2027-11-02'],
    [2028, '2028-11-07'],
    [2030, '2030-11-05'],
  ])('%i: %s', (year, day) => expect(generalElectionDay(year)).toBe(day));

  it('is always a Tuesday between 2 and 8 November', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (y) => {
        const day = generalElectionDay(y);
        const date = new Date(`${day}T00:00:00Z`);
        return date.getUTCDay() === 2 && date.getUTCDate() >= 2 && date.getUTCDate() <= 8;
      }),
    );
  });
});

describe('FPCA validity', () => {
  it('covers the calendar year where the state has no table (the old behaviour)', () => {
    expect(fpcaValidThrough(undefined, d('2026-03-01'))).toBe('2026-12-31');
    expect(isFpcaValidOn(undefined, d('2026-03-01'), d('2027-03-02'))).toBe(false);
  });

  it('Ohio and North Carolina: the calendar year', () => {
    expect(fpcaValidThrough(must('OH').fpcaValidity.value, d('2026-12-30'))).toBe('2026-12-31');
    expect(isFpcaValidOn(must('NC'), d('2026-01-02'), d('2026-11-03'))).toBe(true);
  });

  it('New York: through the next two general elections (held every year)', () => {
    expect(fpcaValidThrough(must('NY').fpcaValidity.value, d('2026-03-01'))).toBe('2027-11-02');
    // received after this year's general election: next year's and the one after
    expect(fpcaValidThrough(must('NY').fpcaValidity.value, d('2026-11-04'))).toBe('2028-11-07');
    expect(isFpcaValidOn(must('NY'), d('2026-03-01'), d('2027-06-22'))).toBe(true);
    expect(isFpcaValidOn(must('NY'), d('2026-03-01'), d('2028-06-27'))).toBe(false);
  });

  it('Florida: through the end of the year of the next even-year general election', () => {
    expect(fpcaValidThrough(must('FL').fpcaValidity.value, d('2025-05-01'))).toBe('2026-12-31');
    expect(fpcaValidThrough(must('FL').fpcaValidity.value, d('2026-11-03'))).toBe('2026-12-31');
    expect(fpcaValidThrough(must('FL').fpcaValidity.value, d('2026-11-04'))).toBe('2028-12-31');
    // the defect this fixes: an FPCA of 2025 covers Florida's 2026 general election
    expect(isFpcaValidOn(must('FL'), d('2025-05-01'), d('2026-11-03'))).toBe(true);
    expect(isFpcaValidOn(undefined, d('2025-05-01'), d('2026-11-03'))).toBe(false);
  });

  it('California and Washington: until the registration is cancelled', () => {
    expect(fpcaValidThrough(must('CA').fpcaValidity.value, d('2020-01-01'))).toBe('9999-12-31');
    expect(isFpcaValidOn(must('WA'), d('2020-01-01'), d('2030-11-05'))).toBe(true);
  });

  it('never ends before the day it was received, nor covers a day before it (property)', () => {
    const day = fc.integer({ min: 0, max: 365 * 60 }).map((n) => addDays(d('1990-01-01'), n));
    fc.assert(
      fc.property(
        fc.constantFrom(...statesWithRules(), 'ZZ'),
        day,
        fc.integer({ min: 0, max: 2000 }),
        (s, received, k) => {
          const rules = stateRulesOf(s);
          const through = fpcaValidThrough(rules?.fpcaValidity.value, received);
          expect(through >= received).toBe(true);
          // at least the calendar year it was received in (the federal minimum)
          expect(through >= `${received.slice(0, 4)}-12-31`).toBe(true);
          expect(isFpcaValidOn(rules, received, addDays(received, -1 - (k % 30)))).toBe(false);
          const on = addDays(received, k);
          expect(isFpcaValidOn(rules, received, on)).toBe(on <= through);
        },
      ),
    );
  });
});

describe('oath attestation', () => {
  it('Virginia wants a witness; Ohio and a state without a table do not', () => {
    expect(isOathWitnessRequired(must('VA'))).toBe(true);
    expect(oathAttestationText(must('VA'))).toMatch(/Virginia law requires a witness/);
    expect(isOathWitnessRequired(must('OH'))).toBe(false);
    expect(oathAttestationText(undefined)).toBeUndefined();
  });
});

describe('electronic return', () => {
  it('follows each state; mail and hand delivery are always allowed', () => {
    expect(isElectronicReturnAllowed(must('OH'), 'fax')).toBe(false);
    expect(isElectronicReturnAllowed(must('CA'), 'fax')).toBe(true);
    expect(isElectronicReturnAllowed(must('CA'), 'email')).toBe(false);
    expect(isElectronicReturnAllowed(must('WA'), 'email')).toBe(true);
    expect(isElectronicReturnAllowed(undefined, 'email')).toBe(true);
    for (const s of statesWithRules()) {
      expect(isElectronicReturnAllowed(must(s), 'mail')).toBe(true);
      expect(isElectronicReturnAllowed(must(s), 'in-person')).toBe(true);
    }
  });

  it('refuses a return by a way the state does not take, in words naming the ways and the law', () => {
    expect(returnMethodRefusal(must('OH'), 'fax')).toMatch(
      /^Ohio does not take voted ballots by fax: only by mail, in person; see /,
    );
    expect(returnMethodRefusal(must('CA'), 'email')).toBe(
      'California does not take voted ballots by email: only by mail, in person, fax; see Cal. Elec. Code § 3106',
    );
    expect(returnMethodRefusal(must('FL'), 'email')).toContain('(voters outside the United States)');
    expect(returnMethodRefusal(must('CA'), 'fax')).toBeUndefined();
    expect(returnMethodRefusal(undefined, 'online')).toBeUndefined();
    for (const s of statesWithRules())
      for (const m of ['mail', 'fax', 'email', 'in-person', 'online'] as const)
        expect(returnMethodRefusal(must(s), m) === undefined).toBe(isElectronicReturnAllowed(must(s), m));
  });
});

describe('receipt deadline and postmark rule', () => {
  const election = d('2026-11-03');
  const on = (s: string, rules: ReturnRules, receivedAt: string, postmarkDate?: string) =>
    assessReturn({ rules, receivedAt, method: 'mail', postmarkDate: postmarkDate as IsoDate | undefined });

  it("keeps the election's own rule where the state has no table", () => {
    expect(returnRulesFor(undefined, election, EASTERN)).toBe(EASTERN);
  });

  it('Georgia: postmarked by election day, received within 3 days by 17:00 local', () => {
    const r = returnRulesFor(must('GA'), election, EASTERN);
    expect(on('GA', r, '2026-11-06T16:59:00-05:00', '2026-11-03')).toEqual({ timely: true });
    expect(on('GA', r, '2026-11-06T17:01:00-05:00', '2026-11-03')).toEqual({
      timely: false,
      reason: 'received-after-deadline',
    });
  });

  it('Ohio: the postmark must be the day before election day', () => {
    const r = returnRulesFor(must('OH'), election, EASTERN);
    expect(on('OH', r, '2026-11-10T12:00:00-05:00', '2026-11-02')).toEqual({ timely: true });
    expect(on('OH', r, '2026-11-10T12:00:00-05:00', '2026-11-03')).toEqual({
      timely: false,
      reason: 'postmarked-after-election-day',
    });
    expect(on('OH', r, '2026-11-14T12:00:00-05:00', '2026-11-02')).toEqual({
      timely: false,
      reason: 'received-after-deadline',
    });
  });

  it('Virginia: noon on the 3rd day; a ballot without a postmark is presumed in time', () => {
    const r = returnRulesFor(must('VA'), election, EASTERN);
    expect(on('VA', r, '2026-11-06T11:59:00-05:00')).toEqual({ timely: true });
    expect(on('VA', r, '2026-11-06T12:01:00-05:00')).toEqual({
      timely: false,
      reason: 'received-after-deadline',
    });
  });

  it("uses the office's time zone from the election's rule", () => {
    const pacific: ReturnRules = {
      kind: 'postmarked-by-election-day',
      electionDate: election,
      receiveWithinDays: 0,
      utcOffset: '-08:00',
    };
    const r = returnRulesFor(must('CA'), election, pacific);
    expect(r).toMatchObject({
      kind: 'postmarked-by-election-day',
      receiveWithinDays: 7,
      utcOffset: '-08:00',
    });
    expect(on('CA', r, '2026-11-10T23:59:00-08:00', '2026-11-03')).toEqual({ timely: true });
    expect(on('CA', r, '2026-11-11T00:00:30-08:00', '2026-11-03')).toEqual({
      timely: false,
      reason: 'received-after-deadline',
    });
  });

  it('a mailed ballot received by the end of election day is on time in every state (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...statesWithRules()),
        fc.integer({ min: 0, max: 23 * 60 }),
        (s, minute) => {
          const r = returnRulesFor(must(s), election, EASTERN);
          const hh = String(Math.floor(minute / 60)).padStart(2, '0');
          const mm = String(minute % 60).padStart(2, '0');
          expect(on(s, r, `2026-11-03T${hh}:${mm}:00-05:00`)).toEqual({ timely: true });
        },
      ),
    );
  });
});

describe('ID rules', () => {
  it("every table names the FPCA's identification numbers it accepts", () => {
    for (const s of statesWithRules()) expect(must(s).idRules.value.kinds?.length).toBeGreaterThan(0);
    expect(acceptedIdKinds(must('VA'))).not.toContain('ssn4');
    expect(acceptedIdKinds(must('OH'))).toEqual(['drivers-license', 'ssn4']);
    expect(acceptedIdKinds(undefined)).toEqual(['drivers-license', 'state-id', 'ssn4']);
  });
});

describe("the state's cure form", () => {
  it('is the state form for the reason where the table has one, else the federal default', () => {
    const unsigned = cureAffidavit(
      ['missing-voter-signature'],
      cureAffidavitRuleOf(must('CA'), ['missing-voter-signature']),
    );
    expect(unsigned.title).toBe('Unsigned ballot statement');
    expect(unsigned.authority).toContain('Cal. Elec. Code § 3019');
    expect(unsigned.statements.join(' ')).toContain('will not vote more than one ballot');
    const mismatch = cureAffidavit(
      ['no-postmark', 'mismatch-voter-signature'],
      cureAffidavitRuleOf(must('CA'), ['no-postmark', 'mismatch-voter-signature']),
    );
    expect(mismatch.title).toBe('Signature verification statement');
    // a state form that names no enclosures keeps the default's
    expect(mismatch.enclosures).toEqual(cureAffidavit(['mismatch-voter-signature']).enclosures);
    const florida = cureAffidavit(
      ['missing-voter-signature'],
      cureAffidavitRuleOf(must('FL'), ['missing-voter-signature']),
    );
    expect(florida.authority).toContain('Fla. Stat. § 101.68(4)');
    expect(florida.enclosures[0]).toMatch(/identification/);
    // Ohio's table has no form; neither has any table for `other`
    expect(cureAffidavitRuleOf(must('OH'), ['missing-voter-signature'])).toBeUndefined();
    expect(cureAffidavitRuleOf(must('CA'), ['other'])).toBeUndefined();
    expect(cureAffidavitRuleOf(undefined, ['missing-voter-signature'])).toBeUndefined();
    expect(cureAffidavit(['other'], cureAffidavitRuleOf(must('CA'), ['other']))).toEqual(
      cureAffidavit(['other']),
    );
  });

  it('is checked by the schema: known reasons only, at least one statement', () => {
    const withForms = (affidavits: unknown): unknown => {
      const ca = must('CA');
      return { ...ca, cure: { ...ca.cure, value: { ...ca.cure.value, affidavits } } };
    };
    expect(stateRulesProblems(withForms({ 'late-postmark': { title: 'x form' } }))).not.toEqual([]);
    expect(stateRulesProblems(withForms({ other: { statements: [] } }))).not.toEqual([]);
    expect(stateRulesProblems(withForms({ other: {} }))).not.toEqual([]);
    expect(stateRulesProblems(withForms({ other: { statements: ['I swear.'] } }))).toEqual([]);
  });
});

describe('cure window', () => {
  it("ends the given days after election day in the office's time zone", () => {
    expect(cureWindowEnd(must('GA'), d('2026-11-03'), '-05:00')).toBe('2026-11-06T17:00:00-05:00');
    expect(cureWindowEnd(must('FL'), d('2026-11-03'), '-05:00')).toBe('2026-11-05T17:00:00-05:00');
  });
  it('has no fixed end for New York (from the notice), Pennsylvania (none) or a state without a table', () => {
    expect(cureWindowEnd(must('NY'), d('2026-11-03'), '-05:00')).toBeUndefined();
    expect(cureWindowEnd(must('PA'), d('2026-11-03'), '-05:00')).toBeUndefined();
    expect(cureWindowEnd(undefined, d('2026-11-03'), '-05:00')).toBeUndefined();
  });
});

describe('office overrides', () => {
  const fpca = {
    value: { kind: 'general-elections', count: 1, generalElections: 'even-years', endsAt: 'end-of-year' },
    statutes: [],
    guides: ['https://www.example.gov/county-guide'],
    confidence: 'needs-confirmation',
  };

  it('replace their value whole and leave the others', () => {
    const p = parseStateRuleOverrides({ fpcaValidity: fpca });
    if (!p.ok) throw new Error(JSON.stringify(p.problems));
    const r = effectiveStateRules('OH', p.overrides);
    expect(r?.fpcaValidity.value).toEqual(fpca.value);
    expect(r?.ballotReceipt).toEqual(must('OH').ballotReceipt);
    expect(isFpcaValidOn(r, d('2025-05-01'), d('2026-11-03'))).toBe(true);
  });

  it('name each bad field', () => {
    const p = parseStateRuleOverrides({
      fpcaValidity: { ...fpca, value: { kind: 'general-elections', count: 9 } },
      witness: true,
      cure: { value: { available: 'yes', methods: [] }, statutes: ['x'], guides: [], confidence: 'sure' },
    });
    expect(p.ok).toBe(false);
    if (!p.ok) {
      const pointers = p.problems.map((x) => x.pointer);
      expect(pointers).toEqual(
        expect.arrayContaining(['/witness', '/cure/value/available', '/cure/confidence']),
      );
      expect(pointers.some((x) => x.startsWith('/fpcaValidity/value'))).toBe(true);
    }
  });

  it('need at least one value', () => {
    expect(parseStateRuleOverrides({}).ok).toBe(false);
  });

  it('do nothing for a state without a table', () => {
    expect(effectiveStateRules('ZZ', { fpcaValidity: fpca as never })).toBeUndefined();
  });
});
