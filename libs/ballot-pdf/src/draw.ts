/** Small drawing helpers in top-down coordinates (y measured from the top edge of the page). */
import { type PDFPage, rgb, type RGB } from 'pdf-lib';
import type { DocFonts } from './fonts';
import { tagsOf } from './tags';

export const BLACK = rgb(0, 0, 0);
export const GREY = rgb(0.35, 0.35, 0.35);
export const LIGHT = rgb(0.9, 0.9, 0.9);
export const MARGIN = 40;

export interface TextOpts {
  size: number;
  bold?: boolean;
  color?: RGB;
  /** horizontal alignment inside [x, x + width] */
  align?: 'left' | 'center' | 'right';
  width?: number;
}

/**
 * Draws one line of already-cleaned text whose top is at `top`: content of the open heading,
 * paragraph or cell (see tags.ts), else a paragraph of its own.
 */
export function text(page: PDFPage, fonts: DocFonts, s: string, x: number, top: number, o: TextOpts): void {
  if (s === '') return;
  let dx = 0;
  if (o.align && o.align !== 'left' && o.width !== undefined) {
    const w = fonts.width(s, o.size, o.bold);
    dx = o.align === 'center' ? (o.width - w) / 2 : o.width - w;
  }
  tagsOf(page).content(page, 'P', () =>
    fonts.drawLine(page, s, x + dx, page.getHeight() - top - o.size * 0.8, o.size, o.color ?? BLACK, o.bold),
  );
}

/** Cleans, wraps and draws a paragraph; returns the height used. */
export function para(
  page: PDFPage,
  fonts: DocFonts,
  s: string,
  x: number,
  top: number,
  width: number,
  o: TextOpts & { leading?: number },
): number {
  const lines = fonts.wrap(fonts.clean(s), o.size, width, o.bold);
  const lead = o.leading ?? o.size * 1.25;
  tagsOf(page).group('P', () =>
    lines.forEach((l, i) => text(page, fonts, l, x, top + i * lead, { ...o, width })),
  );
  return lines.length * lead;
}

export function rect(
  page: PDFPage,
  x: number,
  top: number,
  w: number,
  h: number,
  o: { fill?: RGB; border?: RGB; borderWidth?: number; dashed?: boolean } = {},
): void {
  tagsOf(page).decoration(page, () =>
    page.drawRectangle({
      x,
      y: page.getHeight() - top - h,
      width: w,
      height: h,
      ...(o.fill ? { color: o.fill } : {}),
      ...(o.border ? { borderColor: o.border, borderWidth: o.borderWidth ?? 0.75 } : {}),
      ...(o.dashed ? { borderDashArray: [4, 3] } : {}),
    }),
  );
}

export function hline(
  page: PDFPage,
  x1: number,
  x2: number,
  top: number,
  o: { width?: number; dashed?: boolean; color?: RGB } = {},
): void {
  const y = page.getHeight() - top;
  tagsOf(page).decoration(page, () =>
    page.drawLine({
      start: { x: x1, y },
      end: { x: x2, y },
      thickness: o.width ?? 0.75,
      color: o.color ?? BLACK,
      ...(o.dashed ? { dashArray: [4, 3] } : {}),
    }),
  );
}

/**
 * The voting target: an oval of 16 x 10 pt whose top-left is at (x, top); `filled`: the example
 * of a marked oval. Content of an open Figure (the caller says which choice it is for).
 */
export function oval(page: PDFPage, x: number, top: number, filled = false): void {
  const at = { x: x + 8, y: page.getHeight() - top - 5, xScale: 8, yScale: 5 };
  tagsOf(page).decoration(page, () =>
    page.drawEllipse(filled ? { ...at, color: GREY } : { ...at, borderColor: BLACK, borderWidth: 1 }),
  );
}
