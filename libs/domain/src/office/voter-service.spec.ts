import fc from 'fast-check';
import { BALLOT_STATUSES, REQUEST_STATUSES } from '../vocabulary';
import { FIXTURE_TODAY, validFpcaExample } from '../fpca/fixtures';
import { applyContactChange, cancellation, reissuance, VOIDABLE_BALLOT_STATUSES } from './voter-service';

describe('applyContactChange', () => {
  it('changes the e-mail and names only the fields that changed', () => {
    const before = validFpcaExample();
    const r = applyContactChange(
      before,
      {
        email: 'new.address@example.org',
        phone: before.contact.phone ?? null,
        ballotDelivery: before.ballotDelivery,
      },
      FIXTURE_TODAY,
    );
    expect(r).toMatchObject({ ok: true, fields: ['email'] });
    if (!r.ok) return;
    expect(r.request.contact.email).toBe('new.address@example.org');
    expect(r.request.name).toEqual(before.name);
    expect(before.contact.email).not.toBe('new.address@example.org'); // the input is not mutated
  });

  it('starts and ends text messages: the opt-in needs a mobile number, the opt-out removes it', () => {
    const before = validFpcaExample();
    const on = applyContactChange(before, { mobile: '+491701234567', smsOptIn: true }, FIXTURE_TODAY);
    expect(on).toMatchObject({ ok: true, fields: ['sms'] });
    if (!on.ok) return;
    expect(on.request.contact).toMatchObject({ mobile: '+491701234567', smsOptIn: true });
    const off = applyContactChange(on.request, { smsOptIn: false }, FIXTURE_TODAY);
    expect(off).toMatchObject({ ok: true, fields: ['sms'] });
    if (!off.ok) return;
    expect(off.request.contact.mobile).toBeUndefined();
    expect(off.request.contact.smsOptIn).toBeUndefined();
    expect(applyContactChange(on.request, { mobile: null }, FIXTURE_TODAY)).toMatchObject({
      ok: true,
      fields: ['sms'],
    });
    // nothing to end, or an opt-in without a number: refused, the field named
    expect(applyContactChange(before, { smsOptIn: false }, FIXTURE_TODAY)).toMatchObject({
      ok: false,
      problems: [{ code: 'no-change' }],
    });
    expect(applyContactChange(before, { smsOptIn: true }, FIXTURE_TODAY)).toMatchObject({
      ok: false,
      problems: [{ field: 'contact.mobile', code: 'required' }],
    });
    expect(
      applyContactChange(before, { mobile: '0170 1234567', smsOptIn: true }, FIXTURE_TODAY),
    ).toMatchObject({
      ok: false,
      problems: [{ field: 'contact.mobile' }],
    });
  });

  it('moves a voter to mail with a new mailing address', () => {
    const before = validFpcaExample();
    const mailingAddress = { lines: ['Via Roma 1'], city: 'Napoli', postalCode: '80100', country: 'IT' };
    const r = applyContactChange(before, { mailingAddress, ballotDelivery: 'mail' }, FIXTURE_TODAY);
    expect(r).toMatchObject({ ok: true, fields: ['mailingAddress', 'ballotDelivery'] });
  });

  it('refuses a change that changes nothing, whatever the order of the address fields', () => {
    const before = validFpcaExample();
    const { country, postalCode, city, lines } = before.mailingAddress;
    const r = applyContactChange(
      before,
      { email: before.contact.email, phone: null, mailingAddress: { country, postalCode, city, lines } },
      FIXTURE_TODAY,
    );
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'no-change', field: '(body)' }] });
  });

  it('refuses a change the request rules would refuse, naming the field', () => {
    const before = { ...validFpcaExample(), ballotDelivery: 'email' as const };
    const r = applyContactChange(before, { email: null }, FIXTURE_TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toContain('contact.email');
  });
});

describe('cancellation and reissuance', () => {
  it('cancels a standing request whose ballots are out or rejected, never one with a ballot back and undecided or accepted', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...REQUEST_STATUSES),
        fc.array(fc.constantFrom(...BALLOT_STATUSES.filter((s) => s !== 'void')), { maxLength: 3 }),
        (status, ballots) => {
          const ok = cancellation(status, ballots).ok;
          const standing = ['received', 'verified', 'needs-review'].includes(status);
          const allOut = ballots.every((b) => VOIDABLE_BALLOT_STATUSES.includes(b) || b === 'rejected');
          return ok === (standing && allOut);
        },
      ),
    );
  });

  it('reissues only a ballot still out, of a verified request', () => {
    for (const ballot of BALLOT_STATUSES)
      for (const request of REQUEST_STATUSES)
        expect(reissuance(ballot, request).ok).toBe(
          request === 'verified' && (ballot === 'generated' || ballot === 'transmitted'),
        );
    expect(reissuance('void', 'verified')).toMatchObject({ ok: false, code: 'illegal-transition' });
  });
});
