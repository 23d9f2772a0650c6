/**
 * The voter's declaration: the jurisdiction's oath (or the default), the voter's name, and the
 * signature, date and witness lines.
 */
import { PDFDocument, PDFPage } from 'pdf-lib';
import { plainDate } from '../deadline';
import { GREY, MARGIN, hline, text } from '../draw';
import { DocFonts } from '../fonts';
import { PAGE_SIZES } from '../paper';
import { Tags } from '../tags';
import { Flow, fitLine } from './layout';
import type { Slots } from './slots';
import type { PacketInput, PacketVoter } from './types';

export const DEFAULT_OATH =
  'I swear or affirm, under penalty of perjury, that: I am a member of the Uniformed Services or merchant ' +
  'marine on active duty, or an eligible spouse or dependent of such a member; or a U.S. citizen residing outside ' +
  'the United States; I am a U.S. citizen, at least 18 years of age (or will be by the day of the election), and ' +
  'eligible to vote in the requested jurisdiction; I have not been convicted of a felony or other disqualifying ' +
  'offense or been adjudicated mentally incompetent, or, if so, my voting rights have been reinstated; I am not ' +
  'requesting a ballot or voting in any other jurisdiction in the United States; I marked the enclosed ballot ' +
  'myself (or, if I needed help, the person helping me marked it as I asked) and the ballot was sealed in the ' +
  'secrecy sleeve without being seen by anyone else. The information I have given is true, accurate and complete ' +
  'to the best of my knowledge. I understand that a material misstatement of fact in completing this document ' +
  'may constitute grounds for conviction of perjury.';

export function declaration(doc: PDFDocument, fonts: DocFonts, input: PacketInput): Slots['decl'] {
  const { width: W, height: H } = PAGE_SIZES[input.paperSize];
  const f = new Flow(doc, fonts, W, H);
  text(f.page, fonts, 'PUT THIS PAGE IN THE RETURN ENVELOPE, OUTSIDE THE SECRECY SLEEVE', MARGIN, f.y, {
    size: 9,
    bold: true,
    color: GREY,
  });
  f.y += 16;
  f.p('Voter\u2019s Declaration / Affirmation', { size: 17, bold: true, tag: 'H1' });
  f.p(
    `${input.election.name} \u2014 ${input.election.jurisdictionName} \u2014 ${plainDate(input.election.date)}`,
  );
  f.y += 6;
  f.p(input.office.oath ?? input.election.oathText ?? DEFAULT_OATH, { size: 10.5 });
  f.y += 12;
  f.ensure(200);
  f.p('Voter\u2019s name', { size: 8 });
  const slot = { page: f.pageIndex, top: f.y, name: Tags.of(doc).reserve(f.page, 'P') };
  f.y += 34 + 40;
  hline(f.page, MARGIN, MARGIN + f.width * 0.62, f.y, { width: 1 });
  hline(f.page, MARGIN + f.width * 0.7, W - MARGIN, f.y, { width: 1 });
  f.y += 3;
  text(f.page, fonts, 'Signature of the voter (required)', MARGIN, f.y, { size: 8 });
  text(f.page, fonts, 'Date (MM/DD/YYYY)', MARGIN + f.width * 0.7, f.y, { size: 8 });
  f.y += 24;
  const attestation = input.oathAttestation;
  if (attestation === undefined) {
    f.p(
      'If you cannot sign, make your mark and have a witness sign and print their name here if your state requires it:',
      { size: 8.5 },
    );
    f.y += 26;
    hline(f.page, MARGIN, MARGIN + f.width * 0.62, f.y, { width: 0.75 });
    f.y += 3;
    text(f.page, fonts, 'Witness signature and printed name (only where required)', MARGIN, f.y, { size: 8 });
    return slot;
  }
  // the state requires the oath attested: a required block (docs/state-rules.md)
  f.p(attestation.text, { size: 9.5, bold: true });
  const who =
    attestation.kind === 'notary'
      ? 'Notary public: signature, printed name, commission expiry and seal (required)'
      : attestation.kind === 'witness'
        ? 'Witness: signature, printed name and address (required)'
        : 'Witness or notary: signature, printed name and address or seal (required)';
  f.y += 30;
  hline(f.page, MARGIN, W - MARGIN, f.y, { width: 0.75 });
  f.y += 3;
  text(f.page, fonts, who, MARGIN, f.y, { size: 8 });
  f.y += 30;
  hline(f.page, MARGIN, W - MARGIN, f.y, { width: 0.75 });
  f.y += 3;
  text(f.page, fonts, 'Address of the witness, or the notary\u2019s seal', MARGIN, f.y, { size: 8 });
  return slot;
}

export function personaliseDeclaration(
  page: PDFPage,
  fonts: DocFonts,
  slot: Slots['decl'],
  voter: PacketVoter,
): void {
  const w = page.getWidth() - 2 * MARGIN;
  Tags.of(page.doc).drawReserved(page, slot.name, () => {
    const h = fitLine(page, fonts, voter.name, MARGIN, slot.top, w, 13, 8, true);
    text(
      page,
      fonts,
      fonts.clean(`Tracking code ${voter.trackingCode}`),
      MARGIN,
      slot.top + Math.max(h, 17) + 2,
      { size: 9 },
    );
  });
}
