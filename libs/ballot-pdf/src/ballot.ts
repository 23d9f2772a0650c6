/**
 * The blank ballot of one ballot style. It carries the election, the jurisdiction and the style
 * (also as a QR code for the duplication board) and NOTHING about the voter.
 */
import { createHash } from 'crypto';
import type { Contest, ElectionDefinition, PaperSize } from '@uocava/domain';
import { PDFDocument, type PDFPage } from 'pdf-lib';
import { drawQr } from './codes';
import { plainDate } from './deadline';
import { GREY, LIGHT, MARGIN, hline, oval, para, rect, text } from './draw';
import { DocFonts } from './fonts';
import { PAGE_SIZES } from './paper';
import { finishDocument } from './meta';
import { type Elem, Tags, tagsOf } from './tags';

const HEADER_H = 74;
const FOOTER_H = 28;
const GAP = 14;
const INSTR_H = 64;
const PAD = 5;

/** One unit of a contest that is placed as a whole. */
interface Item {
  height: number;
  draw(page: PDFPage, x: number, top: number, w: number): void;
}
interface Placement {
  page: number;
  col: number;
  top: number;
  item: Item;
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
function contestItems(c: Contest, fonts: DocFonts, w: number, continued = false): Item[] {
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
          tags.group('Lbl', () => tags.group('Figure', drawTarget, { alt: target }));
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
        ? 'Vote Yes or No'
        : 'Vote for one'
      : c.voteFor === 1
        ? 'Vote for one'
        : `Vote for up to ${c.voteFor}`;
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
        text(page, fonts, voteFor, x + PAD, y + 1, { size: 9, bold: true });
      };
      if (continued) {
        const tags = tagsOf(page);
        tags.artifact(page, () => drawHead(tags), true);
      } else inSect(page, drawHead);
    },
  });
  const optionRow = (label: string[], sub: string[]): Item => {
    const target = `Voting target for ${[...label, ...sub].join(', ')}`;
    const lines = label.flatMap((l) => fonts.wrap(fonts.clean(l), 10, inner - 24, true));
    const subs = sub.flatMap((l) => fonts.wrap(fonts.clean(l), 8.5, inner - 24));
    const h = Math.max(22, lines.length * 12 + subs.length * 10.5 + 2 * PAD + 2);
    return {
      height: h,
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
      items.push(optionRow(cand.candidateNames, cand.partyNames.length ? [cand.partyNames.join(', ')] : []));
    for (let i = 0; i < c.writeIns; i++)
      items.push({
        height: 32,
        draw(page, x, top, width) {
          choice(
            page,
            'Voting target for a write-in candidate: write the name on the line',
            () => oval(page, x + PAD, top + 12),
            () => {
              hline(page, x + PAD + 24, x + width - PAD, top + 22);
              text(page, fonts, 'write-in', x + PAD + 24, top + 24, { size: 7, color: GREY });
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
    for (const o of c.options) items.push(optionRow([o.label], []));
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
  const pageCount = drawBallotPages(doc, fonts, election, styleId, paperSize);
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

/** Appends the ballot pages of `styleId` to `doc`; returns how many. */
export function drawBallotPages(
  doc: PDFDocument,
  fonts: DocFonts,
  election: ElectionDefinition,
  styleId: string,
  paperSize: PaperSize,
  /** the ballot's language when the document around it is in another one (its Part's /Lang) */
  lang?: string,
): number {
  const style = election.ballotStyles.find((s) => s.id === styleId);
  if (!style) throw new Error(`ballot style ${styleId} is not in the election definition`);
  const { width: W, height: H } = PAGE_SIZES[paperSize];
  const contests = style.contestIds.map((id) => {
    const c = election.contests.find((x) => x.id === id);
    if (!c) throw new Error(`contest ${id} of style ${styleId} is not in the election definition`);
    return c;
  });

  const colW = (W - 2 * MARGIN - GAP) / 2;
  const areaTop = (page: number) => MARGIN + HEADER_H + (page === 0 ? INSTR_H : 0);
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
    const items = contestItems(c, fonts, colW);
    const total = items.reduce((a, i) => a + i.height, 0);
    const fullColumn = areaBottom - areaTop(page === 0 ? 1 : page);
    if (
      total > areaBottom - y &&
      (total <= fullColumn || areaBottom - y < items[0].height + (items[1]?.height ?? 0))
    )
      nextColumn();
    let segTop = y;
    const cont = contestItems({ ...c, title: `${c.title} (continued)` }, fonts, colW, true)[0];
    items.forEach((item, idx) => {
      if (y + item.height > areaBottom) {
        segments.push({ page, col, top: segTop, bottom: y });
        nextColumn();
        segTop = y;
        if (idx > 0) {
          placements.push({ page, col, top: y, item: cont });
          y += cont.height;
        }
      }
      placements.push({ page, col, top: y, item });
      y += item.height;
    });
    segments.push({ page, col, top: segTop, bottom: y });
    y += 10;
  }
  const pageCount = page + 1;
  const pages: PDFPage[] = [];
  const code = ballotStyleCode(election, styleId);
  const electionName = fonts.clean(election.name);
  const jurisdiction = fonts.clean(`${election.jurisdictionName} \u2014 ${plainDate(election.date)}`);
  const tags = Tags.of(doc);
  // the ballot is one part of the document; its header is real content on the first page only
  tags.group(
    'Part',
    () => {
      for (let p = 0; p < pageCount; p++) {
        const pg = doc.addPage([W, H]);
        pages.push(pg);
        // header: election, jurisdiction, style; QR with the same for the duplication board
        const header = (): void => {
          text(pg, fonts, 'OFFICIAL ABSENTEE BALLOT', MARGIN, MARGIN, { size: 9, bold: true, color: GREY });
          tags.group('H1', () =>
            text(pg, fonts, electionName, MARGIN, MARGIN + 13, { size: 15, bold: true }),
          );
          text(pg, fonts, jurisdiction, MARGIN, MARGIN + 33, { size: 10 });
          text(pg, fonts, fonts.clean(`Ballot style ${styleId}`), MARGIN, MARGIN + 48, {
            size: 10,
            bold: true,
          });
          tags.group('Figure', () => drawQr(pg, code, W - MARGIN - 62, H - MARGIN - 62, 62), {
            alt: `QR code for the duplication board: ${code}`,
          });
          hline(pg, MARGIN, W - MARGIN, MARGIN + HEADER_H - 8, { width: 1.5 });
        };
        if (p === 0) header();
        else tags.artifact(pg, header, true);
        // footer
        tags.artifact(
          pg,
          () => {
            hline(pg, MARGIN, W - MARGIN, H - MARGIN - FOOTER_H + 8, { width: 0.5 });
            text(pg, fonts, fonts.clean(`Ballot style ${styleId}`), MARGIN, H - MARGIN - 12, {
              size: 8,
              color: GREY,
            });
            text(pg, fonts, `Page ${p + 1} of ${pageCount}`, MARGIN, H - MARGIN - 12, {
              size: 9,
              bold: true,
              align: 'right',
              width: W - 2 * MARGIN,
            });
            if (p < pageCount - 1)
              text(pg, fonts, 'Continue voting on the next page', MARGIN, H - MARGIN - 12, {
                size: 8,
                align: 'center',
                width: W - 2 * MARGIN,
                color: GREY,
              });
          },
          true,
        );
      }
      // how to mark
      const p0 = pages[0];
      rect(p0, MARGIN, MARGIN + HEADER_H, W - 2 * MARGIN, INSTR_H - 10, { border: GREY });
      tags.group('H2', () =>
        text(p0, fonts, 'How to mark your ballot', MARGIN + 8, MARGIN + HEADER_H + 6, {
          size: 10,
          bold: true,
        }),
      );
      tags.group(
        'Figure',
        () => {
          oval(p0, MARGIN + 8, MARGIN + HEADER_H + 22);
          oval(p0, MARGIN + 8, MARGIN + HEADER_H + 22, true);
        },
        { alt: 'Example of a voting target: an oval, filled in completely' },
      );
      para(
        p0,
        fonts,
        'Use a black or blue pen. Fill in the oval completely next to each choice, like this. Do not vote for more ' +
          'choices than allowed. To vote for a person not listed, fill in the oval and write the name on the line. ' +
          'If you make a mistake, ask the election office for a new ballot. Do not sign the ballot.',
        MARGIN + 32,
        MARGIN + HEADER_H + 20,
        W - 2 * MARGIN - 40,
        { size: 8.5, leading: 10.5 },
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
