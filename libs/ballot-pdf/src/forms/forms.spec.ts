import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PDFDocument } from 'pdf-lib';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { assertIsoDate, cureAffidavit, cureAffidavitRuleOf, stateRulesOf } from '@uocava/domain';
import { renderCureAffidavit, renderFpca, renderFwabPacket, type CureAffidavitInput } from './index';

jest.setTimeout(60_000);

/** The text of a PDF as pdftotext (poppler) reads it. */
function pdfText(bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forms-'));
  try {
    const file = path.join(dir, 'f.pdf');
    fs.writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-']).toString('utf8').replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const office = {
  name: 'Mahoning County Board of Elections',
  mailingAddress: ['345 Oak Hill Ave', 'Youngstown, OH 44502', 'USA'],
  fax: '+1 330 783 2801',
  email: 'uocava@mahoning.example.org',
};

const cure = (reasons: string[], over: Partial<CureAffidavitInput> = {}): CureAffidavitInput => ({
  affidavit: cureAffidavit(reasons),
  voterName: 'Zoë Ångström',
  trackingCode: 'TRK-7K3M-9QXD-2HFA',
  ballotId: '6f1c7c0e-3c55-4f7a-9a53-3f0f2a1b9d10',
  electionName: 'General Election 2026',
  electionDate: '2026-11-03',
  cureDeadline: '2026-11-10T22:00:00.000Z',
  trackingUrl: 'https://vote.example.org/track?code=TRK-7K3M-9QXD-2HFA',
  office,
  paperSize: 'letter',
  ...over,
});

const request: BallotRequestInput = {
  jurisdictionId: 'oh-mahoning',
  voterClass: 'citizen-abroad-intent-to-return',
  name: { first: 'Zoë', last: 'Ångström' },
  dateOfBirth: assertIsoDate('1985-04-25', 'dateOfBirth'),
  identification: { type: 'drivers-license', value: 'OH123456' },
  votingResidence: { street: '3818 Belmont Ave', city: 'Youngstown', state: 'OH', zip: '44505' },
  mailingAddress: { lines: ['Kungsgatan 1'], city: 'Stockholm', postalCode: '111 43', country: 'SE' },
  contact: { email: 'zoe@example.org' },
  ballotDelivery: 'email',
  affirmation: { accepted: true, signedOn: assertIsoDate('2026-09-01', 'signedOn') },
};

describe('cure affidavit PDF', () => {
  it('is the same bytes for the same inputs, and other bytes for another reason or voter', async () => {
    const a = await renderCureAffidavit(cure(['missing-voter-signature']));
    const b = await renderCureAffidavit(cure(['missing-voter-signature']));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.sha256).toBe(b.sha256);
    const other = await renderCureAffidavit(cure(['mismatch-voter-signature']));
    expect(other.sha256).not.toBe(a.sha256);
    const otherVoter = await renderCureAffidavit(
      cure(['missing-voter-signature'], { voterName: 'Ada Ashford' }),
    );
    expect(otherVoter.sha256).not.toBe(a.sha256);
  });

  it("prints the reason's statement, the voter, the ballot, the deadline and every way back", async () => {
    const r = await renderCureAffidavit(cure(['mismatch-voter-signature']));
    const doc = await PDFDocument.load(r.bytes);
    expect(doc.getTitle()).toBe('Cure affidavit 6f1c7c0e-3c55-4f7a-9a53-3f0f2a1b9d10');
    expect(doc.getCreationDate()?.toISOString()).toBe('2026-11-03T00:00:00.000Z');
    expect(r.pageCount).toBe(doc.getPageCount());
    const t = pdfText(r.bytes);
    expect(t).toContain('Cure affidavit: signature verification');
    expect(t).toContain('does not match the signature');
    expect(t).toContain('Zoë Ångström');
    expect(t).toContain('TRK-7K3M-9QXD-2HFA');
    expect(t).toContain('10 November 2026, 22:00 UTC');
    expect(t).toContain('penalty of perjury');
    expect(t).toContain('Fax: fax the signed page to +1 330 783 2801');
    expect(t).toContain('uocava@mahoning.example.org');
    expect(t).toContain('vote.example.org/track');
    expect(r.missingGlyphs).toEqual([]);
  });

  it('leaves out fax and e-mail when the office takes neither', async () => {
    const t = pdfText(
      (
        await renderCureAffidavit(
          cure(['missing-voter-signature'], { office: { ...office, fax: undefined, email: undefined } }),
        )
      ).bytes,
    );
    expect(t).not.toContain('Fax:');
    expect(t).toContain('Mail: send the signed page');
    expect(t).toContain('not signed');
  });

  it("prints a state's own form for the reason (California's unsigned ballot statement) on one page", async () => {
    const reasons = ['missing-voter-signature'];
    const r = await renderCureAffidavit({
      ...cure(reasons),
      affidavit: cureAffidavit(reasons, cureAffidavitRuleOf(stateRulesOf('CA'), reasons)),
    });
    const t = pdfText(r.bytes).replace(/\s+/g, ' ');
    expect(t).toContain('Unsigned ballot statement');
    expect(t).toContain('have not and will not vote more than one ballot in this election');
    expect(t).toContain('Cal. Elec. Code § 3019');
    expect(t).not.toContain('28 U.S.C. 1746');
    expect(r.pageCount).toBe(1);
    expect(r.missingGlyphs).toEqual([]);
  });
});

describe('FWAB packet PDF', () => {
  const input = {
    voterName: 'Zoë Ångström',
    trackingCode: 'TRK-7K3M-9QXD-2HFA',
    jurisdictionName: 'Mahoning County',
    elections: [{ name: 'General Election 2026', date: '2026-11-03' }],
    date: '2026-11-03',
    office,
    paperSize: 'a4' as const,
  };

  it('is deterministic and holds the instructions, declaration, federal offices and the office', async () => {
    const a = await renderFwabPacket(input);
    const b = await renderFwabPacket(input);
    expect(a.sha256).toBe(b.sha256);
    expect(a.pageCount).toBe(3);
    const doc = await PDFDocument.load(a.bytes);
    expect(Math.round(doc.getPage(0).getWidth())).toBe(595);
    const t = pdfText(a.bytes);
    for (const s of [
      'Federal Write-In Absentee Ballot',
      '52 U.S.C. 20303',
      'U.S. Senator',
      'U.S. Representative',
      'President / Vice President',
      'Voter’s declaration and information',
      'Mahoning County Board of Elections',
      '345 Oak Hill Ave',
      'Zoë Ångström',
      'General Election 2026',
    ])
      expect(t).toContain(s);
    expect((await renderFwabPacket({ ...input, trackingCode: 'TRK-AAAA-BBBB-CCCC' })).sha256).not.toBe(
      a.sha256,
    );
  });
});

describe('FPCA PDF', () => {
  const input = {
    request,
    requestId: '0b7f6f2e-1111-4a4a-9b9b-123456789abc',
    trackingCode: 'TRK-7K3M-9QXD-2HFA',
    jurisdictionName: 'Mahoning County',
    receivedOn: '2026-09-01',
    office,
    paperSize: 'letter' as const,
  };

  it('is deterministic and prefilled from the request, with a line for the ink signature', async () => {
    const a = await renderFpca(input);
    expect((await renderFpca(input)).sha256).toBe(a.sha256);
    const t = pdfText(a.bytes);
    for (const s of [
      'Federal Post Card Application',
      'Zoë Ångström',
      '1985-04-25',
      'Driver’s license: OH123456',
      '3818 Belmont Ave, Youngstown, OH 44505',
      'Kungsgatan 1, Stockholm 111 43, SE',
      'zoe@example.org',
      'intend to return',
      'Signature of the voter (in ink)',
      '0b7f6f2e-1111-4a4a-9b9b-123456789abc',
    ])
      expect(t).toContain(s);
    const changed = await renderFpca({
      ...input,
      request: { ...request, dateOfBirth: assertIsoDate('1985-04-26', 'dateOfBirth') },
    });
    expect(changed.sha256).not.toBe(a.sha256);
  });
});
