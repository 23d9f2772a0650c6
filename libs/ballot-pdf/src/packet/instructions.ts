/**
 * The packet's first document: the instructions (deadline, contents, how to vote and return,
 * postage, late ballots, questions) with a block for the voter's name, tracking code and QR code.
 */
import { PDFDocument, PDFPage } from 'pdf-lib';
import { drawQr } from '../codes';
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
  text(f.page, fonts, 'ABSENTEE BALLOT PACKET \u2014 INSTRUCTIONS', MARGIN, f.y, {
    size: 9,
    bold: true,
    color: GREY,
  });
  f.y += 14;
  f.p(election.name, { size: 17, bold: true, width: textW, tag: 'H1' });
  f.p(`${election.jurisdictionName} \u2014 election day ${plainDate(election.date)}`, { width: textW });
  f.y += 4;
  const tags = Tags.of(doc);
  const slot = {
    page: f.pageIndex,
    top: f.y,
    textW,
    qr: QR_SIZE,
    text: tags.reserve(f.page, 'P'),
    code: tags.reserve(f.page, 'Figure', {
      alt: 'QR code with the address of your ballot tracking page, the address printed beside it',
    }),
  };
  f.y = Math.max(f.y + VOTER_BLOCK, MARGIN + QR_SIZE + 6);
  hline(f.page, MARGIN, W - MARGIN, f.y, { width: 1.5 });
  f.y += 6;

  f.heading('Deadline');
  f.p(input.returnDeadlineText ?? describeReturnDeadline(election.returnRule, election.date), { bold: true });

  f.heading('What is in this packet');
  const bp = ballotPages === 1 ? '1 page' : `${ballotPages} pages`;
  f.p(
    `1. These instructions.  2. Your ballot (${bp}).  3. The voter\u2019s declaration.  4. A secrecy sleeve and a return envelope label.`,
  );

  f.heading('How to vote and return your ballot');
  [
    '1. Print all pages on plain white paper, one side only. Do not resize the pages.',
    '2. Mark your ballot with a black or blue pen, following the instructions on the ballot. Do not sign or write your name on the ballot.',
    '3. Fold the ballot and put it inside the secrecy sleeve (the page marked \u201cOfficial Ballot\u201d). Folding it around the ballot is enough.',
    '4. Sign and date the voter\u2019s declaration. An unsigned declaration means your ballot cannot be counted.',
    '5. Put the secrecy sleeve and the signed declaration in an envelope. Cut out the return envelope label and tape it on the envelope, or fold the page into an envelope.',
    '6. Mail it to your election office:',
  ].forEach((s) => f.p(s, { indent: 8 }));
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
      office.fax ? `by fax to ${office.fax}` : '',
      office.email ? `by e-mail to ${office.email}` : '',
    ]
      .filter(Boolean)
      .join(' or ');
    f.p(
      `This office also accepts voted ballots ${ways}. Send the ballot and the signed declaration together. ` +
        'A ballot returned electronically cannot stay fully secret: you may be asked to sign a waiver of secrecy.',
    );
  }

  f.heading('Postage');
  f.p(
    'Returning your ballot by mail is free in the U.S. mail, through a military post office (APO/FPO/DPO) and ' +
      'through the diplomatic pouch of a U.S. embassy or consulate: the return envelope label carries the ' +
      '\u201cOfficial Absentee Balloting Material \u2014 First-Class Mail \u2014 U.S. Postage Paid 39 USC 3406\u201d marking. ' +
      'If you use your host country\u2019s postal service, you must pay its postage.',
  );
  if (input.militaryPost)
    f.p(
      'At a military post office, ask for Label 11-DoD: your voted ballot then travels by Priority Mail Express ' +
        'with tracking, at no cost to you.',
      { bold: true },
    );

  f.heading('If your ballot is late or does not arrive');
  f.p(
    'If you fear this ballot will not reach the office in time, or you did not receive it, vote with the Federal ' +
      'Write-In Absentee Ballot (FWAB, SF-186) from FVAP.gov and send it to the same address. If this ballot ' +
      'arrives later, vote and return it too: only one ballot will be counted.',
  );
  const contact = [office.phone ? `phone ${office.phone}` : '', office.email ? `e-mail ${office.email}` : '']
    .filter(Boolean)
    .join(', ');
  f.heading('Questions');
  f.p(
    `${office.name}${contact ? `: ${contact}` : ''}. Please give your tracking code, never your ID number.`,
  );
  return slot;
}

export function personaliseInstructions(
  page: PDFPage,
  fonts: DocFonts,
  slot: Slots['instr'],
  voter: PacketVoter,
): void {
  const tags = Tags.of(page.doc);
  tags.drawReserved(page, slot.text, () => {
    let y = slot.top;
    y += fitLine(page, fonts, `Prepared for: ${voter.name}`, MARGIN, y, slot.textW, 12, 8, true) + 2;
    text(page, fonts, fonts.clean(`Tracking code: ${voter.trackingCode}`), MARGIN, y, { size: 11 });
    y += 15;
    fitLine(
      page,
      fonts,
      `Follow your ballot at ${voter.trackingUrl} or scan the code.`,
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
