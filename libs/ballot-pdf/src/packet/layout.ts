/**
 * The text layouter the packet's documents share: a top-down writer that turns pages, and a line
 * that shrinks to fit.
 */
import { PDFDocument, PDFPage } from 'pdf-lib';
import { MARGIN, text } from '../draw';
import { DocFonts } from '../fonts';
import { type StructType, Tags } from '../tags';

/** A top-down writer that starts a new page when the current one is full. */
export class Flow {
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
    Tags.of(this.doc).group('H2', () =>
      text(this.page, this.fonts, this.fonts.clean(s), MARGIN, this.y, { size, bold: true }),
    );
    this.y += size * 1.35;
  }
  /** A paragraph (or, with `tag`, a heading) of wrapped lines. */
  p(
    s: string,
    o: { size?: number; bold?: boolean; indent?: number; width?: number; tag?: StructType } = {},
  ): void {
    const size = o.size ?? 9.5;
    const indent = o.indent ?? 0;
    const lines = this.fonts.wrap(this.fonts.clean(s), size, (o.width ?? this.width) - indent, o.bold);
    Tags.of(this.doc).group(o.tag ?? 'P', () => {
      for (const l of lines) {
        this.ensure(size * 1.3);
        text(this.page, this.fonts, l, MARGIN + indent, this.y, { size, ...(o.bold ? { bold: true } : {}) });
        this.y += size * 1.27;
      }
    });
    this.y += 2;
  }
}

/** Draws `s` on one line at the largest size <= `size` (down to `min`) that fits, else wraps to two lines. */
export function fitLine(
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
