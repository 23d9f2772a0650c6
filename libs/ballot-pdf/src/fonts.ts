/**
 * The fonts the library ships (DejaVu Sans, Bitstream Vera / DejaVu licence, see
 * ../fonts/LICENSE-DejaVu.txt): Latin with diacritics, Greek, Cyrillic and more. The files are
 * read once per process and parsed once by fontkit; every document embeds a subset.
 */
import fontkit from '@pdf-lib/fontkit';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PDFDict, PDFDocument, PDFFont, PDFName, PDFRef } from 'pdf-lib';
import { tagFontSubsets } from './meta';

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
  /** hex SHA-256 over the shipped font files, part of the renderer version */
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
  const digest = createHash('sha256').update(regularBytes).update(boldBytes).digest('hex');
  loaded = { digest, regularBytes, boldBytes, regular, boldFont, cachingFontkit };
  return loaded;
}

/** Hex SHA-256 over the font files the renderer ships (read once per process). */
export function fontsDigest(): string {
  return load().digest;
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
 * The characters of `text` that no shipped face can draw (each once, in order), after the same
 * normalisation as `DocFonts.clean`: what a document would print as the placeholder.
 */
export function undrawableCharacters(text: string): string[] {
  const { boldFont } = load();
  const out: string[] = [];
  for (const ch of text.normalize('NFC').replace(CONTROL, ' ')) {
    const cp = ch.codePointAt(0) ?? 0;
    // the bold face's coverage is a subset of the regular one's, as in DocFonts.clean
    if (!ignorable(cp) && !boldFont.hasGlyphForCodePoint(cp) && !out.includes(ch)) out.push(ch);
  }
  return out;
}

/** The two faces embedded in one document, plus the glyph check shared by every text call. */
export class DocFonts {
  private constructor(
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly glyphs: FontkitFont,
    readonly missing: Set<string>,
  ) {}

  /**
   * Embeds the faces (as subsets, once per document). `boldOnly`: the voter's own text uses the
   * bold face alone, so that a packet subsets and compresses one font, not two.
   */
  static async embed(doc: PDFDocument, missing: Set<string>, boldOnly = false): Promise<DocFonts> {
    const f = load();
    doc.registerFontkit(f.cachingFontkit);
    const bold = await doc.embedFont(f.boldBytes, { subset: true });
    const regular = boldOnly ? bold : await doc.embedFont(f.regularBytes, { subset: true });
    return new DocFonts(regular, bold, f.boldFont, missing);
  }

  /** Both faces are one already-embedded font (see PersonalFonts). */
  static of(font: PDFFont, missing: Set<string>): DocFonts {
    return new DocFonts(font, font, load().boldFont, missing);
  }

  /**
   * NFC-normalised text with control characters turned into spaces, invisible format characters
   * dropped, and every character the font lacks replaced by a visible placeholder (and recorded).
   */
  clean(text: string): string {
    const s = text.normalize('NFC').replace(CONTROL, ' ');
    let out = '';
    for (const ch of s) {
      const cp = ch.codePointAt(0) ?? 0;
      if (ignorable(cp)) continue;
      // the check is against the bold face, whose coverage is a subset of the regular one's
      if (this.glyphs.hasGlyphForCodePoint(cp)) out += ch;
      else {
        this.missing.add(ch);
        out += PLACEHOLDER;
      }
    }
    return out;
  }

  /**
   * Width from per-character advances (cached per face), without shaping: kerning only ever
   * narrows DejaVu text, so a measured line never overflows when drawn.
   */
  width(text: string, size: number, bold = false): number {
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
          const chars = [...word];
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
    for (const ch of chars) if (!BASE_REPERTOIRE.includes(ch)) extra.add(ch);
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
    draw(DocFonts.of(PDFFont.of(fontRef, doc, embedder), missing));
    if (e.glyphCount() !== before) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }
}
