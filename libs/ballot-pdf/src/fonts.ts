/**
 * The fonts of a document. DejaVu Sans (Bitstream Vera / DejaVu licence, see
 * ../fonts/LICENSE-DejaVu.txt) draws Latin with diacritics (Vietnamese too), Greek, Cyrillic and
 * more; Noto Sans faces from npm packages (SIL OFL 1.1, see scripts.ts) draw Arabic, Hebrew,
 * Devanagari, Han and kana, and Hangul. The files are read once per process (a Noto file only when
 * a text needs it) and parsed once by fontkit; every document embeds a subset of each face it uses.
 */
import fontkit from '@pdf-lib/fontkit';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  PDFDict,
  PDFDocument,
  PDFFont,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  PDFRef,
  type PDFPage,
  type RGB,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  setTextRise,
} from 'pdf-lib';
import { tagFontSubsets } from './meta';
import {
  type FaceKey,
  facesOf,
  NEEDS_LAYOUT,
  NOTO_FACES,
  notoFile,
  notoPackages,
  visualRuns,
} from './scripts';
import { shape, type ShapedGlyph } from './shaper';

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;

function fontsDir(): string {
  // src/ in development and tests; also works from a build that keeps libs/ballot-pdf/fonts next to it
  const candidates = [
    path.resolve(__dirname, '..', 'fonts'),
    path.resolve(process.cwd(), 'libs/ballot-pdf/fonts'),
  ];
  for (const c of candidates) if (fs.existsSync(path.join(c, 'DejaVuSans.ttf'))) return c;
  throw new Error(`ballot-pdf: fonts not found (looked in ${candidates.join(', ')})`);
}

/**
 * OpenType shaping (GSUB/GPOS) of DejaVu is the dominant cost of a packet, and most strings
 * (instructions, headings) are the same in every packet: remember the glyph runs. pdf-lib only
 * reads them (glyph ids, advances), so sharing one run between documents is safe.
 */
function memoizeLayout(font: FontkitFont): FontkitFont {
  const layout = font.layout.bind(font);
  let memo = new Map<string, ReturnType<FontkitFont['layout']>>();
  const memoized: FontkitFont['layout'] = (text, features) => {
    const key = features === undefined ? text : `${text}\u0000${JSON.stringify(features)}`;
    let run = memo.get(key);
    if (!run) {
      if (memo.size >= 50_000) memo = new Map();
      run = layout(text, features);
      memo.set(key, run);
    }
    return run;
  };
  Object.defineProperty(font, 'layout', { value: memoized, configurable: true, writable: true });
  return font;
}

/**
 * fontkit keeps one glyph object per glyph id for the life of a parsed font, and the call that
 * first creates it fixes its `codePoints`, from which pdf-lib writes each document's ToUnicode map.
 * The parsed fonts are shared by every document of the process, so a glyph reached through two
 * sequences (the "ffi" ligature from "f f i" and from U+FB03, one glyph for two code points) would
 * carry whichever the process happened to draw first, and two processes would write different
 * bytes for the same packet. So every look-up returns a glyph that carries the code points it was
 * looked up for: a view over the cached glyph (sharing its outline and metrics) when they differ.
 */
function glyphsCarryTheirOwnCodePoints(font: FontkitFont): FontkitFont {
  type Glyph = ReturnType<FontkitFont['getGlyph']>;
  const cached = font.getGlyph.bind(font) as (id: number, codePoints?: number[]) => Glyph;
  const own = (id: number, codePoints: number[] = []): Glyph => {
    const glyph = cached(id, codePoints);
    if (glyph === null || glyph === undefined) return glyph;
    const have = glyph.codePoints;
    if (have.length === codePoints.length && have.every((cp, i) => cp === codePoints[i])) return glyph;
    return Object.create(glyph, { codePoints: { value: codePoints, enumerable: true } }) as Glyph;
  };
  Object.defineProperty(font, 'getGlyph', { value: own, configurable: true, writable: true });
  return font;
}

const regularAdvances = new Map<number, number>();
const boldAdvances = new Map<number, number>();

interface LoadedFonts {
  /** hex SHA-256 over the shipped font files and the font packages' versions, part of the renderer version */
  digest: string;
  boldFont: FontkitFont;
  regularBytes: Uint8Array;
  boldBytes: Uint8Array;
  regular: FontkitFont;
  cachingFontkit: Fontkit;
}
let loaded: LoadedFonts | undefined;

function load(): LoadedFonts {
  if (loaded) return loaded;
  const dir = fontsDir();
  const regularBytes = new Uint8Array(fs.readFileSync(path.join(dir, 'DejaVuSans.ttf')));
  const boldBytes = new Uint8Array(fs.readFileSync(path.join(dir, 'DejaVuSans-Bold.ttf')));
  const parsed = new Map<Uint8Array, FontkitFont>();
  const base = fontkit as unknown as Fontkit;
  // pdf-lib parses the font file on every embedFont(); parsing DejaVu costs milliseconds, so the
  // parsed font is shared (fontkit fonts are not mutated by subsetting or layout).
  const cachingFontkit: Fontkit = {
    create(buffer: Uint8Array, postscriptName?: string): FontkitFont {
      let f = parsed.get(buffer);
      if (!f) {
        f = memoizeLayout(glyphsCarryTheirOwnCodePoints(base.create(buffer, postscriptName)));
        parsed.set(buffer, f);
      }
      return f;
    },
  };
  const regular = cachingFontkit.create(regularBytes);
  const boldFont = cachingFontkit.create(boldBytes);
  // the Noto files are not read here (they are large and most documents never need them): their
  // packages' pinned versions stand for their bytes
  const digest = createHash('sha256')
    .update(regularBytes)
    .update(boldBytes)
    .update(notoPackages().join('\n'))
    .digest('hex');
  loaded = { digest, regularBytes, boldBytes, regular, boldFont, cachingFontkit };
  return loaded;
}

/** Hex SHA-256 over the font files the renderer ships (read once per process). */
export function fontsDigest(): string {
  return load().digest;
}

interface Face {
  bytes: Uint8Array;
  font: FontkitFont;
}
const notoFaces = new Map<string, Face>();

/** A Noto face, read and parsed on first use, once per process. */
function noto(key: Exclude<FaceKey, 'latin'>, bold: boolean): Face {
  const k = `${key}/${bold ? 'bold' : 'regular'}`;
  let face = notoFaces.get(k);
  if (!face) {
    const bytes = new Uint8Array(fs.readFileSync(notoFile(key, bold)));
    face = { bytes, font: load().cachingFontkit.create(bytes) };
    notoFaces.set(k, face);
  }
  return face;
}

function face(key: FaceKey, bold: boolean): Face {
  if (key !== 'latin') return noto(key, bold);
  const f = load();
  return bold ? { bytes: f.boldBytes, font: f.boldFont } : { bytes: f.regularBytes, font: f.regular };
}

/**
 * Whether a face draws a code point. DejaVu: the bold face, whose coverage is a subset of the
 * regular one's; Noto: the regular file (the bold instance has the same glyph set).
 */
function covers(key: FaceKey, cp: number): boolean {
  return key === 'latin'
    ? load().boldFont.hasGlyphForCodePoint(cp)
    : noto(key, false).font.hasGlyphForCodePoint(cp);
}

/** Placeholder drawn for a character that no shipped font has (WHITE SQUARE). */
export const PLACEHOLDER = '\u25A1';

/** Invisible format characters and variation selectors: dropped, they have no glyph of their own. */
function ignorable(cp: number): boolean {
  return (
    cp === 0xad ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2060 && cp <= 0x2064) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0xfeff ||
    (cp >= 0xe0100 && cp <= 0xe01ef)
  );
}
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g;

/**
 * NFC-normalised text with control characters turned into spaces, invisible format characters
 * dropped, and every character no shipped face draws replaced by the placeholder (and reported).
 */
function cleanText(text: string, missing: (ch: string) => void): string {
  const s = text.normalize('NFC').replace(CONTROL, ' ');
  let out = '';
  if (!NEEDS_LAYOUT.test(s)) {
    // DejaVu alone: the check is against the bold face, whose coverage is a subset of the regular one's
    const { boldFont } = load();
    for (const ch of s) {
      const cp = ch.codePointAt(0) ?? 0;
      if (ignorable(cp)) continue;
      if (boldFont.hasGlyphForCodePoint(cp)) out += ch;
      else {
        missing(ch);
        out += PLACEHOLDER;
      }
    }
    return out;
  }
  const chars = [...s].filter((ch) => !ignorable(ch.codePointAt(0) ?? 0));
  const faces = facesOf(chars, covers);
  chars.forEach((ch, i) => {
    if (faces[i] !== undefined) out += ch;
    else {
      missing(ch);
      out += PLACEHOLDER;
    }
  });
  return out;
}

/**
 * The characters of `text` that no shipped face can draw (each once, in order), after the same
 * normalisation as `DocFonts.clean`: what a document would print as the placeholder.
 */
export function undrawableCharacters(text: string): string[] {
  const out: string[] = [];
  cleanText(text, (ch) => {
    if (!out.includes(ch)) out.push(ch);
  });
  return out;
}

/** A glyph of a shaped run, positioned: units are the face's design units. */
export interface PlacedGlyph {
  id: number;
  /** the characters it stands for (its ToUnicode entry) */
  codePoints: number[];
  x: number;
  y: number;
}

/** A run of one face, shaped, with its glyphs in visual order from its left edge. */
export interface ShapedRun {
  face: FaceKey;
  bold: boolean;
  /** logical text of the run */
  text: string;
  rtl: boolean;
  /** shaped by HarfBuzz (drawn glyph by glyph), else by fontkit through pdf-lib */
  harfbuzz: boolean;
  glyphs: PlacedGlyph[];
  /** advance of the whole run, in design units */
  advance: number;
  unitsPerEm: number;
}

let shapedRuns = new Map<string, ShapedRun>();

function shapeRun(run: ReturnType<typeof visualRuns>[number], bold: boolean): ShapedRun {
  const key = `${run.face}\u0000${bold ? 1 : 0}\u0000${run.rtl ? 1 : 0}\u0000${run.text}`;
  const hit = shapedRuns.get(key);
  if (hit) return hit;
  const f = face(run.face, bold);
  const script = run.face === 'latin' ? undefined : NOTO_FACES[run.face].shapeScript;
  const harfbuzz = run.rtl || script !== undefined;
  const glyphs: PlacedGlyph[] = [];
  let advance = 0;
  if (harfbuzz) {
    const shaped = shape(f.bytes, run.text, { rtl: run.rtl, script });
    const starts = [...new Set(shaped.map((g) => g.cluster))].sort((a, b) => a - b);
    const clusterText = (c: number): string => {
      const next = starts.find((s) => s > c);
      return run.text.slice(c, next ?? run.text.length);
    };
    // ToUnicode: a glyph of a cluster that the font's cmap gives characters of the cluster (a
    // mark) stands for those; the glyph that comes first in reading order for the rest of the
    // cluster; any other (a split-off matra or dot) for none: each character is read once
    const codePoints = new Map<ShapedGlyph, number[]>();
    const byCluster = new Map<number, ShapedGlyph[]>();
    for (const g of run.rtl ? [...shaped].reverse() : shaped) {
      const list = byCluster.get(g.cluster) ?? [];
      list.push(g);
      byCluster.set(g.cluster, list);
    }
    for (const [cluster, list] of byCluster) {
      const rest = [...clusterText(cluster)].map((c) => c.codePointAt(0) ?? 0);
      if (list.length > 1) {
        for (const g of list.slice(1)) {
          const own = cmapCodePoints(f.font, g.id);
          const claimed = own.length > 0 && own.every((cp) => rest.includes(cp)) ? own : [];
          for (const cp of claimed) rest.splice(rest.indexOf(cp), 1);
          codePoints.set(g, claimed);
        }
      }
      codePoints.set(list[0], rest);
    }
    for (const g of shaped) {
      glyphs.push({ id: g.id, codePoints: codePoints.get(g) ?? [], x: advance + g.xOffset, y: g.yOffset });
      advance += g.xAdvance;
    }
  } else {
    for (const g of f.font.layout(run.text).glyphs) {
      glyphs.push({ id: g.id, codePoints: g.codePoints, x: advance, y: 0 });
      advance += g.advanceWidth;
    }
  }
  const out: ShapedRun = {
    face: run.face,
    bold,
    text: run.text,
    rtl: run.rtl,
    harfbuzz,
    glyphs,
    advance,
    unitsPerEm: f.font.unitsPerEm,
  };
  if (shapedRuns.size >= 50_000) shapedRuns = new Map();
  shapedRuns.set(key, out);
  return out;
}

function cmapCodePoints(font: FontkitFont, id: number): number[] {
  const cmap = (font as unknown as { _cmapProcessor: { codePointsForGlyph(id: number): number[] } })
    ._cmapProcessor;
  return cmap.codePointsForGlyph(id);
}

/** The shaped runs of one cleaned line, in visual order (exposed for the tests). */
export function layoutLine(line: string, bold: boolean): ShapedRun[] {
  return visualRuns(line, covers).map((r) => shapeRun(r, bold));
}

interface SubsetEmbedder {
  font: FontkitFont;
  subset: { includeGlyph(glyph: unknown): number };
  glyphs: unknown[];
  glyphIdMap: Map<number, number>;
  glyphCache: { invalidate(): void };
}
type EmbedderClass = new (
  font: FontkitFont,
  bytes: Uint8Array,
  name?: string,
  features?: unknown,
) => SubsetEmbedder;

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

const round = (v: number): number => Math.round(v * 10_000) / 10_000;

/** The faces embedded in one document, plus the glyph check shared by every text call. */
export class DocFonts {
  /** Noto faces embedded in this document so far, by face and weight */
  private readonly extra = new Map<string, PDFFont>();
  /** a text needed a face this (shared-subset) instance cannot embed: see PersonalFonts.use */
  needsOwnFonts = false;

  private constructor(
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    readonly missing: Set<string>,
    private readonly doc?: PDFDocument,
  ) {}

  /**
   * Embeds the faces (as subsets, once per document). `boldOnly`: the voter's own text uses the
   * bold face alone, so that a packet subsets and compresses one font, not two. A Noto face is
   * embedded when a text first needs it.
   */
  static async embed(doc: PDFDocument, missing: Set<string>, boldOnly = false): Promise<DocFonts> {
    const f = load();
    doc.registerFontkit(f.cachingFontkit);
    const bold = await doc.embedFont(f.boldBytes, { subset: true });
    const regular = boldOnly ? bold : await doc.embedFont(f.regularBytes, { subset: true });
    return new DocFonts(regular, bold, missing, doc);
  }

  /**
   * Both faces are one already-embedded font (see PersonalFonts). With `doc`, a Noto face a text
   * needs is embedded in it (the caller flushes it); without, such text sets `needsOwnFonts`.
   */
  static of(font: PDFFont, missing: Set<string>, doc?: PDFDocument): DocFonts {
    return new DocFonts(font, font, missing, doc);
  }

  /** Whether a Noto face was embedded (it is written by `doc.flush()`). */
  get embeddedExtra(): boolean {
    return this.extra.size > 0;
  }

  /**
   * NFC-normalised text with control characters turned into spaces, invisible format characters
   * dropped, and every character no face has replaced by a visible placeholder (and recorded).
   */
  clean(text: string): string {
    return cleanText(text, (ch) => this.missing.add(ch));
  }

  private isBold(bold: boolean | undefined): boolean {
    return bold === true || this.regular === this.bold;
  }

  /** The document's font for a face, embedded (subset) on first use; undefined without a document. */
  private pdfFont(key: FaceKey, bold: boolean): PDFFont | undefined {
    if (key === 'latin') return bold ? this.bold : this.regular;
    const k = `${key}/${bold ? 'bold' : 'regular'}`;
    let font = this.extra.get(k);
    if (font) return font;
    const doc = this.doc;
    if (!doc) {
      this.needsOwnFonts = true;
      return undefined;
    }
    // what PDFDocument.embedFont does, without its await (the font is parsed once per process)
    const Embedder = (this.bold as unknown as { embedder: SubsetEmbedder }).embedder
      .constructor as EmbedderClass;
    const f = noto(key, bold);
    const embedder = new Embedder(f.font, f.bytes);
    font = PDFFont.of(doc.context.nextRef(), doc, embedder as unknown as FontEmbedder);
    (doc as unknown as { fonts: PDFFont[] }).fonts.push(font);
    this.extra.set(k, font);
    return font;
  }

  /**
   * Width from per-character advances (cached per face), without shaping: kerning only ever
   * narrows DejaVu text, so a measured line never overflows when drawn. A line with other
   * scripts is measured as it is drawn (shaped runs).
   */
  width(text: string, size: number, bold = false): number {
    if (NEEDS_LAYOUT.test(text)) {
      let w = 0;
      for (const run of layoutLine(text, this.isBold(bold))) w += (run.advance / run.unitsPerEm) * size;
      return w;
    }
    const f = load();
    const face = bold || this.regular === this.bold ? f.boldFont : f.regular;
    const cache = bold || this.regular === this.bold ? boldAdvances : regularAdvances;
    let units = 0;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i) ?? 0;
      if (cp > 0xffff) i++;
      let adv = cache.get(cp);
      if (adv === undefined) {
        adv = face.glyphForCodePoint(cp).advanceWidth;
        cache.set(cp, adv);
      }
      units += adv;
    }
    return (units / face.unitsPerEm) * size;
  }

  /**
   * Draws one line of cleaned text with its baseline at (x, y): DejaVu text as one string; a line
   * with other scripts as runs in visual order, each in its face, the HarfBuzz-shaped ones glyph by
   * glyph inside a marked-content span whose /ActualText is the run's logical text.
   */
  drawLine(page: PDFPage, s: string, x: number, y: number, size: number, color: RGB, bold = false): void {
    if (!NEEDS_LAYOUT.test(s)) {
      page.drawText(s, { x, y, size, font: bold ? this.bold : this.regular, color });
      return;
    }
    let pen = x;
    for (const run of layoutLine(s, this.isBold(bold))) {
      const font = this.pdfFont(run.face, run.bold);
      if (!font) return;
      const scale = size / run.unitsPerEm;
      if (!run.harfbuzz) page.drawText(run.text, { x: pen, y, size, font, color });
      else this.drawShaped(page, font, run, pen, y, size, color);
      pen += run.advance * scale;
    }
  }

  private drawShaped(
    page: PDFPage,
    font: PDFFont,
    run: ShapedRun,
    x: number,
    y: number,
    size: number,
    color: RGB,
  ): void {
    const embedder = (font as unknown as { embedder: SubsetEmbedder }).embedder;
    const fk = embedder.font;
    const key = page.node.newFontDictionary(font.name, font.ref);
    const scale = size / run.unitsPerEm;
    // A left-to-right run (Devanagari) is in reading order but its glyphs are not (a matra drawn
    // before its consonant): /ActualText gives the text. A right-to-left run is drawn in visual
    // order, and readers (poppler, Acrobat) put its glyphs' ToUnicode text back in logical order
    // themselves; an /ActualText would be read reversed by poppler.
    const span = !run.rtl;
    const ops: PDFOperator[] = [
      ...(span
        ? [
            PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
              PDFName.of('Span'),
              `<</ActualText ${PDFHexString.fromText(run.text).toString()}>>` as unknown as PDFName,
            ]),
          ]
        : []),
      pushGraphicsState(),
      setFillingColor(color),
      beginText(),
      setFontAndSize(key, size),
    ];
    // One text object from the run's left edge: each glyph's offset from where the previous one
    // left the text position is a TJ adjustment, a vertical offset (a mark) the text rise, so that
    // the run stays one word to a reader (a new text matrix per mark splits it).
    ops.push(setTextMatrix(1, 0, 0, 1, round(x), round(y)));
    let parts: string[] = [];
    const flush = (): void => {
      if (parts.length > 0)
        ops.push(
          PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [`[${parts.join(' ')}]` as unknown as PDFName]),
        );
      parts = [];
    };
    let at = 0;
    let rise = 0;
    for (const g of run.glyphs) {
      const glyph = fk.getGlyph(g.id, g.codePoints);
      const sid = embedder.subset.includeGlyph(glyph);
      embedder.glyphs[sid - 1] = glyph;
      embedder.glyphIdMap.set(g.id, sid);
      if (g.y !== rise) {
        flush();
        ops.push(setTextRise(round(g.y * scale)));
        rise = g.y;
      }
      const adjust = round(((at - g.x) * 1000) / run.unitsPerEm);
      if (adjust !== 0) parts.push(String(adjust));
      parts.push(`<${sid.toString(16).padStart(4, '0').toUpperCase()}>`);
      at = g.x + glyph.advanceWidth;
    }
    flush();
    embedder.glyphCache.invalidate();
    ops.push(endText(), popGraphicsState());
    if (span) ops.push(PDFOperator.of(PDFOperatorNames.EndMarkedContent));
    page.pushOperators(...ops);
  }

  /** Greedy word wrap of already-cleaned text; words wider than a line are broken. */
  wrap(text: string, size: number, maxWidth: number, bold = false): string[] {
    const lines: string[] = [];
    const space = this.width(' ', size, bold);
    for (const para of text.split('\n')) {
      const words = para.split(/ +/).filter((w) => w.length > 0);
      let line = '';
      let lineW = 0;
      for (let word of words) {
        let w = this.width(word, size, bold);
        if (line && lineW + space + w <= maxWidth) {
          line = `${line} ${word}`;
          lineW += space + w;
          continue;
        }
        if (line) lines.push(line);
        // break a word that alone is too wide
        while (w > maxWidth && word.length > 1) {
          // other scripts break between grapheme clusters, never inside one (a matra, a mark)
          const chars = NEEDS_LAYOUT.test(word)
            ? Array.from(graphemes.segment(word), (g) => g.segment)
            : [...word];
          let n = chars.length - 1;
          while (n > 1 && this.width(chars.slice(0, n).join(''), size, bold) > maxWidth) n--;
          lines.push(chars.slice(0, n).join(''));
          word = chars.slice(n).join('');
          w = this.width(word, size, bold);
        }
        line = word;
        lineW = w;
      }
      lines.push(line);
    }
    return lines;
  }
}

type FontEmbedder = Parameters<typeof PDFFont.of>[2];
interface PersonalFontEntry {
  source: PDFDocument;
  font: PDFFont;
  glyphCount: () => number;
}

/** Printable ASCII, Latin-1 letters and the placeholder: the glyphs every personal font holds. */
const BASE_REPERTOIRE = (() => {
  let s = '';
  for (let c = 0x20; c < 0x7f; c++) s += String.fromCharCode(c);
  for (let c = 0xc0; c <= 0xff; c++) s += String.fromCharCode(c);
  return s + PLACEHOLDER + '\u2019\u2014';
})();

/**
 * The voter's text needs a font subset in every packet, and subsetting + compressing a font is the
 * largest single cost of a packet. So the subset is built once per repertoire (printable ASCII,
 * Latin-1 and whatever other characters the voter's text has), saved in a one-page document, and
 * each packet copies its already-encoded font objects; the text is encoded against that subset's
 * glyph ids. If shaping ever produces a glyph outside the subset (a ligature), the packet is
 * rendered again with a fresh subset (see `PersonalFonts.use`).
 */
export class PersonalFonts {
  private readonly entries = new Map<string, Promise<PersonalFontEntry>>();
  constructor(private readonly maxEntries = 512) {}

  private key(chars: string): string {
    const extra = new Set<string>();
    // characters of the Noto faces are not in the shared DejaVu subset (see use)
    for (const ch of chars) if (!BASE_REPERTOIRE.includes(ch) && !NEEDS_LAYOUT.test(ch)) extra.add(ch);
    return [...extra].sort().join('');
  }

  private async build(extra: string): Promise<PersonalFontEntry> {
    const f = load();
    const tiny = await PDFDocument.create({ updateMetadata: false });
    tiny.registerFontkit(f.cachingFontkit);
    // no ligatures in the voter's text: every glyph then comes straight from the cmap and is in the subset
    const font = await tiny.embedFont(f.boldBytes, {
      subset: true,
      features: { liga: false, clig: false, dlig: false },
    });
    const page = tiny.addPage([600, 100]);
    const all = [...(BASE_REPERTOIRE + extra)].filter((ch) =>
      f.regular.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0),
    );
    // one glyph at a time, so that shaping does not replace pairs by ligatures
    for (const ch of all) page.drawText(ch, { x: 10, y: 10, size: 10, font });
    await tiny.flush();
    tagFontSubsets(tiny.context);
    const bytes = await tiny.save({ useObjectStreams: false, objectsPerTick: Number.POSITIVE_INFINITY });
    const embedder = (font as unknown as { embedder: { subset: { glyphs: unknown[] }; font: FontkitFont } })
      .embedder;
    const subset = embedder.subset;
    // Voter text is encoded by plain cmap lookup (no OpenType shaping, the main per-string cost):
    // NFC text in Latin, Greek and Cyrillic needs no contextual forms.
    const plain: FontkitFont = Object.create(embedder.font) as FontkitFont;
    const real = embedder.font;
    Object.defineProperty(plain, 'layout', {
      value: (text: string) => ({
        glyphs: Array.from(text, (ch) => real.glyphForCodePoint(ch.codePointAt(0) ?? 0)),
      }),
    });
    embedder.font = plain;
    return {
      source: await PDFDocument.load(bytes, { updateMetadata: false }),
      font,
      glyphCount: () => subset.glyphs.length,
    };
  }

  /**
   * Copies the subset for `chars` into `doc` and runs `draw` with fonts bound to it. Returns
   * false (and forgets the subset) when `draw` needed a glyph the subset lacks.
   */
  async use(
    doc: PDFDocument,
    chars: string,
    missing: Set<string>,
    draw: (fonts: DocFonts) => void,
  ): Promise<boolean> {
    const key = this.key(chars.normalize('NFC'));
    let entry = this.entries.get(key);
    if (!entry) {
      entry = this.build(key);
      entry.catch(() => this.entries.delete(key));
      this.entries.set(key, entry);
      while (this.entries.size > this.maxEntries) {
        const oldest = this.entries.keys().next().value;
        if (oldest === undefined) break;
        this.entries.delete(oldest);
      }
    }
    const e = await entry;
    const [carrier] = await doc.copyPages(e.source, [0]);
    const fontDict = carrier.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
    const fontRef = fontDict?.values()[0];
    if (!(fontRef instanceof PDFRef)) throw new Error('ballot-pdf: personal font carrier without a font');
    // the carrier page itself is not part of the packet
    const contents = carrier.node.get(PDFName.of('Contents'));
    if (contents instanceof PDFRef) doc.context.delete(contents);
    doc.context.delete(carrier.ref);
    const embedder = (e.font as unknown as { embedder: FontEmbedder }).embedder;
    const before = e.glyphCount();
    const fonts = DocFonts.of(PDFFont.of(fontRef, doc, embedder), missing, doc);
    draw(fonts);
    if (e.glyphCount() !== before || fonts.needsOwnFonts) {
      this.entries.delete(key);
      return false;
    }
    if (fonts.embeddedExtra) {
      // text in a Noto face (Arabic, CJK, ...): its subsets are the packet's own, written here
      // into the update (they are new objects) and given their subset tags
      await doc.flush();
      tagFontSubsets(doc.context);
    }
    return true;
  }
}
