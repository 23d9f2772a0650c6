/** QR codes and Code 128 barcodes drawn as vector rectangles (crisp at any print resolution). */
import bwipjs from 'bwip-js';
import { type PDFPage, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

const BLACK = rgb(0, 0, 0);

/** Draws a QR code (error correction M, 4-module quiet zone included in `size`) with its bottom-left at (x, y). */
export function drawQr(page: PDFPage, data: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = size / (n + 8);
  const bits = qr.modules.data;
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!bits[r * n + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && bits[r * n + c]) c++;
      page.drawRectangle({
        x: x + (start + 4) * cell,
        y: y + size - (r + 5) * cell,
        width: (c - start) * cell,
        height: cell,
        color: BLACK,
      });
    }
  }
}

/** Draws a Code 128 barcode of `text` with its bottom-left at (x, y); returns the width used. */
export function drawCode128(
  page: PDFPage,
  text: string,
  x: number,
  y: number,
  height: number,
  module = 0.9,
): number {
  const [sym] = bwipjs.raw('code128', text, '') as Array<{ sbs: number[] }>;
  let cx = x + 10 * module; // quiet zone
  sym.sbs.forEach((w, i) => {
    if (i % 2 === 0) page.drawRectangle({ x: cx, y, width: w * module, height, color: BLACK });
    cx += w * module;
  });
  return cx - x + 10 * module;
}

/** Width a Code 128 barcode of `text` takes at `module` points per module, quiet zones included. */
export function code128Width(text: string, module = 0.9): number {
  const [sym] = bwipjs.raw('code128', text, '') as Array<{ sbs: number[] }>;
  return (sym.sbs.reduce((a, b) => a + b, 0) + 20) * module;
}
