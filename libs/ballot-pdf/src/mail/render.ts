/**
 * One print-ready PDF for a print batch: for each piece, in the order given (see mailingOrder),
 * its packet's pages followed by an outbound envelope/label page with the office's return
 * address, the voter's mailing address block and the Intelligent Mail barcode.
 */
import { createHash } from 'crypto';
import { PDFDocument, PDFName, type PDFPage, rgb } from 'pdf-lib';
import { text } from '../draw';
import { DocFonts } from '../fonts';
import { finishDocument } from '../meta';
import { imbBars, imbDigits, type ImbFields } from './imb';

export interface PrintPiece {
  ballotId: string;
  /** the packet's bytes (stored or reproduced) */
  packetPdf: Uint8Array;
  /** the voter's mailing address block, one line per entry (name first) */
  addressLines: string[];
  imb: ImbFields;
}

export interface PrintBatchInput {
  batchId: string;
  /** ISO date of the batch (metadata; no wall clock in the file) */
  date: string;
  returnAddressLines: string[];
  pieces: PrintPiece[];
}

export interface PrintBatchResult {
  pdf: Uint8Array;
  sha256: string;
  pageCount: number;
  /** per piece, the first page (1-based) of its label and its IMb digits */
  labels: Array<{ ballotId: string; page: number; imb: string }>;
}

/** #10 envelope (9.5 x 4.125 in), landscape, fed as the label page */
export const LABEL_SIZE: [number, number] = [684, 297];

/** USPS-B-3200 bar dimensions in points: pitch 1/22 in, full bar 0.145 in, tracker 0.05 in */
const PITCH = 72 / 22;
const BAR_W = 0.02 * 72;
const FULL = 0.145 * 72;
const TRACK = 0.05 * 72;

function drawImb(page: PDFPage, digits: string, x: number, y: number): void {
  const bars = imbBars(digits);
  const mid = y + FULL / 2;
  bars.forEach((b, i) => {
    const top = b === 'F' || b === 'A' ? y + FULL : mid + TRACK / 2;
    const bottom = b === 'F' || b === 'D' ? y : mid - TRACK / 2;
    page.drawRectangle({
      x: x + i * PITCH,
      y: bottom,
      width: BAR_W,
      height: top - bottom,
      color: rgb(0, 0, 0),
    });
  });
}

export async function renderPrintBatch(input: PrintBatchInput): Promise<PrintBatchResult> {
  const doc = await PDFDocument.create();
  const fonts = await DocFonts.embed(doc, new Set<string>());
  const labels: PrintBatchResult['labels'] = [];
  const hash = createHash('sha256').update(input.batchId);
  for (const piece of input.pieces) {
    const digits = imbDigits(piece.imb);
    const src = await PDFDocument.load(piece.packetPdf);
    const copied = await doc.copyPages(src, src.getPageIndices());
    for (const p of copied) {
      // the packet's structure tree stays behind: the batch is PDF/A-2b, for the printer, not PDF/UA
      p.node.delete(PDFName.of('StructParents'));
      doc.addPage(p);
    }
    const page = doc.addPage(LABEL_SIZE);
    labels.push({ ballotId: piece.ballotId, page: doc.getPageCount(), imb: digits });
    hash.update(piece.packetPdf).update(digits);
    let top = 24;
    for (const line of input.returnAddressLines) {
      text(page, fonts, fonts.clean(line), 24, top, { size: 9 });
      top += 11;
    }
    text(page, fonts, 'OFFICIAL ELECTION MAIL — ABSENTEE BALLOT (UOCAVA)', 24, top + 4, {
      size: 8,
      bold: true,
    });
    // address block in the lower middle of the envelope, barcode above it
    const x = 300;
    let aTop = 150;
    drawImb(page, digits, x, LABEL_SIZE[1] - aTop + 4);
    for (const [i, line] of piece.addressLines.entries()) {
      hash.update(line);
      text(page, fonts, fonts.clean(line), x, aTop, { size: 11, bold: i === 0 });
      aTop += 14;
    }
  }
  const pdf = await finishDocument(doc, {
    title: `Print batch ${input.batchId}`,
    date: input.date,
    id: hash.digest(),
    accessible: false,
  });
  return {
    pdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    pageCount: doc.getPageCount(),
    labels,
  };
}
