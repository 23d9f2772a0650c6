import {
  checkCureUpload,
  CURE_UPLOAD_MAX_BYTES,
  cureAffidavit,
  cureAffidavitAvailable,
  fwabPacketAvailable,
} from './cure-affidavit';

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]);

describe('cure affidavit text', () => {
  it('has its own wording per curable reason, under penalty of perjury', () => {
    const missing = cureAffidavit(['missing-voter-signature']);
    const mismatch = cureAffidavit(['mismatch-voter-signature']);
    const other = cureAffidavit(['other']);
    expect(missing.reason).toBe('missing-voter-signature');
    expect(missing.defect).toMatch(/not signed/);
    expect(mismatch.defect).toMatch(/does not match/);
    expect(mismatch.enclosures.join(' ')).toMatch(/identity document/);
    expect(new Set([missing.title, mismatch.title, other.title]).size).toBe(3);
    for (const a of [missing, mismatch, other]) {
      expect(a.statements.join(' ')).toMatch(/penalty of perjury/);
      expect(a.authority).toMatch(/28 U\.S\.C\. 1746/);
      expect(a.returnMethods).toEqual(['upload', 'mail', 'fax', 'email']);
    }
  });

  it('takes the first curable reason, and falls back to other', () => {
    expect(cureAffidavit(['not-timely', 'mismatch-voter-signature']).reason).toBe('mismatch-voter-signature');
    expect(cureAffidavit([]).reason).toBe('other');
    expect(cureAffidavit(['postmark']).reason).toBe('other');
  });

  it("uses the state's wording where it gives one, the default elsewhere", () => {
    const a = cureAffidavit(['missing-voter-signature'], {
      statements: ['I, the undersigned, swear under Ohio law.'],
      authority: 'Ohio Rev. Code 3509.07',
    });
    expect(a.statements).toEqual(['I, the undersigned, swear under Ohio law.']);
    expect(a.authority).toBe('Ohio Rev. Code 3509.07');
    expect(a.title).toBe(cureAffidavit(['missing-voter-signature']).title);
  });

  it('is offered only while the ballot waits for its cure', () => {
    expect(cureAffidavitAvailable('cure-requested')).toBe(true);
    for (const s of ['generated', 'transmitted', 'returned', 'cured', 'accepted', 'rejected'] as const)
      expect(cureAffidavitAvailable(s)).toBe(false);
  });
});

describe('FWAB packet availability', () => {
  it('is offered while no state ballot is back at the office', () => {
    expect(fwabPacketAvailable([])).toBe(true);
    expect(fwabPacketAvailable(['generated'])).toBe(true);
    expect(fwabPacketAvailable(['transmitted', 'rejected'])).toBe(true);
    for (const s of ['returned', 'cure-requested', 'cured', 'accepted'] as const)
      expect(fwabPacketAvailable(['transmitted', s])).toBe(false);
  });
});

describe('cure upload check', () => {
  it('accepts PDF, PNG and JPEG by their first bytes', () => {
    expect(checkCureUpload(PDF, 'application/pdf')).toEqual({ ok: true, type: 'application/pdf' });
    expect(checkCureUpload(PNG, 'image/png')).toEqual({ ok: true, type: 'image/png' });
    expect(checkCureUpload(JPEG, undefined)).toEqual({ ok: true, type: 'image/jpeg' });
    expect(checkCureUpload(JPEG, 'application/octet-stream')).toEqual({ ok: true, type: 'image/jpeg' });
  });

  it('refuses empty, too large, unknown and mislabelled files', () => {
    expect(checkCureUpload(new Uint8Array(), 'application/pdf')).toEqual({ ok: false, problem: 'empty' });
    const big = new Uint8Array(CURE_UPLOAD_MAX_BYTES + 1);
    big.set(PDF);
    expect(checkCureUpload(big, 'application/pdf')).toEqual({ ok: false, problem: 'too-large' });
    expect(checkCureUpload(new TextEncoder().encode('<html>'), 'application/pdf')).toEqual({
      ok: false,
      problem: 'unsupported-type',
    });
    expect(checkCureUpload(PNG, 'application/pdf')).toEqual({ ok: false, problem: 'type-mismatch' });
  });
});
