/**
 * QR codes and Code 128 barcodes drawn as vector rectangles (crisp at any print resolution):
 * one path of `re` operators filled once, not one drawRectangle call per module.
 */
import bwipjs from 'bwip-js';
import {
  type PDFOperator,
  type PDFPage,
  fill,
  popGraphicsState,
  pushGraphicsState,
  rectangle,
  setFillingGrayscaleColor,
} from 'pdf-lib';
import QRCode from 'qrcode';

const r3 = (n: number) => Math.round(n * 1000) / 1000;

function fillRects(page: PDFPage, rects: Array<[number, number, number, number]>): void {
  const ops: PDFOperator[] = [pushGraphicsState(), setFillingGrayscaleColor(0)];
  for (const [x, y, w, h] of rects) ops.push(rectangle(r3(x), r3(y), r3(w), r3(h)));
  ops.push(fill(), popGraphicsState());
  page.pushOperators(...ops);
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
