/**
 * One voter's ballot packet: instructions, the ballot of the voter's style, the voter's
 * declaration, a secrecy sleeve and a return envelope.
 */
import { createHash } from 'crypto';
import type { ElectionDefinition, PaperSize } from '@uocava/domain';
import {
  PDFArray,
  PDFCrossRefSection,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  PDFString,
  PDFTrailer,
  PDFTrailerDict,
} from 'pdf-lib';
import { drawBallotPages } from './ballot';
import { drawCode128, drawQr } from './codes';
import { describeReturnDeadline, plainDate } from './deadline';
import { BLACK, GREY, MARGIN, hline, para, rect, text } from './draw';
import { DocFonts, PersonalFonts } from './fonts';
import { finishDocument } from './meta';
import { PAGE_SIZES } from './paper';
import { jcsSha256, packetInputsSha256, rendererVersion } from './version';

export interface PacketVoter {
  /** display name as the voter wrote it */
  name: string;
  trackingCode: string;
  ballotId: string;
  /** public tracking address, encoded in the QR code */
  trackingUrl: string;
}

export interface ElectionOffice {
  name: string;
  /** mailing address, one line each, country last for foreign senders */
  mailingAddress: string[];
  /** set when the office accepts voted ballots by fax */
  fax?: string;
  /** set when the office accepts voted ballots by e-mail */
  email?: string;
  phone?: string;
  /** the jurisdiction's declaration text; overrides election.oathText and the default */
  oath?: string;
}

export interface PacketInput {
  voter: PacketVoter;
  election: ElectionDefinition;
  styleId: string;
  office: ElectionOffice;
  /** the deadline in the office's own words; default: derived from election.returnRule */
  returnDeadlineText?: string;
  paperSize: PaperSize;
  /** the voter mails from a military post office (APO/FPO/DPO): mention Label 11-DoD */
  militaryPost: boolean;
}

export interface PacketResult {
  bytes: Uint8Array;
  /** hex SHA-256 of bytes */
  sha256: string;
  pageCount: number;
  paperSize: PaperSize;
  /** characters that no shipped font has, drawn as a placeholder box */
  missingGlyphs: string[];
  /** hex SHA-256 of the JCS form of the inputs (see `packetInputsSha256`) */
  inputsSha256: string;
  /** the renderer that wrote the bytes (see `rendererVersion`) */
  rendererVersion: string;
  /** 1-based inclusive page ranges of each part */
  parts: {
    instructions: [number, number];
    ballot: [number, number];
    declaration: [number, number];
    envelope: [number, number];
  };
}

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

/** Where the personal fields go on the template's pages (0-based page indexes, top-down y). */
interface Slots {
  instr: { page: number; top: number; textW: number; qr: number };
  decl: { page: number; top: number };
  env: { page: number; top: number; eh: number; fromW: number };
}

interface Template {
  source: PDFDocument;
  /** the template's saved bytes: a packet appends its personal objects as an incremental update */
  bytes: Uint8Array;
  /** byte offset of the template's cross-reference section (the update's /Prev) */
  xrefOffset: number;
  pageCount: number;
  missingGlyphs: string[];
  slots: Slots;
  parts: PacketResult['parts'];
}

/**
 * Keeps, per election content, ballot style, paper size, office and return text, the packet with
 * everything but the voter: the ballot pages and the static text of the other pages, already
 * laid out, subset and parsed. A packet copies its pages and draws only the voter's name,
 * tracking code, QR code and ballot id barcode. Bounded: the least recently used entry is dropped.
 */
export class BallotStyleCache {
  private readonly entries = new Map<string, Promise<Template>>();
  private readonly electionKeys = new WeakMap<ElectionDefinition, string>();
  /** font subsets for the voters' text, per character repertoire */
  readonly personalFonts = new PersonalFonts();
  constructor(private readonly maxEntries = 256) {}

  /** JCS SHA-256 of an election definition, computed once per definition object. */
  electionSha256(e: ElectionDefinition): string {
    let k = this.electionKeys.get(e);
    if (!k) {
      k = jcsSha256(e);
      this.electionKeys.set(e, k);
    }
    return k;
  }

  /**
   * The template of the packet's style: everything but the voter. Its key is the JCS digest of
   * exactly the inputs it is built from (never the voter), so the template, and the packet built on
   * it, is the same whichever voter's packet happened to build it first.
   */
  get(input: PacketInput): Promise<Template> {
    const key = templateKey(input, this.electionSha256(input.election));
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    hit = buildTemplate(input, key);
    hit.catch(() => this.entries.delete(key));
    this.entries.set(key, hit);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return hit;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Hex digest of the inputs a template is built from: all of the packet's but the voter. */
function templateKey(input: PacketInput, electionSha256: string): string {
  return jcsSha256({
    election: electionSha256,
    styleId: input.styleId,
    paperSize: input.paperSize,
    office: input.office,
    returnDeadlineText: input.returnDeadlineText ?? null,
    militaryPost: input.militaryPost,
  });
}

/** A top-down writer that starts a new page when the current one is full. */
class Flow {
  page: PDFPage;
  y = MARGIN;
  constructor(
    private readonly doc: PDFDocument,
    readonly fonts: DocFonts,
    readonly W: number,
    readonly H: number,
  ) {
    this.page = doc.addPage([W, H]);
  }
  get width(): number {
    return this.W - 2 * MARGIN;
  }
  get pageIndex(): number {
    return this.doc.getPageCount() - 1;
  }
  ensure(h: number): void {
    if (this.y + h > this.H - MARGIN) {
      this.page = this.doc.addPage([this.W, this.H]);
      this.y = MARGIN;
    }
  }
  heading(s: string, size = 11): void {
    this.ensure(size * 1.3 + 30);
    this.y += 4;
    text(this.page, this.fonts, this.fonts.clean(s), MARGIN, this.y, { size, bold: true });
    this.y += size * 1.35;
  }
  p(s: string, o: { size?: number; bold?: boolean; indent?: number; width?: number } = {}): void {
    const size = o.size ?? 9.5;
    const indent = o.indent ?? 0;
    const lines = this.fonts.wrap(this.fonts.clean(s), size, (o.width ?? this.width) - indent, o.bold);
    for (const l of lines) {
      this.ensure(size * 1.3);
      text(this.page, this.fonts, l, MARGIN + indent, this.y, { size, ...(o.bold ? { bold: true } : {}) });
      this.y += size * 1.27;
    }
    this.y += 2;
  }
}

/** Height reserved for the voter block of the instructions (name, tracking code, address). */
const VOTER_BLOCK = 62;
const QR_SIZE = 92;

function instructions(
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
  f.p(election.name, { size: 17, bold: true, width: textW });
  f.p(`${election.jurisdictionName} \u2014 election day ${plainDate(election.date)}`, { width: textW });
  f.y += 4;
  const slot = { page: f.pageIndex, top: f.y, textW, qr: QR_SIZE };
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

/** Draws `s` on one line at the largest size <= `size` (down to `min`) that fits, else wraps to two lines. */
function fitLine(
  page: PDFPage,
  fonts: DocFonts,
  s: string,
  x: number,
  top: number,
  w: number,
  size: number,
  min: number,
  bold: boolean,
): number {
  const clean = fonts.clean(s);
  let sz = size;
  while (sz > min && fonts.width(clean, sz, bold) > w) sz -= 0.5;
  const lines = fonts.wrap(clean, sz, w, bold).slice(0, 2);
  lines.forEach((l, i) => text(page, fonts, l, x, top + i * sz * 1.2, { size: sz, bold }));
  return lines.length * sz * 1.2;
}

function personaliseInstructions(
  page: PDFPage,
  fonts: DocFonts,
  slot: Slots['instr'],
  voter: PacketVoter,
): void {
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
  drawQr(
    page,
    voter.trackingUrl,
    page.getWidth() - MARGIN - slot.qr,
    page.getHeight() - MARGIN - slot.qr,
    slot.qr,
  );
}

function declaration(doc: PDFDocument, fonts: DocFonts, input: PacketInput): Slots['decl'] {
  const { width: W, height: H } = PAGE_SIZES[input.paperSize];
  const f = new Flow(doc, fonts, W, H);
  text(f.page, fonts, 'PUT THIS PAGE IN THE RETURN ENVELOPE, OUTSIDE THE SECRECY SLEEVE', MARGIN, f.y, {
    size: 9,
    bold: true,
    color: GREY,
  });
  f.y += 16;
  f.p('Voter\u2019s Declaration / Affirmation', { size: 17, bold: true });
  f.p(
    `${input.election.name} \u2014 ${input.election.jurisdictionName} \u2014 ${plainDate(input.election.date)}`,
  );
  f.y += 6;
  f.p(input.office.oath ?? input.election.oathText ?? DEFAULT_OATH, { size: 10.5 });
  f.y += 12;
  f.ensure(200);
  f.p('Voter\u2019s name', { size: 8 });
  const slot = { page: f.pageIndex, top: f.y };
  f.y += 34 + 40;
  hline(f.page, MARGIN, MARGIN + f.width * 0.62, f.y, { width: 1 });
  hline(f.page, MARGIN + f.width * 0.7, W - MARGIN, f.y, { width: 1 });
  f.y += 3;
  text(f.page, fonts, 'Signature of the voter (required)', MARGIN, f.y, { size: 8 });
  text(f.page, fonts, 'Date (MM/DD/YYYY)', MARGIN + f.width * 0.7, f.y, { size: 8 });
  f.y += 24;
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

function personaliseDeclaration(
  page: PDFPage,
  fonts: DocFonts,
  slot: Slots['decl'],
  voter: PacketVoter,
): void {
  const w = page.getWidth() - 2 * MARGIN;
  const h = fitLine(page, fonts, voter.name, MARGIN, slot.top, w, 13, 8, true);
  text(
    page,
    fonts,
    fonts.clean(`Tracking code ${voter.trackingCode}`),
    MARGIN,
    slot.top + Math.max(h, 17) + 2,
    { size: 9 },
  );
}

function envelope(doc: PDFDocument, fonts: DocFonts, input: PacketInput): Slots['env'] {
  const { width: W, height: H } = PAGE_SIZES[input.paperSize];
  const cw = W - 2 * MARGIN;
  // secrecy sleeve: no voter data at all
  const s = doc.addPage([W, H]);
  const third = (H - 2 * MARGIN) / 3;
  hline(s, MARGIN, W - MARGIN, MARGIN + third, { dashed: true, color: GREY });
  hline(s, MARGIN, W - MARGIN, MARGIN + 2 * third, { dashed: true, color: GREY });
  text(s, fonts, 'fold', MARGIN, MARGIN + third + 3, { size: 7, color: GREY });
  text(s, fonts, 'fold', MARGIN, MARGIN + 2 * third + 3, { size: 7, color: GREY });
  const mid = MARGIN + third;
  rect(s, MARGIN + 30, mid + 30, cw - 60, third - 60, { border: BLACK, borderWidth: 3 });
  text(s, fonts, 'OFFICIAL BALLOT', MARGIN, mid + 50, { size: 30, bold: true, align: 'center', width: cw });
  text(s, fonts, 'Secrecy sleeve: place your voted ballot inside', MARGIN, mid + 95, {
    size: 13,
    align: 'center',
    width: cw,
  });
  text(s, fonts, 'Fold this sheet around your ballot. Do not write your name on it.', MARGIN, mid + 118, {
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
  text(
    e,
    fonts,
    'RETURN ENVELOPE \u2014 cut along the dashed line and tape on any envelope, or fold into an envelope',
    MARGIN,
    MARGIN,
    { size: 8.5, bold: true, color: GREY },
  );
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
  text(e, fonts, 'No postage necessary in U.S. mail, APO/FPO/DPO', bx, top + 68, {
    size: 6.5,
    align: 'center',
    width: bw,
  });
  text(e, fonts, 'From:', MARGIN + 12, top + 12, { size: 8, color: GREY });
  text(e, fonts, 'Official Election Mail', MARGIN + 12, top + 60, { size: 12, bold: true });
  text(e, fonts, 'Absentee ballot enclosed', MARGIN + 12, top + 76, { size: 9 });
  const tx = MARGIN + cw * 0.36;
  let ty = top + eh * 0.42;
  text(e, fonts, 'To:', tx - 22, ty + 1, { size: 9, color: GREY });
  ty += para(e, fonts, input.office.name, tx, ty, W - MARGIN - tx - 12, { size: 12, bold: true });
  for (const line of input.office.mailingAddress)
    ty += para(e, fonts, line, tx, ty, W - MARGIN - tx - 12, { size: 12, bold: true });
  para(
    e,
    fonts,
    'Before you seal the envelope: the secrecy sleeve with your ballot inside and the signed declaration go in. ' +
      'The election office scans the barcode when your envelope arrives; you can follow each step with your tracking code.',
    MARGIN,
    top + eh + 24,
    cw,
    { size: 9 },
  );
  return { page: doc.getPageCount() - 1, top, eh, fromW: cw - bw - 40 };
}

function personaliseEnvelope(page: PDFPage, fonts: DocFonts, slot: Slots['env'], voter: PacketVoter): void {
  fitLine(page, fonts, voter.name, MARGIN + 12, slot.top + 23, slot.fromW, 10, 7, true);
  const cw = page.getWidth() - 2 * MARGIN;
  drawCode128(page, voter.ballotId, MARGIN + 4, page.getHeight() - (slot.top + slot.eh - 24), 30, cw * 0.5);
  text(page, fonts, fonts.clean(`Ballot ID ${voter.ballotId}`), MARGIN + 14, slot.top + slot.eh - 20, {
    size: 7,
  });
}

async function buildTemplate(input: PacketInput, key: string): Promise<Template> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const missing = new Set<string>();
  const fonts = await DocFonts.embed(doc, missing);
  // the ballot is laid out first: the instructions state its page count; they are moved before it
  const ballotPages = drawBallotPages(doc, fonts, input.election, input.styleId, input.paperSize);
  const instr = instructions(doc, fonts, input, ballotPages);
  const nInstr = doc.getPageCount() - ballotPages;
  for (let k = 0; k < nInstr; k++) {
    const page = doc.getPage(ballotPages + k);
    doc.removePage(ballotPages + k);
    doc.insertPage(k, page);
  }
  instr.page -= ballotPages;
  const decl = declaration(doc, fonts, input);
  const declEnd = doc.getPageCount();
  const env = envelope(doc, fonts, input);
  const pageCount = doc.getPageCount();
  const id = createHash('sha256').update(`packet-template\0${key}`).digest();
  const bytes = await finishDocument(doc, { title: '', date: input.election.date, id });
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64))).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!startxref) throw new Error('ballot-pdf: template without startxref');
  return {
    source: await PDFDocument.load(bytes, { updateMetadata: false }),
    bytes,
    xrefOffset: Number(startxref[1]),
    pageCount,
    missingGlyphs: [...missing],
    slots: { instr, decl, env },
    parts: {
      instructions: [1, nInstr],
      ballot: [nInstr + 1, nInstr + ballotPages],
      declaration: [nInstr + ballotPages + 1, declEnd],
      envelope: [declEnd + 1, pageCount],
    },
  };
}

/** Renders one voter's packet. Pass a shared cache so that each ballot style is rendered once. */
export async function renderPacket(
  input: PacketInput,
  cache: BallotStyleCache = new BallotStyleCache(4),
): Promise<PacketResult> {
  const t = await cache.get(input);
  const missing = new Set<string>(t.missingGlyphs);
  const { instr, decl, env } = t.slots;
  const personalise = (fonts: DocFonts, pages: PDFPage[]) => {
    personaliseInstructions(pages[instr.page], fonts, instr, input.voter);
    personaliseDeclaration(pages[decl.page], fonts, decl, input.voter);
    personaliseEnvelope(pages[env.page], fonts, env, input.voter);
  };
  const copy = async (d: PDFDocument): Promise<PDFPage[]> => {
    const ps = await d.copyPages(t.source, [...Array(t.pageCount).keys()]);
    for (const p of ps) d.addPage(p);
    return ps;
  };
  const inputsSha256 = packetInputsSha256(input, cache.electionSha256(input.election));
  const id = createHash('sha256').update(`packet\0${inputsSha256}`).digest();
  const title = `${input.election.name} \u2014 absentee ballot packet`;
  const { voter } = input;
  const chars = `${voter.name}${voter.trackingCode}${voter.trackingUrl}${voter.ballotId}`;
  let bytes = await appendPersonal(t, cache, chars, missing, personalise, {
    title,
    date: input.election.date,
    id,
  });
  if (!bytes) {
    // a glyph outside the shared subset (e.g. a ligature): a whole document with a subset of its own
    const doc = await PDFDocument.create({ updateMetadata: false });
    const pages = await copy(doc);
    personalise(await DocFonts.embed(doc, missing, true), pages);
    bytes = await finishDocument(doc, { title, date: input.election.date, id });
  }
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    pageCount: t.pageCount,
    paperSize: input.paperSize,
    missingGlyphs: [...missing].sort(),
    parts: t.parts,
    inputsSha256,
    rendererVersion: rendererVersion(),
  };
}

/**
 * The packet as the template's own bytes plus a PDF incremental update (ISO 32000-1, 7.5.6): the
 * three personalised page dictionaries (same object numbers), their overlay content streams, the
 * voter-font subset, a new document information dictionary, a cross-reference section and a
 * trailer with /Prev and the packet's /ID. Nothing of the template is serialised again.
 * Returns undefined when the shared voter-font subset lacked a glyph.
 */
async function appendPersonal(
  t: Template,
  cache: BallotStyleCache,
  chars: string,
  missing: Set<string>,
  personalise: (fonts: DocFonts, pages: PDFPage[]) => void,
  meta: { title: string; date: string; id: Uint8Array },
): Promise<Uint8Array | undefined> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { context } = doc;
  const src = t.source.context;
  // the template's objects, shared read-only (the personalised pages get copies below)
  for (const [ref, object] of src.enumerateIndirectObjects()) context.assign(ref, object);
  const base = src.largestObjectNumber;
  context.largestObjectNumber = base;
  const changed: PDFRef[] = [];
  const pages: PDFPage[] = [];
  for (const index of new Set([t.slots.instr.page, t.slots.decl.page, t.slots.env.page])) {
    const original = t.source.getPage(index);
    // pdf-lib's own content streams leave the graphics state balanced: no q/Q wrapper streams
    const leaf = PDFPageLeaf.fromMapWithContext(new Map(original.node.entries()), context, false);
    const resources = original.node.Resources();
    if (resources) {
      const own = resources.clone(context);
      for (const key of resources.keys()) {
        const value = resources.get(key);
        if (value instanceof PDFDict) own.set(key, value.clone(context));
      }
      leaf.set(PDFName.of('Resources'), own);
    }
    const contents = leaf.get(PDFName.of('Contents'));
    if (contents instanceof PDFArray) leaf.set(PDFName.of('Contents'), contents.clone(context));
    context.assign(original.ref, leaf);
    changed.push(original.ref);
    pages[index] = PDFPage.of(leaf, original.ref, doc);
  }
  const shared = await cache.personalFonts.use(doc, chars, missing, (fonts) => personalise(fonts, pages));
  if (!shared) return undefined;
  const when = PDFString.fromDate(new Date(`${meta.date}T00:00:00Z`));
  const info = context.register(
    context.obj({
      Title: PDFHexString.fromText(meta.title),
      Creator: PDFHexString.fromText('uocava ballot-pdf'),
      Producer: PDFHexString.fromText('uocava ballot-pdf (pdf-lib)'),
      CreationDate: when,
      ModDate: when,
    }),
  );
  const objects = context
    .enumerateIndirectObjects()
    .filter(([ref]) => ref.objectNumber > base || changed.includes(ref))
    .sort(([a], [b]) => a.objectNumber - b.objectNumber);
  const xref = PDFCrossRefSection.createEmpty();
  let size = t.bytes.length + 1;
  const offsets: number[] = [];
  for (const [ref, object] of objects) {
    offsets.push(size);
    xref.addEntry(ref, size);
    size += `${ref.objectNumber} ${ref.generationNumber} obj\n`.length + object.sizeInBytes() + 9;
  }
  const hex = Buffer.from(meta.id).subarray(0, 16).toString('hex').toUpperCase();
  const trailerDict = PDFTrailerDict.of(
    context.obj({
      Size: context.largestObjectNumber + 1,
      Root: src.trailerInfo.Root,
      Info: info,
      ID: [PDFHexString.of(hex), PDFHexString.of(hex)],
      Prev: PDFNumber.of(t.xrefOffset),
    }),
  );
  const xrefOffset = size;
  size += xref.sizeInBytes() + 1 + trailerDict.sizeInBytes() + 2;
  const trailer = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset);
  size += trailer.sizeInBytes();
  const out = new Uint8Array(size);
  out.set(t.bytes, 0);
  let at = t.bytes.length;
  out[at++] = 0x0a;
  for (const [ref, object] of objects) {
    at += Buffer.from(out.buffer, out.byteOffset + at).write(
      `${ref.objectNumber} ${ref.generationNumber} obj\n`,
      'latin1',
    );
    at += object.copyBytesInto(out, at);
    at += Buffer.from(out.buffer, out.byteOffset + at).write('\nendobj\n\n', 'latin1');
  }
  at += xref.copyBytesInto(out, at);
  out[at++] = 0x0a;
  at += trailerDict.copyBytesInto(out, at);
  out[at++] = 0x0a;
  out[at++] = 0x0a;
  at += trailer.copyBytesInto(out, at);
  if (at !== size) throw new Error(`ballot-pdf: packet size ${at} differs from the computed ${size}`);
  return out;
}
