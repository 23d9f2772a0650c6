/**
 * The secrecy sleeve and the return envelope label: the office's address and the postage-free
 * marking, with room for the voter's name and the ballot id barcode.
 */
import { PDFDocument, PDFPage } from 'pdf-lib';
import { t, type FixedKey, type MessageValues } from '@uocava/domain';
import { drawCode128 } from '../codes';
import { BLACK, GREY, MARGIN, hline, para, rect, text } from '../draw';
import { DocFonts } from '../fonts';
import { PAGE_SIZES } from '../paper';
import { Tags } from '../tags';
import { fitLine } from './layout';
import type { Slots } from './slots';
import type { PacketInput, PacketVoter } from './types';

export function envelope(doc: PDFDocument, fonts: DocFonts, input: PacketInput): Slots['env'] {
  const { width: W, height: H } = PAGE_SIZES[input.paperSize];
  const cw = W - 2 * MARGIN;
  const lang = input.language ?? 'en';
  const w = (key: FixedKey, values?: MessageValues) => t(lang, key, values);
  // secrecy sleeve: no voter data at all
  const s = doc.addPage([W, H]);
  const third = (H - 2 * MARGIN) / 3;
  hline(s, MARGIN, W - MARGIN, MARGIN + third, { dashed: true, color: GREY });
  hline(s, MARGIN, W - MARGIN, MARGIN + 2 * third, { dashed: true, color: GREY });
  text(s, fonts, w('pdf.env.fold'), MARGIN, MARGIN + third + 3, { size: 7, color: GREY });
  text(s, fonts, w('pdf.env.fold'), MARGIN, MARGIN + 2 * third + 3, { size: 7, color: GREY });
  const mid = MARGIN + third;
  rect(s, MARGIN + 30, mid + 30, cw - 60, third - 60, { border: BLACK, borderWidth: 3 });
  const tags = Tags.of(doc);
  tags.group('H1', () =>
    text(s, fonts, w('pdf.env.official'), MARGIN, mid + 50, {
      size: 30,
      bold: true,
      align: 'center',
      width: cw,
    }),
  );
  text(s, fonts, w('pdf.env.sleeve'), MARGIN, mid + 95, {
    size: 13,
    align: 'center',
    width: cw,
  });
  text(s, fonts, w('pdf.env.sleeveHint'), MARGIN, mid + 118, {
    size: 10,
    align: 'center',
    width: cw,
    color: GREY,
  });
  text(s, fonts, fonts.clean(input.election.name), MARGIN, mid + 140, {
    size: 10,
    align: 'center',
    width: cw,
  });

  // return envelope label: office address, postage-free marking; the voter's name and barcode are personal
  const e = doc.addPage([W, H]);
  text(e, fonts, w('pdf.env.kicker'), MARGIN, MARGIN, { size: 8.5, bold: true, color: GREY });
  const top = MARGIN + 18;
  const eh = Math.min(330, (H - 2 * MARGIN) / 2);
  rect(e, MARGIN, top, cw, eh, { border: BLACK, dashed: true });
  const bw = 176;
  const bx = W - MARGIN - bw - 10;
  rect(e, bx, top + 10, bw, 74, { border: BLACK, borderWidth: 1.25 });
  ['OFFICIAL ABSENTEE', 'BALLOTING MATERIAL', 'FIRST-CLASS MAIL', 'U.S. POSTAGE PAID 39 USC 3406'].forEach(
    (l, i) =>
      text(e, fonts, l, bx, top + 16 + i * 12, {
        size: i < 2 ? 10 : 8.5,
        bold: true,
        align: 'center',
        width: bw,
      }),
  );
  text(e, fonts, w('pdf.env.noPostage'), bx, top + 68, {
    size: 6.5,
    align: 'center',
    width: bw,
  });
  text(e, fonts, w('pdf.env.from'), MARGIN + 12, top + 12, { size: 8, color: GREY });
  const from = tags.reserve(e, 'P');
  text(e, fonts, w('pdf.env.electionMail'), MARGIN + 12, top + 60, { size: 12, bold: true });
  text(e, fonts, w('pdf.env.enclosed'), MARGIN + 12, top + 76, { size: 9 });
  const tx = MARGIN + cw * 0.36;
  let ty = top + eh * 0.42;
  text(e, fonts, w('pdf.env.to'), tx - 22, ty + 1, { size: 9, color: GREY });
  ty += para(e, fonts, input.office.name, tx, ty, W - MARGIN - tx - 12, { size: 12, bold: true });
  for (const line of input.office.mailingAddress)
    ty += para(e, fonts, line, tx, ty, W - MARGIN - tx - 12, { size: 12, bold: true });
  para(e, fonts, w('pdf.env.beforeSeal'), MARGIN, top + eh + 24, cw, { size: 9 });
  const code = tags.reserve(e, 'Figure', { alt: w('pdf.env.barcodeAlt') });
  const id = tags.reserve(e, 'P');
  return { page: doc.getPageCount() - 1, top, eh, fromW: cw - bw - 40, from, code, id, language: lang };
}

export function personaliseEnvelope(
  page: PDFPage,
  fonts: DocFonts,
  slot: Slots['env'],
  voter: PacketVoter,
): void {
  const tags = Tags.of(page.doc);
  tags.drawReserved(page, slot.from, () => {
    fitLine(page, fonts, voter.name, MARGIN + 12, slot.top + 23, slot.fromW, 10, 7, true);
    // the voter's return address under the name, above "Official Election Mail" (top + 60)
    (voter.returnAddress ?? []).slice(0, 3).forEach((line, i) => {
      fitLine(page, fonts, line, MARGIN + 12, slot.top + 34 + i * 8.5, slot.fromW, 7.5, 5, false);
    });
  });
  const cw = page.getWidth() - 2 * MARGIN;
  tags.drawReserved(page, slot.code, () =>
    drawCode128(page, voter.ballotId, MARGIN + 4, page.getHeight() - (slot.top + slot.eh - 24), 30, cw * 0.5),
  );
  tags.drawReserved(page, slot.id, () =>
    text(
      page,
      fonts,
      fonts.clean(t(slot.language, 'pdf.env.ballotId', { id: voter.ballotId })),
      MARGIN + 14,
      slot.top + slot.eh - 20,
      {
        size: 7,
      },
    ),
  );
}
