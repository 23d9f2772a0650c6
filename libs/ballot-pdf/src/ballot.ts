/**
 * The blank ballot of one ballot style. It carries the election, the jurisdiction and the style
 * (also as a QR code for the duplication board) and NOTHING about the voter.
 */
import { createHash } from 'crypto';
import {
  t,
  type Contest,
  type ElectionDefinition,
  type FixedKey,
  type Language,
  type MessageValues,
  type PaperSize,
} from '@uocava/domain';
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { drawQr } from './codes';
import { plainDate } from './deadline';
import { GREY, LIGHT, MARGIN, hline, oval, rect, text } from './draw';
import { DocFonts } from './fonts';
import { PAGE_SIZES } from './paper';
import { finishDocument } from './meta';
import { type Elem, type ElemOpts, type StructType, Tags, tagsOf } from './tags';

const HEADER_H = 74;
const FOOTER_H = 28;
const GAP = 14;
/** the least height of the "how to mark" box (three lines of English) */
const INSTR_H = 64;
const INSTR_TEXT = { size: 8.5, leading: 10.5 } as const;
const PAD = 5;

/** One unit of a contest that is placed as a whole. */
interface Item {
  height: number;
  draw(page: PDFPage, x: number, top: number, w: number): void;
  /** the voting target the item draws, relative to the item's top-left (see `ballotTargets`) */
  target?: { choiceId: string; dx: number; dy: number; writeIn?: number };
}

/**
 * Where one voting target is on the ballot: the oval's bounding box in PDF user space (origin at
 * the bottom-left, points), the contest and the choice it is for, and for a write-in position its
 * number and the line the name goes on.
 */
export interface BallotTarget {
  /** 0-based page index (of the ballot, plus the `firstPage` given to `ballotTargets`) */
  page: number;
  contestId: string;
  /** the ContestOption id; for a write-in position `write-in-<n>` (1-based) */
  choiceId: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** 1-based write-in position */
  writeIn?: number;
  /** the write-in line (PDF user space) */
  line?: { x1: number; x2: number; y: number };
}

/** The voting target oval's size (draw.ts `oval`). */
export const TARGET_SIZE = { width: 16, height: 10 } as const;

/**
 * The ballot's own fixed words ("Vote for one", the marking instructions, the page footer) in the
 * ballot's languages: each language's words from the catalogue (`pdf.ballot.*`), joined with " / "
 * on a bilingual ballot like the definition's words. `lang`: the PDF language to mark them with
 * where they are in one language that is not the ballot part's (a Spanish voter's ballot of an
 * election whose definition is English only).
 */
export class BallotWords {
  static readonly ENGLISH = new BallotWords(['en']);
  constructor(
    readonly languages: readonly Language[],
    readonly lang?: string,
  ) {}

  w(key: FixedKey, values?: MessageValues): string {
    return this.each((l) => t(l, key, values));
  }

  /** `words` of each language, the same ones once, joined with " / ". */
  each(words: (language: Language) => string): string {
    const parts: string[] = [];
    for (const l of this.languages) {
      const s = words(l);
      if (!parts.includes(s)) parts.push(s);
    }
    return parts.join(' / ');
  }

  /** Structure options for an element of fixed words (its language where it differs). */
  opts(o: ElemOpts = {}): ElemOpts {
    return this.lang === undefined ? o : { ...o, lang: this.lang };
  }

  /** Draws fixed words that would be a paragraph of their own: as one, marked with their language. */
  mark(tags: Tags, type: StructType, draw: () => void): void {
    if (this.lang === undefined) draw();
    else tags.group(type, draw, { lang: this.lang });
  }
}
interface Placement {
  page: number;
  col: number;
  top: number;
  item: Item;
  contestId: string;
}
interface Segment {
  page: number;
  col: number;
  top: number;
  bottom: number;
}

export interface RenderedStyle {
  bytes: Uint8Array;
  pageCount: number;
  missingGlyphs: string[];
}

/** The data the duplication board's QR code carries: election and style only. */
export function ballotStyleCode(election: ElectionDefinition, styleId: string): string {
  return `UOCAVA-BALLOT|${election.date}|${election.jurisdictionName}|${styleId}`;
}

/**
 * The layout units of a contest. Drawn, a contest is a section: its title a level-2 heading, then
 * a list with one item per choice whose label is the voting target (a figure that names the choice).
 * `continued`: the title repeated at the top of a column, an artifact.
 */
function contestItems(c: Contest, fonts: DocFonts, words: BallotWords, w: number, continued = false): Item[] {
  const items: Item[] = [];
  let sect: Elem | undefined;
  let list: Elem | undefined;
  const inSect = (page: PDFPage, draw: (tags: Tags) => void): void => {
    const tags = tagsOf(page);
    sect ??= tags.create('Sect');
    tags.group(sect, () => draw(tags));
  };
  const choice = (page: PDFPage, target: string, drawTarget: () => void, drawLabel: () => void): void =>
    inSect(page, (tags) => {
      list ??= tags.create('L');
      tags.group(list, () =>
        tags.group('LI', () => {
          tags.group('Lbl', () => tags.group('Figure', drawTarget, words.opts({ alt: target })));
          tags.group('LBody', drawLabel);
        }),
      );
    });
  const inner = w - 2 * PAD;
  const titleLines = fonts.wrap(fonts.clean(c.title), 10.5, inner, true);
  const subtitle = c.subtitle ? fonts.wrap(fonts.clean(c.subtitle), 8.5, inner) : [];
  const voteFor =
    c.kind === 'measure'
      ? c.options.length === 2
        ? words.w('pdf.ballot.yesNo')
        : words.w('pdf.ballot.voteFor', { n: 1 })
      : words.w('pdf.ballot.voteFor', { n: c.voteFor });
  const headH = titleLines.length * 13 + subtitle.length * 10.5 + 14 + 2 * PAD;
  items.push({
    height: headH,
    draw(page, x, top, width) {
      const drawHead = (tags: Tags): void => {
        rect(page, x, top, width, headH, { fill: LIGHT });
        tags.group('H2', () =>
          titleLines.forEach((l, i) =>
            text(page, fonts, l, x + PAD, top + PAD + i * 13, { size: 10.5, bold: true }),
          ),
        );
        let y = top + PAD + titleLines.length * 13;
        tags.group('P', () =>
          subtitle.forEach((l) => {
            text(page, fonts, l, x + PAD, y, { size: 8.5 });
            y += 10.5;
          }),
        );
        words.mark(tags, 'P', () => text(page, fonts, voteFor, x + PAD, y + 1, { size: 9, bold: true }));
      };
      if (continued) {
        const tags = tagsOf(page);
        tags.artifact(page, () => drawHead(tags), true);
      } else inSect(page, drawHead);
    },
  });
  const optionRow = (choiceId: string, label: string[], sub: string[]): Item => {
    const target = words.w('pdf.ballot.targetAlt', { choice: [...label, ...sub].join(', ') });
    const lines = label.flatMap((l) => fonts.wrap(fonts.clean(l), 10, inner - 24, true));
    const subs = sub.flatMap((l) => fonts.wrap(fonts.clean(l), 8.5, inner - 24));
    const h = Math.max(22, lines.length * 12 + subs.length * 10.5 + 2 * PAD + 2);
    return {
      height: h,
      target: { choiceId, dx: PAD, dy: PAD + 1 },
      draw(page, x, top, width) {
        choice(
          page,
          target,
          () => oval(page, x + PAD, top + PAD + 1),
          () => {
            lines.forEach((l, i) =>
              text(page, fonts, l, x + PAD + 24, top + PAD + i * 12, { size: 10, bold: true }),
            );
            subs.forEach((l, i) =>
              text(page, fonts, l, x + PAD + 24, top + PAD + lines.length * 12 + i * 10.5, {
                size: 8.5,
                color: GREY,
              }),
            );
          },
        );
        hline(page, x, x + width, top + h, { width: 0.3, color: GREY });
      },
    };
  };
  if (c.kind === 'candidate') {
    for (const cand of c.candidates)
      items.push(
        optionRow(cand.id, cand.candidateNames, cand.partyNames.length ? [cand.partyNames.join(', ')] : []),
      );
    for (let i = 0; i < c.writeIns; i++)
      items.push({
        height: 32,
        target: { choiceId: `write-in-${i + 1}`, dx: PAD, dy: 12, writeIn: i + 1 },
        draw(page, x, top, width) {
          choice(
            page,
            words.w('pdf.ballot.writeInAlt'),
            () => oval(page, x + PAD, top + 12),
            () => {
              hline(page, x + PAD + 24, x + width - PAD, top + 22);
              words.mark(tagsOf(page), 'Span', () =>
                text(page, fonts, words.w('pdf.ballot.writeIn'), x + PAD + 24, top + 24, {
                  size: 7,
                  color: GREY,
                }),
              );
            },
          );
          hline(page, x, x + width, top + 32, { width: 0.3, color: GREY });
        },
      });
  } else {
    if (c.kind === 'measure') {
      const body = c.summary ? `${c.summary}\n${c.fullText}` : c.fullText;
      const lines = fonts.wrap(fonts.clean(body), 9, inner);
      // one item per few lines, so that long measures can flow across columns and pages
      for (let i = 0; i < lines.length; i += 4) {
        const chunk = lines.slice(i, i + 4);
        const last = i + 4 >= lines.length;
        const h = chunk.length * 11.5 + (i === 0 ? PAD : 0) + (last ? PAD : 0);
        items.push({
          height: h,
          draw(page, x, top) {
            inSect(page, (tags) =>
              tags.group('P', () =>
                chunk.forEach((l, k) =>
                  text(page, fonts, l, x + PAD, top + (i === 0 ? PAD : 0) + k * 11.5, { size: 9 }),
                ),
              ),
            );
          },
        });
      }
    }
    for (const o of c.options) items.push(optionRow(o.id, [o.label], []));
  }
  return items;
}

/** Renders the blank ballot of `styleId` as its own PDF. */
export async function renderBallotStyle(
  election: ElectionDefinition,
  styleId: string,
  paperSize: PaperSize,
): Promise<RenderedStyle> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const missing = new Set<string>();
  const fonts = await DocFonts.embed(doc, missing);
  const pageCount = drawBallotPages(doc, fonts, election, styleId, paperSize, BallotWords.ENGLISH);
  const id = createHash('sha256')
    .update(`ballot-style\0${ballotStyleCode(election, styleId)}\0${paperSize}\0${JSON.stringify(election)}`)
    .digest();
  const bytes = await finishDocument(doc, {
    title: `${election.name} \u2014 ballot style ${styleId}`,
    date: election.date,
    id,
  });
  return { bytes, pageCount, missingGlyphs: [...missing].sort() };
}

interface BallotLayout {
  W: number;
  H: number;
  colW: number;
  /** the "how to mark" box: its paragraph's lines and the box's height */
  howTo: string[];
  instrH: number;
  pageCount: number;
  placements: Placement[];
  segments: Segment[];
}

/** Where every contest's items go: pages, columns and tops (nothing is drawn). */
function layoutBallot(
  fonts: DocFonts,
  words: BallotWords,
  election: ElectionDefinition,
  styleId: string,
  paperSize: PaperSize,
): BallotLayout {
  const style = election.ballotStyles.find((s) => s.id === styleId);
  if (!style) throw new Error(`ballot style ${styleId} is not in the election definition`);
  const { width: W, height: H } = PAGE_SIZES[paperSize];
  const contests = style.contestIds.map((id) => {
    const c = election.contests.find((x) => x.id === id);
    if (!c) throw new Error(`contest ${id} of style ${styleId} is not in the election definition`);
    return c;
  });

  const colW = (W - 2 * MARGIN - GAP) / 2;
  // the box grows with its paragraph (a longer language, a bilingual ballot); English fits in INSTR_H
  const howTo = fonts.wrap(
    fonts.clean(words.w('pdf.ballot.howToText')),
    INSTR_TEXT.size,
    W - 2 * MARGIN - 40,
  );
  const instrH = Math.max(INSTR_H, 30 + howTo.length * INSTR_TEXT.leading);
  const areaTop = (page: number) => MARGIN + HEADER_H + (page === 0 ? instrH : 0);
  const areaBottom = H - MARGIN - FOOTER_H;
  const placements: Placement[] = [];
  const segments: Segment[] = [];
  let page = 0;
  let col = 0;
  let y = areaTop(0);
  const nextColumn = () => {
    if (col === 0) col = 1;
    else {
      col = 0;
      page++;
    }
    y = areaTop(page);
  };
  for (const c of contests) {
    const items = contestItems(c, fonts, words, colW);
    const total = items.reduce((a, i) => a + i.height, 0);
    const fullColumn = areaBottom - areaTop(page === 0 ? 1 : page);
    if (
      total > areaBottom - y &&
      (total <= fullColumn || areaBottom - y < items[0].height + (items[1]?.height ?? 0))
    )
      nextColumn();
    let segTop = y;
    const title = `${c.title} (${words.w('pdf.ballot.continued')})`;
    const cont = contestItems({ ...c, title }, fonts, words, colW, true)[0];
    items.forEach((item, idx) => {
      if (y + item.height > areaBottom) {
        segments.push({ page, col, top: segTop, bottom: y });
        nextColumn();
        segTop = y;
        if (idx > 0) {
          placements.push({ page, col, top: y, item: cont, contestId: c.id });
          y += cont.height;
        }
      }
      placements.push({ page, col, top: y, item, contestId: c.id });
      y += item.height;
    });
    segments.push({ page, col, top: segTop, bottom: y });
    y += 10;
  }
  return { W, H, colW, howTo, instrH, pageCount: page + 1, placements, segments };
}

/**
 * The voting targets of the ballot of `styleId`, in ballot order, computed from the same layout
 * the renderer draws (nothing is rendered: the fonts are only measured). `firstPage`: the index
 * of the ballot's first page in the document (a packet's `parts.ballot[0] - 1`).
 */
export async function ballotTargets(
  election: ElectionDefinition,
  styleId: string,
  paperSize: PaperSize,
  firstPage = 0,
  /** the ballot's fixed words, as the packet prints them (`ballotWordsOf`) */
  words: BallotWords = BallotWords.ENGLISH,
): Promise<BallotTarget[]> {
  const fonts = await DocFonts.embed(await PDFDocument.create({ updateMetadata: false }), new Set());
  const { H, colW, placements } = layoutBallot(fonts, words, election, styleId, paperSize);
  return placements.flatMap(({ page, col, top, item, contestId }): BallotTarget[] => {
    const t = item.target;
    if (t === undefined) return [];
    const x = MARGIN + col * (colW + GAP);
    const target: BallotTarget = {
      page: firstPage + page,
      contestId,
      choiceId: t.choiceId,
      x: x + t.dx,
      y: H - (top + t.dy) - TARGET_SIZE.height,
      width: TARGET_SIZE.width,
      height: TARGET_SIZE.height,
    };
    if (t.writeIn !== undefined) {
      target.writeIn = t.writeIn;
      target.line = { x1: x + PAD + 24, x2: x + colW - PAD, y: H - (top + 22) };
    }
    return [target];
  });
}

/** Appends the ballot pages of `styleId` to `doc`; returns how many. */
export function drawBallotPages(
  doc: PDFDocument,
  fonts: DocFonts,
  election: ElectionDefinition,
  styleId: string,
  paperSize: PaperSize,
  /** the ballot's fixed words */
  words: BallotWords,
  /** the ballot's language when the document around it is in another one (its Part's /Lang) */
  lang?: string,
): number {
  const { W, H, colW, howTo, instrH, pageCount, placements, segments } = layoutBallot(
    fonts,
    words,
    election,
    styleId,
    paperSize,
  );
  const pages: PDFPage[] = [];
  const code = ballotStyleCode(election, styleId);
  const electionName = fonts.clean(election.name);
  const day = words.each((l) => plainDate(election.date, 0, l));
  const jurisdiction = fonts.clean(`${election.jurisdictionName} \u2014 ${day}`);
  const tags = Tags.of(doc);
  const styleWords = fonts.clean(words.w('pdf.ballot.style', { style: styleId }));
  // the ballot is one part of the document; its header is real content on the first page only
  tags.group(
    'Part',
    () => {
      for (let p = 0; p < pageCount; p++) {
        const pg = doc.addPage([W, H]);
        pages.push(pg);
        // header: election, jurisdiction, style; QR with the same for the duplication board
        const header = (): void => {
          words.mark(tags, 'P', () =>
            text(pg, fonts, words.w('pdf.ballot.kicker'), MARGIN, MARGIN, {
              size: 9,
              bold: true,
              color: GREY,
            }),
          );
          tags.group('H1', () =>
            text(pg, fonts, electionName, MARGIN, MARGIN + 13, { size: 15, bold: true }),
          );
          text(pg, fonts, jurisdiction, MARGIN, MARGIN + 33, { size: 10 });
          words.mark(tags, 'P', () =>
            text(pg, fonts, styleWords, MARGIN, MARGIN + 48, {
              size: 10,
              bold: true,
            }),
          );
          tags.group(
            'Figure',
            () => drawQr(pg, code, W - MARGIN - 62, H - MARGIN - 62, 62),
            words.opts({ alt: words.w('pdf.ballot.qrAlt', { code }) }),
          );
          hline(pg, MARGIN, W - MARGIN, MARGIN + HEADER_H - 8, { width: 1.5 });
        };
        if (p === 0) header();
        else tags.artifact(pg, header, true);
        // footer
        tags.artifact(
          pg,
          () => {
            hline(pg, MARGIN, W - MARGIN, H - MARGIN - FOOTER_H + 8, { width: 0.5 });
            text(pg, fonts, styleWords, MARGIN, H - MARGIN - 12, {
              size: 8,
              color: GREY,
            });
            const pageWords = words.w('pdf.ballot.page', { page: p + 1, pages: pageCount });
            text(pg, fonts, pageWords, MARGIN, H - MARGIN - 12, {
              size: 9,
              bold: true,
              align: 'right',
              width: W - 2 * MARGIN,
            });
            if (p < pageCount - 1) {
              // centred between the style and the page number; below them where they leave no room
              const next = words.w('pdf.ballot.continue');
              const side = Math.max(fonts.width(styleWords, 8), fonts.width(pageWords, 9, true));
              const fits = fonts.width(next, 8) + 2 * side + 24 <= W - 2 * MARGIN;
              text(pg, fonts, next, MARGIN, H - MARGIN - (fits ? 12 : 1), {
                size: 8,
                align: 'center',
                width: W - 2 * MARGIN,
                color: GREY,
              });
            }
          },
          true,
        );
      }
      // how to mark
      const p0 = pages[0];
      rect(p0, MARGIN, MARGIN + HEADER_H, W - 2 * MARGIN, instrH - 10, { border: GREY });
      tags.group(
        'H2',
        () =>
          text(p0, fonts, words.w('pdf.ballot.howTo'), MARGIN + 8, MARGIN + HEADER_H + 6, {
            size: 10,
            bold: true,
          }),
        words.opts(),
      );
      tags.group(
        'Figure',
        () => {
          oval(p0, MARGIN + 8, MARGIN + HEADER_H + 22);
          oval(p0, MARGIN + 8, MARGIN + HEADER_H + 22, true);
        },
        words.opts({ alt: words.w('pdf.ballot.exampleAlt') }),
      );
      tags.group(
        'P',
        () =>
          howTo.forEach((l, i) =>
            text(p0, fonts, l, MARGIN + 32, MARGIN + HEADER_H + 20 + i * INSTR_TEXT.leading, {
              size: INSTR_TEXT.size,
              width: W - 2 * MARGIN - 40,
            }),
          ),
        words.opts(),
      );
      for (const pl of placements) pl.item.draw(pages[pl.page], MARGIN + pl.col * (colW + GAP), pl.top, colW);
      for (const s of segments)
        if (s.bottom > s.top)
          rect(pages[s.page], MARGIN + s.col * (colW + GAP), s.top, colW, s.bottom - s.top, { border: GREY });
    },
    lang === undefined ? {} : { lang },
  );

  return pageCount;
}
