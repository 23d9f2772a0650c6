/** What the voter's forms (cure affidavit, FWAB packet, FPCA) share: a document, its fonts, its end. */
import { createHash } from 'crypto';
import { PDFDocument } from 'pdf-lib';
import canonicalize from 'canonicalize-cjs';
import { MONTH_NAMES, type PaperSize } from '@uocava/domain';
import { GREY, MARGIN, hline, text } from '../draw';
import { DocFonts } from '../fonts';
import { finishDocument } from '../meta';
import { PAGE_SIZES } from '../paper';
import { Flow } from '../packet/layout';
import type { ElectionOffice } from '../packet/types';

export interface FormResult {
  bytes: Uint8Array;
  /** hex SHA-256 of bytes */
  sha256: string;
  pageCount: number;
  /** characters no shipped font has, drawn as a placeholder box */
  missingGlyphs: string[];
}

/** A top-down form writer on one document. */
export class FormWriter {
  private constructor(
    readonly doc: PDFDocument,
    readonly fonts: DocFonts,
    readonly flow: Flow,
    private readonly missing: Set<string>,
  ) {}

  static async start(paperSize: PaperSize, banner: string): Promise<FormWriter> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const missing = new Set<string>();
    const fonts = await DocFonts.embed(doc, missing);
    const { width, height } = PAGE_SIZES[paperSize];
    const w = new FormWriter(doc, fonts, new Flow(doc, fonts, width, height), missing);
    text(w.flow.page, fonts, fonts.clean(banner), MARGIN, w.flow.y, { size: 9, bold: true, color: GREY });
    w.flow.y += 14;
    return w;
  }

  /** A labelled value (or an empty line to fill in by hand when `value` is empty). */
  field(label: string, value: string, lineWidth = this.flow.width): void {
    const f = this.flow;
    f.ensure(30);
    text(f.page, this.fonts, this.fonts.clean(label), MARGIN, f.y, { size: 7.5, color: GREY });
    f.y += 9;
    if (value !== '') f.p(value, { size: 10.5, bold: true });
    else f.y += 14;
    hline(f.page, MARGIN, MARGIN + lineWidth, f.y, { width: 0.5, color: GREY });
    f.y += 6;
  }

  /** Signature and date lines. */
  signature(label: string): void {
    const f = this.flow;
    f.ensure(60);
    f.y += 34;
    hline(f.page, MARGIN, MARGIN + f.width * 0.62, f.y, { width: 1 });
    hline(f.page, MARGIN + f.width * 0.7, MARGIN + f.width, f.y, { width: 1 });
    f.y += 3;
    text(f.page, this.fonts, this.fonts.clean(label), MARGIN, f.y, { size: 8 });
    text(f.page, this.fonts, 'Date (MM/DD/YYYY)', MARGIN + f.width * 0.7, f.y, { size: 8 });
    f.y += 16;
  }

  /** The office's address and the ways it takes documents. */
  office(o: ElectionOffice, intro: string): void {
    const f = this.flow;
    f.heading('Your election office');
    f.p(intro);
    f.p(o.name, { bold: true, indent: 8 });
    for (const line of o.mailingAddress) f.p(line, { indent: 8 });
    if (o.fax) f.p(`Fax: ${o.fax}`, { indent: 8 });
    if (o.email) f.p(`E-mail: ${o.email}`, { indent: 8 });
    if (o.phone) f.p(`Telephone: ${o.phone}`, { indent: 8 });
  }

  /** Fixed metadata (dated `date`, an ISO date), a document id from the inputs, deterministic bytes. */
  async finish(title: string, date: string, inputs: unknown): Promise<FormResult> {
    const id = createHash('sha256')
      .update(title)
      .update(canonicalize(inputs) ?? '')
      .digest();
    const bytes = await finishDocument(this.doc, { title, date, id });
    return {
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      pageCount: this.doc.getPageCount(),
      missingGlyphs: [...this.missing].sort(),
    };
  }
}

/** `2026-11-03T22:00:00.000Z` as `3 November 2026, 22:00 UTC`. */
export function plainInstant(iso: string): string {
  const d = new Date(iso);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${hh}:${mm} UTC`;
}
