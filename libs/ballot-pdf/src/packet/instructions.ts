/**
 * The packet's first document: the instructions (deadline, contents, how to vote and return,
 * postage, late ballots, questions) with a block for the voter's name, tracking code and QR code.
 */
import { PDFDocument, PDFPage } from 'pdf-lib';
import { drawQr } from '../codes';
import { t, type FixedKey, type Language, type MessageValues } from '@uocava/domain';
import { describeReturnDeadline, plainDate } from '../deadline';
import { GREY, MARGIN, hline, text } from '../draw';
import { DocFonts } from '../fonts';
import { PAGE_SIZES } from '../paper';
import { Tags } from '../tags';
import { Flow, fitLine } from './layout';
import type { Slots } from './slots';
import type { PacketInput, PacketVoter } from './types';

/** Height reserved for the voter block of the instructions (name, tracking code, address). */
const VOTER_BLOCK = 62;
const QR_SIZE = 92;

export function instructions(
  doc: PDFDocument,
  fonts: DocFonts,
  input: PacketInput,
  ballotPages: number,
): Slots['instr'] {
  const { width: W, height: H } = PAGE_SIZES[input.paperSize];
  const f = new Flow(doc, fonts, W, H);
  const { election, office } = input;
  const textW = f.width - QR_SIZE - 16;
  const lang = input.language ?? 'en';
  const w = (key: FixedKey, values?: MessageValues) => t(lang, key, values);
  text(f.page, fonts, w('pdf.instr.kicker'), MARGIN, f.y, {
    size: 9,
    bold: true,
    color: GREY,
  });
  f.y += 14;
  f.p(election.name, { size: 17, bold: true, width: textW, tag: 'H1' });
  f.p(
    w('pdf.instr.electionDay', {
      jurisdiction: election.jurisdictionName,
      date: plainDate(election.date, 0, lang),
    }),
    { width: textW },
  );
  f.y += 4;
  const tags = Tags.of(doc);
  const slot = {
    page: f.pageIndex,
    top: f.y,
    textW,
    qr: QR_SIZE,
    text: tags.reserve(f.page, 'P'),
    code: tags.reserve(f.page, 'Figure', { alt: w('pdf.instr.qrAlt') }),
    language: lang,
  };
  f.y = Math.max(f.y + VOTER_BLOCK, MARGIN + QR_SIZE + 6);
  hline(f.page, MARGIN, W - MARGIN, f.y, { width: 1.5 });
  f.y += 6;

  f.heading(w('pdf.instr.deadline'));
  f.p(input.returnDeadlineText ?? describeReturnDeadline(election.returnRule, election.date, lang), {
    bold: true,
  });

  f.heading(w('pdf.instr.contents'));
  f.p(w('pdf.instr.contentsText', { pages: ballotPages }));

  f.heading(w('pdf.instr.how'));
  (
    [
      'pdf.instr.step1',
      'pdf.instr.step2',
      'pdf.instr.step3',
      'pdf.instr.step4',
      'pdf.instr.step5',
      'pdf.instr.step6',
    ] as const
  ).forEach((k) => f.p(w(k), { indent: 8 }));
  f.ensure(14 * (office.mailingAddress.length + 1));
  f.p(office.name, { bold: true, indent: 24 });
  f.y -= 3;
  for (const line of office.mailingAddress) {
    f.p(line, { indent: 24 });
    f.y -= 3;
  }
  f.y += 4;
  if (office.fax || office.email) {
    const ways = [
      office.fax ? w('pdf.instr.byFax', { fax: office.fax }) : '',
      office.email ? w('pdf.instr.byEmail', { email: office.email }) : '',
    ]
      .filter(Boolean)
      .join(w('pdf.instr.or'));
    f.p(w('pdf.instr.electronic', { ways }));
  }

  f.heading(w('pdf.instr.postage'));
  f.p(w('pdf.instr.postageText'));
  if (input.militaryPost) f.p(w('pdf.instr.label11'), { bold: true });

  f.heading(w('pdf.instr.late'));
  f.p(w('pdf.instr.lateText'));
  const contact = [
    office.phone ? w('pdf.instr.phone', { phone: office.phone }) : '',
    office.email ? w('pdf.instr.email', { email: office.email }) : '',
  ]
    .filter(Boolean)
    .join(', ');
  f.heading(w('pdf.instr.questions'));
  f.p(w('pdf.instr.questionsText', { office: office.name, contact: contact ? `: ${contact}` : '' }));
  return slot;
}

export function personaliseInstructions(
  page: PDFPage,
  fonts: DocFonts,
  slot: Slots['instr'],
  voter: PacketVoter,
): void {
  const tags = Tags.of(page.doc);
  const lang: Language = slot.language;
  tags.drawReserved(page, slot.text, () => {
    let y = slot.top;
    const prepared = t(lang, 'pdf.instr.preparedFor', { name: voter.name });
    y += fitLine(page, fonts, prepared, MARGIN, y, slot.textW, 12, 8, true) + 2;
    const code = t(lang, 'pdf.instr.trackingCode', { code: voter.trackingCode });
    text(page, fonts, fonts.clean(code), MARGIN, y, { size: 11 });
    y += 15;
    fitLine(
      page,
      fonts,
      t(lang, 'pdf.instr.follow', { url: voter.trackingUrl }),
      MARGIN,
      y,
      slot.textW,
      8.5,
      6,
      false,
    );
  });
  tags.drawReserved(page, slot.code, () =>
    drawQr(
      page,
      voter.trackingUrl,
      page.getWidth() - MARGIN - slot.qr,
      page.getHeight() - MARGIN - slot.qr,
      slot.qr,
    ),
  );
}
