/**
 * QR codes and Code 128 barcodes drawn as vector rectangles (crisp at any print resolution):
 * one path of `re` operators filled once, not one drawRectangle call per module.
 */
import bwipjs from 'bwip-js';
import {
  PDFOperator,
  type PDFOperatorNames,
  type PDFPage,
  fill,
  popGraphicsState,
  pushGraphicsState,
  setFillingGrayscaleColor,
} from 'pdf-lib';
import QRCode from 'qrcode';
import { tagsOf } from './tags';

/**
 * Shortest decimal with at most 3 fractional digits (deterministic, no exponent): the digits of
 * `round(n * 1000)` with the point put back, trailing zeros dropped (a QR code writes thousands of
 * these per packet; this is what `toFixed(3)` minus its zeros gives, without formatting a float).
 */
export const n3 = (n: number): string => {
  const k = Math.round(n * 1000);
  if (k === 0) return '0';
  const a = Math.abs(k);
  const whole = Math.floor(a / 1000);
  let frac = a - whole * 1000;
  let digits = '';
  if (frac !== 0) {
    let width = 3;
    while (frac % 10 === 0) {
      frac /= 10;
      width--;
    }
    digits = `.${String(frac).padStart(width, '0')}`;
  }
  return `${k < 0 ? '-' : ''}${whole}${digits}`;
};

function fillRects(page: PDFPage, rects: Array<[number, number, number, number]>): void {
  // one path of `re` segments written as a single operator token: pdf-lib would otherwise build
  // and format four PDFNumber objects per module
  const path = rects.map(([x, y, w, h]) => `${n3(x)} ${n3(y)} ${n3(w)} ${n3(h)} re`).join('\n');
  const ops: PDFOperator[] = [
    pushGraphicsState(),
    setFillingGrayscaleColor(0),
    PDFOperator.of(path as PDFOperatorNames),
    fill(),
    popGraphicsState(),
  ];
  // content of the Figure the caller opened (with its alternative text), else an artifact
  tagsOf(page).decoration(page, () => page.pushOperators(...ops));
}

/** Draws a QR code (error correction M, 4-module quiet zone included in `size`) with its bottom-left at (x, y). */
export function drawQr(page: PDFPage, data: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  const bits = qr.modules.data;
  const rects: Array<[number, number, number, number]> = [];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!bits[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && bits[r * n + c]) c++;
      rects.push([x + (start + 4) * cell, y + size - (r + 5) * cell, (c - start) * cell, cell]);
    }
  }
  fillRects(page, rects);
}

/**
 * Draws a Code 128 barcode of `text` with its bottom-left at (x, y), at most `maxWidth` wide
 * (module 0.9 pt at most, 10-module quiet zones included); returns the width used.
 */
export function drawCode128(
  page: PDFPage,
  text: string,
  x: number,
  y: number,
  height: number,
  maxWidth: number,
): number {
  const [sym] = bwipjs.raw('code128', text, '') as Array<{ sbs: number[] }>;
  const modules = sym.sbs.reduce((a, b) => a + b, 0) + 20;
  const module = Math.min(0.9, maxWidth / modules);
  let cx = x + 10 * module;
  const rects: Array<[number, number, number, number]> = [];
  sym.sbs.forEach((w, i) => {
    if (i % 2 === 0) rects.push([cx, y, w * module, height]);
    cx += w * module;
  });
  fillRects(page, rects);
  return modules * module;
}
