import fc from 'fast-check';
import { validateBallotRequest, type IsoDate } from '@uocava/domain';
import { errorsByField, readForm, REQUEST_FIELDS, requestFromForm, type FormValues } from './request-form';

const TODAY = '2026-11-30' as IsoDate;

/** The web form of the FPCA example (libs/domain validFpcaExample), as a browser posts it. */
const COMPLETE: FormValues = {
  jurisdictionId: 'us-oh-mahoning',
  voterClass: 'citizen-abroad-intent-to-return',
  'name.first': 'Jane',
  'name.middle': 'A',
  'name.last': 'Doe',
  dateOfBirth: '1993-11-12',
  'identification.type': 'drivers-license',
  'identification.value': 'AA999888',
  'votingResidence.street': '3818 Belmont Ave',
  'votingResidence.city': 'Youngstown',
  'votingResidence.state': 'oh',
  'votingResidence.zip': '44505',
  'votingResidence.county': 'Mahoning',
  'mailingAddress.lines[0]': 'Hauptstraße 5',
  'mailingAddress.city': 'Berlin',
  'mailingAddress.postalCode': '10115',
  'mailingAddress.country': 'DE',
  'contact.email': 'jane.doe@example.org',
  ballotDelivery: 'email',
  paperSize: 'a4',
  'affirmation.accepted': 'yes',
};

describe('the FPCA web form', () => {
  it('reads only its own fields, the first value of a repeated one', () => {
    expect(
      readForm({ 'name.first': ['Ann', 'Bob'], evil: 'x', __proto__: 'y', 'name.last': 'Lee', n: 1 }),
    ).toEqual({ 'name.first': 'Ann', 'name.last': 'Lee' });
    expect(readForm('not a form')).toEqual({});
  });

  it('turns a complete form into the same request the JSON API takes, signed today', () => {
    const checked = validateBallotRequest(requestFromForm(COMPLETE, TODAY), TODAY);
    expect(checked).toMatchObject({ ok: true });
    if (checked.ok) {
      expect(checked.value.votingResidence.state).toBe('OH');
      expect(checked.value.affirmation).toEqual({ accepted: true, signedOn: TODAY });
      expect(checked.value.previousName).toBeUndefined();
      expect(checked.value.identification).toEqual({ type: 'drivers-license', value: 'AA999888' });
    }
  });

  it('sends the SMS opt-in with the mobile number in E.164 form, and names the number when it is missing', () => {
    const form = { ...COMPLETE, 'contact.smsOptIn': 'yes', 'contact.mobile': '+49 (170) 123-4567' };
    const checked = validateBallotRequest(requestFromForm(form, TODAY), TODAY);
    expect(checked.ok ? checked.value.contact : checked.problems).toEqual({
      email: 'jane.doe@example.org',
      mobile: '+491701234567',
      smsOptIn: true,
    });
    const missing = validateBallotRequest(requestFromForm({ ...form, 'contact.mobile': '' }, TODAY), TODAY);
    expect(missing.ok ? {} : errorsByField(missing.problems)).toEqual({
      'contact.mobile': 'Please fill in your mobile number for text messages.',
    });
    // not ticked: no opt-in, whatever the number field holds
    const off = requestFromForm({ ...COMPLETE, 'contact.mobile': '+491701234567' }, TODAY) as {
      contact: Record<string, unknown>;
    };
    expect(off.contact.smsOptIn).toBeUndefined();
  });

  it('sends "no ID" with its attestation and without a number', () => {
    const form = { ...COMPLETE, 'identification.type': 'none', 'identification.attestNoId': 'yes' };
    delete (form as Partial<FormValues>)['identification.value'];
    const checked = validateBallotRequest(requestFromForm(form, TODAY), TODAY);
    expect(checked.ok ? checked.value.identification : checked.problems).toEqual({
      type: 'none',
      attestNoId: true,
    });
  });

  it('puts each problem next to a field of the form, named in plain words', () => {
    const empty = validateBallotRequest(requestFromForm({}, TODAY), TODAY);
    expect(empty.ok).toBe(false);
    if (!empty.ok) {
      const errors = errorsByField(empty.problems);
      expect(errors['name.first']).toBe('Please fill in your first name.');
      expect(errors['name.last']).toBe('Please fill in your last name.');
      expect(errors['votingResidence.zip']).toBe('Please fill in your ZIP code of your voting residence.');
      expect(errors['mailingAddress.lines[0]']).toBe(
        'Please fill in your address lines of your mailing address.',
      );
      expect(errors['affirmation.accepted']).toBe(
        'You must accept the affirmation (your signature) before sending the form.',
      );
    }
  });

  it('never loses a problem: whatever is typed, every problem lands on a field of the form (property)', () => {
    const fieldValue = fc.oneof(
      fc.constant(''),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('yes', 'none', 'email', 'fax', 'US', 'AE', 'APO', '1990-02-30', '2099-01-01', '\u202e'),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...REQUEST_FIELDS), fieldValue), (typed) => {
        const form = { ...COMPLETE, ...typed };
        const checked = validateBallotRequest(requestFromForm(readForm(form), TODAY), TODAY);
        if (checked.ok) return;
        const errors = errorsByField(checked.problems);
        expect(Object.keys(errors).length).toBeGreaterThan(0);
        for (const field of Object.keys(errors)) expect(REQUEST_FIELDS).toContain(field);
        for (const message of Object.values(errors)) expect(message.length).toBeGreaterThan(5);
      }),
      { numRuns: 500 },
    );
  });
});
