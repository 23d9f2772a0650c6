/**
 * The voter's declaration: the jurisdiction's oath (or the default), the voter's name, and the
 * signature, date and witness lines.
 */
import { PDFDocument, PDFPage } from 'pdf-lib';
import { t, type FixedKey, type MessageValues } from '@uocava/domain';
import { plainDate } from '../deadline';
import { GREY, MARGIN, hline, text } from '../draw';
import { DocFonts } from '../fonts';
import { PAGE_SIZES } from '../paper';
import { Tags } from '../tags';
import { Flow, fitLine } from './layout';
import type { Slots } from './slots';
import type { PacketInput, PacketVoter } from './types';

/** The default oath in English (the catalogue's `pdf.decl.oath` has it in every language). */
export const DEFAULT_OATH = t('en', 'pdf.decl.oath');

export function declaration(doc: PDFDocument, fonts: DocFonts, input: PacketInput): Slots['decl'] {
  const { width: W, height: H } = PAGE_SIZES[input.paperSize];
  const f = new Flow(doc, fonts, W, H);
  const lang = input.language ?? 'en';
  const w = (key: FixedKey, values?: MessageValues) => t(lang, key, values);
  text(f.page, fonts, w('pdf.decl.kicker'), MARGIN, f.y, {
    size: 9,
    bold: true,
    color: GREY,
  });
  f.y += 16;
  f.p(w('pdf.decl.title'), { size: 17, bold: true, tag: 'H1' });
  f.p(
    `${input.election.name} \u2014 ${input.election.jurisdictionName} \u2014 ${plainDate(input.election.date, 0, lang)}`,
  );
  f.y += 6;
  // the jurisdiction's own oath is its legal text, in its words; the default one in the packet's language
  f.p(input.office.oath ?? input.election.oathText ?? w('pdf.decl.oath'), { size: 10.5 });
  f.y += 12;
  f.ensure(200);
  f.p(w('pdf.decl.name'), { size: 8 });
  const slot = { page: f.pageIndex, top: f.y, name: Tags.of(doc).reserve(f.page, 'P'), language: lang };
  f.y += 34 + 40;
  hline(f.page, MARGIN, MARGIN + f.width * 0.62, f.y, { width: 1 });
  hline(f.page, MARGIN + f.width * 0.7, W - MARGIN, f.y, { width: 1 });
  f.y += 3;
  text(f.page, fonts, w('pdf.decl.signature'), MARGIN, f.y, { size: 8 });
  text(f.page, fonts, w('pdf.decl.date'), MARGIN + f.width * 0.7, f.y, { size: 8 });
  f.y += 24;
  const attestation = input.oathAttestation;
  if (attestation === undefined) {
    f.p(w('pdf.decl.mark'), { size: 8.5 });
    f.y += 26;
    hline(f.page, MARGIN, MARGIN + f.width * 0.62, f.y, { width: 0.75 });
    f.y += 3;
    text(f.page, fonts, w('pdf.decl.witnessLine'), MARGIN, f.y, { size: 8 });
    return slot;
  }
  // the state requires the oath attested: a required block (docs/state-rules.md)
  f.p(attestation.text, { size: 9.5, bold: true });
  const who =
    attestation.kind === 'notary'
      ? w('pdf.decl.notary')
      : attestation.kind === 'witness'
        ? w('pdf.decl.witness')
        : w('pdf.decl.witnessOrNotary');
  f.y += 30;
  hline(f.page, MARGIN, W - MARGIN, f.y, { width: 0.75 });
  f.y += 3;
  text(f.page, fonts, who, MARGIN, f.y, { size: 8 });
  f.y += 30;
  hline(f.page, MARGIN, W - MARGIN, f.y, { width: 0.75 });
  f.y += 3;
  text(f.page, fonts, w('pdf.decl.witnessAddress'), MARGIN, f.y, { size: 8 });
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
      fonts.clean(t(slot.language, 'pdf.decl.trackingCode', { code: voter.trackingCode })),
      MARGIN,
      slot.top + Math.max(h, 17) + 2,
      { size: 9 },
    );
  });
}
