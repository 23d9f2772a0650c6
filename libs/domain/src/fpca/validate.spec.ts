import fc from 'fast-check';
import type { IsoDate } from '../ids';
import { FIXTURE_TODAY, validFpcaExample } from './fixtures';
import { HOSTILE_REQUESTS } from './hostile-requests.fixture';
import { MAX_PROBLEMS, pointerToField, validateBallotRequest } from './validate';

const today = FIXTURE_TODAY;

describe('validateBallotRequest', () => {
  it('accepts the valid example and returns it typed', () => {
    const r = validateBallotRequest(validFpcaExample(), today);
    expect(r).toEqual({ ok: true, value: validFpcaExample() });
  });

  it('accepts military post addresses (APO AE, FPO AP, DPO AA) with a matching ZIP', () => {
    for (const [city, region, zip] of [
      ['APO', 'AE', '09096'],
      ['FPO', 'AP', '96349-1100'],
      ['DPO', 'AA', '34038'],
    ]) {
      const b = validFpcaExample();
      b.voterClass = 'active-duty';
      b.mailingAddress = { lines: ['Unit 2050 Box 4190'], city, region, postalCode: zip, country: 'US' };
      expect(validateBallotRequest(b, today)).toMatchObject({ ok: true });
    }
  });

  it('accepts a domestic US mailing address with state and ZIP', () => {
    const b = validFpcaExample();
    b.mailingAddress = {
      lines: ['1 Main St'],
      city: 'Austin',
      region: 'TX',
      postalCode: '78701',
      country: 'US',
    };
    expect(validateBallotRequest(b, today)).toMatchObject({ ok: true });
  });

  it('accepts an SMS opt-in with an E.164 mobile number, and names the field when it is missing or malformed', () => {
    const b = validFpcaExample();
    b.contact = { ...b.contact, mobile: '+491701234567', smsOptIn: true };
    expect(validateBallotRequest(b, today)).toMatchObject({ ok: true });
    const fields = (body: unknown) => {
      const r = validateBallotRequest(body, today);
      return r.ok ? [] : r.problems.map((p) => [p.field, p.code]);
    };
    expect(fields({ ...b, contact: { ...b.contact, mobile: undefined } })).toEqual([
      ['contact.mobile', 'required'],
    ]);
    for (const bad of ['0170 1234567', '+49 170 1234567', '+0123456789', '+1234', `+${'1'.repeat(16)}`]) {
      const r = validateBallotRequest({ ...b, contact: { ...b.contact, mobile: bad } }, today);
      expect(r.ok ? [] : r.problems.map((p) => p.field)).toEqual(['contact.mobile']);
      expect(r.ok ? '' : r.problems[0].message).toContain('+491701234567');
    }
    // a number without the opt-in is kept and sends nothing; the opt-in must be a boolean
    expect(validateBallotRequest({ ...b, contact: { ...b.contact, smsOptIn: false } }, today)).toMatchObject({
      ok: true,
    });
    expect(fields({ ...b, contact: { ...b.contact, smsOptIn: 'yes' } })).toEqual([
      ['contact.smsOptIn', 'wrong-type'],
    ]);
  });

  it('accepts fax delivery with a fax number, ID type none with attestation, and a previous name', () => {
    const b = validFpcaExample();
    b.ballotDelivery = 'fax';
    b.contact = { fax: '+49 30 1234567' };
    b.identification = { type: 'none', attestNoId: true };
    b.previousName = { first: 'Jane', last: 'Smith-Jones' };
    expect(validateBallotRequest(b, today)).toMatchObject({ ok: true });
  });

  it('accepts names with accents, apostrophes, hyphens, several given names and non-Latin scripts', () => {
    const names: Array<[string, string]> = [
      ['José María', 'García-Márquez'],
      ['Siobhán', "O'Sullivan"],
      ['Zoë', 'Brontë'],
      ['Mary Ann Louise', 'Smith'],
      ['Thị Minh', 'Nguyễn'],
      ['Александр', 'Пушкин'],
      ['翔太', '山田'],
      ['محمد', 'الأحمد'],
      ['दीपिका', 'पादुकोण'],
      ['지훈', '김'],
      ['فرهاد', 'می\u200Cخواه'], // ZWNJ between letters is correct Persian spelling
      ['Ngũgĩ', 'wa Thiong’o'],
      ['J.R.', "D'Angelo-Smith Jr"],
    ];
    for (const [first, last] of names) {
      const b = validFpcaExample();
      b.name = { first, last };
      expect(validateBallotRequest(b, today)).toMatchObject({ ok: true });
    }
  });

  it('names every bad field, each with a code and a plain-language message', () => {
    const r = validateBallotRequest({ name: { first: 1 } }, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.length).toBeGreaterThan(5);
    for (const p of r.problems) {
      expect(p.message).toMatch(/^[A-Z].*\.$/);
      expect(p.message).not.toMatch(/must match|NFC|instancePath|\bschema\b/);
    }
  });

  it.each(HOSTILE_REQUESTS.map((h) => [h.name, h] as const))('rejects hostile body: %s', (_name, h) => {
    const r = validateBallotRequest(h.body, today);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const named = r.problems.map((p) => p.field);
    for (const f of h.expectedFields) expect(named).toContain(f);
    for (const p of r.problems) {
      expect(p.pointer === '' ? '(body)' : pointerToField(p.pointer)).toBe(p.field);
      expect(p.message.length).toBeLessThan(300); // never echoes a huge value back
    }
  });

  it('caps the number of problems returned for a body with thousands of unknown fields', () => {
    const b: Record<string, unknown> = { ...validFpcaExample() };
    for (let i = 0; i < 10_000; i++) b[`x${i}`] = i;
    const r = validateBallotRequest(b, today);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toHaveLength(MAX_PROBLEMS);
  });

  it('has at least 40 hostile requests', () => {
    expect(HOSTILE_REQUESTS.length).toBeGreaterThanOrEqual(40);
  });

  it('does not pollute Object.prototype', () => {
    for (const h of HOSTILE_REQUESTS) validateBallotRequest(h.body, today);
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports each problem code for the semantic rules', () => {
    const codeOf = (
      mut: (b: ReturnType<typeof validFpcaExample>) => void,
      field: string,
    ): string | undefined => {
      const b = validFpcaExample();
      mut(b);
      const r = validateBallotRequest(b, today);
      return r.ok ? undefined : r.problems.find((p) => p.field === field)?.code;
    };
    expect(codeOf((b) => (b.dateOfBirth = '2023-02-29' as IsoDate), 'dateOfBirth')).toBe('impossible-date');
    expect(codeOf((b) => (b.dateOfBirth = '2026-03-02' as IsoDate), 'dateOfBirth')).toBe('date-in-future');
    expect(codeOf((b) => (b.dateOfBirth = '1850-01-01' as IsoDate), 'dateOfBirth')).toBe('implausible-date');
    expect(codeOf((b) => (b.affirmation.signedOn = '1990-01-01' as IsoDate), 'affirmation.signedOn')).toBe(
      'implausible-date',
    );
    expect(codeOf((b) => (b.name.last = 'D\u202Eoe'), 'name.last')).toBe('hidden-characters');
    expect(codeOf((b) => (b.name.last = '...'), 'name.last')).toBe('no-letters');
    expect(codeOf((b) => (b.name.first = 'Ja\u200Dne'), 'name.first')).toBe('hidden-characters'); // joiner in Latin
    expect(codeOf((b) => (b.name.first = '\u200Cفرهاد'), 'name.first')).toBe('hidden-characters'); // not between letters
    expect(codeOf((b) => (b.votingResidence.state = 'ZZ'), 'votingResidence.state')).toBe('unknown-state');
    expect(codeOf((b) => (b.votingResidence.state = 'AP'), 'votingResidence.state')).toBe(
      'military-post-not-residence',
    );
    expect(codeOf((b) => (b.mailingAddress.country = 'XX'), 'mailingAddress.country')).toBe(
      'unknown-country',
    );
    expect(
      codeOf(
        (b) => (b.mailingAddress = { lines: ['x'], city: 'Austin', region: 'TX', country: 'US' }),
        'mailingAddress.postalCode',
      ),
    ).toBe('required');
    expect(
      codeOf(
        (b) => (b.mailingAddress = { lines: ['x'], city: 'Austin', country: 'US', postalCode: '78701' }),
        'mailingAddress.region',
      ),
    ).toBe('required');
    expect(
      codeOf(
        (b) =>
          (b.mailingAddress = {
            lines: ['x'],
            city: 'Austin',
            region: 'TX',
            country: 'US',
            postalCode: 'SW1A 1AA',
          }),
        'mailingAddress.postalCode',
      ),
    ).toBe('bad-format');
    expect(
      codeOf(
        (b) =>
          (b.mailingAddress = {
            lines: ['x'],
            city: 'Austin',
            region: 'QQ',
            country: 'US',
            postalCode: '78701',
          }),
        'mailingAddress.region',
      ),
    ).toBe('unknown-state');
    expect(
      codeOf(
        (b) =>
          (b.forwardingAddress = {
            lines: ['x'],
            city: 'DPO',
            region: 'NY',
            country: 'US',
            postalCode: '09012',
          }),
        'forwardingAddress.region',
      ),
    ).toBe('military-post-mismatch');
    expect(
      codeOf((b) => (b.identification = { type: 'state-id', value: 'A1' }), 'identification.value'),
    ).toBe('bad-id-format');
    expect(codeOf((b) => (b.ballotDelivery = 'fax'), 'contact.fax')).toBe('fax-required');
    expect(codeOf((b) => (b.contact = {}), 'contact.email')).toBe('email-required');
    expect(codeOf((b) => (b.affirmation.accepted = false as true), 'affirmation.accepted')).toBe(
      'affirmation-not-accepted',
    );
  });

  it('never throws, whatever the body', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = validateBallotRequest(v, today);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('words every problem in the language asked for, with the same fields and codes', () => {
    const hostile = HOSTILE_REQUESTS.map((h) => h.body);
    for (const body of [{}, ...hostile]) {
      const en = validateBallotRequest(body, today);
      const es = validateBallotRequest(body, today, 'es');
      if (en.ok || es.ok) continue;
      expect(es.problems.map(({ field, code }) => ({ field, code }))).toEqual(
        en.problems.map(({ field, code }) => ({ field, code })),
      );
    }
    const empty = validateBallotRequest({}, today, 'es');
    expect(empty.ok).toBe(false);
    if (empty.ok) return;
    const first = empty.problems.find((p) => p.field === 'name');
    expect(first?.message).toBe('Complete este dato: nombre.');
    const b = validFpcaExample();
    b.identification = { type: 'state-id', value: 'A1' };
    b.votingResidence.zip = 'abc';
    const r = validateBallotRequest(b, today, 'es');
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual([
      'Código postal (ZIP) del domicilio electoral: debe ser un código ZIP de 5 dígitos, o ZIP+4 como 12345-6789.',
      'Un número de identificación estatal tiene de 4 a 20 letras y dígitos (los espacios y guiones no cuentan).',
    ]);
  });
});
