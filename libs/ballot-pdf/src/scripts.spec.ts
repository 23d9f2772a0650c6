/**
 * Every script a voter's or candidate's name is written in: the runs a line is cut into (faces,
 * UAX #9 visual order), the glyphs each run is shaped into, checked against HarfBuzz's reference
 * glyph sequences (the `harfbuzzjs` package's own wrapper, run in a separate Node process as the
 * ES module it is), and ballots and packets with such names: real glyphs (no .notdef), the names
 * read back by poppler's pdftotext, the same bytes every time.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { inflateSync } from 'zlib';
import { PDFDocument, PDFName, PDFRawStream, PDFArray, PDFRef } from 'pdf-lib';
import { renderBallotStyle } from './ballot';
import { DocFonts, layoutLine } from './fonts';
import { MULTI_SCRIPT_NAMES, multiScriptElection, sampleElection, samplePacket } from './fixtures';
import { BallotStyleCache, renderPacket } from './index';
import { notoFile, notoLicenceFiles, visualRuns } from './scripts';

jest.setTimeout(120_000);

const DEJAVU_BOLD = path.resolve(__dirname, '..', 'fonts', 'DejaVuSans-Bold.ttf');

/** HarfBuzz's glyph ids for `text` in the font file, by the package's own JavaScript API. */
function harfbuzzReference(file: string, texts: string[]): number[][] {
  const entry = require.resolve('harfbuzzjs/dist/harfbuzz.wasm').replace(/harfbuzz\.wasm$/, 'index.mjs');
  const script = `
    import * as hb from ${JSON.stringify(entry)};
    import fs from 'fs';
    const [file, texts] = JSON.parse(process.argv[1]);
    const font = new hb.Font(new hb.Face(new hb.Blob(fs.readFileSync(file))));
    const out = texts.map((t) => {
      const buf = new hb.Buffer();
      buf.addText(t);
      buf.guessSegmentProperties();
      hb.shape(font, buf);
      return buf.getGlyphInfos().map((g) => g.codepoint);
    });
    process.stdout.write(JSON.stringify(out));`;
  const out = execFileSync(
    process.execPath,
    ['--input-type=module', '-e', script, JSON.stringify([file, texts])],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out) as number[][];
}

const ids = (line: string): number[] => layoutLine(line, true).flatMap((r) => r.glyphs.map((g) => g.id));

describe('line layout', () => {
  it.each([
    ['arabic', ['محمد علي', 'فاطمة الزهراء', 'عبد الله']],
    ['hebrew', ['דוד כהן', 'שרה לוי']],
    ['devanagari', ['प्रिया शर्मा', 'राजेंद्र कुमार', 'फ़ातिमा']],
    ['cjk', ['王小明', '山田 太郎']],
    ['korean', ['김민준']],
  ] as const)('shapes %s as HarfBuzz does (reference glyph sequences)', (face, texts) => {
    const reference = harfbuzzReference(notoFile(face, true), [...texts]);
    expect(texts.map(ids)).toEqual(reference);
    for (const t of texts) expect(layoutLine(t, true).map((r) => r.face)).toEqual([face]);
  });

  it('shapes Latin (Vietnamese), Greek and Cyrillic in DejaVu as HarfBuzz does', () => {
    const texts = ['Nguyễn Thị Minh Khai', 'Ελένη Παπαδοπούλου', 'Алексей Смирнов'];
    expect(texts.map(ids)).toEqual(harfbuzzReference(DEJAVU_BOLD, texts));
  });

  it('forms conjuncts and reorders the pre-base matra of Devanagari', () => {
    // प्र (one conjunct glyph) with ि drawn before it; र्मा with the reph after मा
    expect(ids('प्रिया शर्मा')).toEqual([543, 309, 81, 31, 3, 85, 80, 31, 503]);
    const [run] = layoutLine('प्रिया', true);
    // the matra glyph stands for its whole cluster in the ToUnicode map, the conjunct for nothing
    expect(run.glyphs.slice(0, 2).map((g) => String.fromCodePoint(...g.codePoints))).toEqual(['प्रि', '']);
  });

  it('joins Arabic letters (positional forms) and lays right-to-left runs out in visual order', () => {
    const [run] = layoutLine('محمد', true);
    expect(run.rtl).toBe(true);
    // visual order: the final dal first (leftmost), the initial meem last
    expect(run.glyphs.map((g) => String.fromCodePoint(...g.codePoints))).toEqual(['د', 'م', 'ح', 'م']);
    // positional forms, not the isolated glyphs of the cmap
    expect(run.glyphs.map((g) => g.id)).not.toContain(ids('م')[0]);
  });

  it('orders mixed-direction lines by UAX #9', () => {
    const order = (s: string) => visualRuns(s, () => true).map((r) => [r.face, r.rtl, r.text]);
    expect(order('Ali محمد')).toEqual([
      ['latin', false, 'Ali '],
      ['arabic', true, 'محمد'],
    ]);
    // right-to-left paragraph: the Latin word is on the left of the Arabic one it follows
    expect(order('محمد Ali')).toEqual([
      ['latin', false, 'Ali'],
      ['arabic', true, 'محمد '],
    ]);
    // numbers stay left to right inside right-to-left text; brackets are mirrored
    expect(order('דוד 12')).toEqual([
      ['hebrew', false, '12'],
      ['hebrew', true, 'דוד '],
    ]);
    // brackets in right-to-left text are mirrored by the shaper: the closing one, leftmost, is
    // drawn with the glyph of "("
    const [paren] = layoutLine('(דוד)', true);
    expect(paren.rtl).toBe(true);
    expect(paren.glyphs.map((g) => String.fromCodePoint(...g.codePoints))).toEqual([')', 'ד', 'ו', 'ד', '(']);
    // Noto Sans Hebrew Bold's cmap: "(" is glyph 396, ")" 397
    expect([paren.glyphs[0].id, paren.glyphs[4].id]).toEqual([396, 397]);
  });

  it('breaks a word too long for its line between grapheme clusters, never before a mark', async () => {
    const fonts = await DocFonts.embed(await PDFDocument.create(), new Set());
    const word = 'राजेंद्रप्रियाशर्माफ़ातिमा';
    const lines = fonts.wrap(fonts.clean(word), 10, 25, true);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(word.normalize('NFC'));
    for (const l of lines) expect([l, /^\p{M}/u.test(l)]).toEqual([l, false]);
    for (const l of lines) expect(fonts.width(l, 10, true)).toBeLessThanOrEqual(25);
  });

  it('ships the licence of every face', () => {
    for (const f of notoLicenceFiles()) expect(fs.readFileSync(f, 'utf8')).toContain('SIL Open Font License');
    expect(fs.readFileSync(path.resolve(__dirname, '..', 'fonts', 'LICENSE-DejaVu.txt'), 'utf8')).toContain(
      'Bitstream',
    );
  });
});

function pdftotext(bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ballot-pdf-scripts-'));
  try {
    const file = path.join(dir, 'p.pdf');
    fs.writeFileSync(file, bytes);
    // poppler wraps right-to-left text in embedding controls
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(
      /[\u202A-\u202E]/g,
      '',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every glyph id shown by the content streams of a PDF's pages (Identity-H: two bytes a glyph). */
async function shownGlyphs(bytes: Uint8Array): Promise<number[]> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const out: number[] = [];
  for (const page of doc.getPages()) {
    const contents = page.node.get(PDFName.of('Contents'));
    const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
    for (const ref of refs) {
      const stream = doc.context.lookup(ref as PDFRef);
      if (!(stream instanceof PDFRawStream)) continue;
      const raw = Buffer.from(stream.contents);
      const text = (stream.dict.get(PDFName.of('Filter')) ? inflateSync(raw) : raw).toString('latin1');
      for (const m of text.matchAll(/<([0-9A-Fa-f]+)>/g))
        for (let i = 0; i + 4 <= m[1].length; i += 4) out.push(parseInt(m[1].slice(i, i + 4), 16));
    }
  }
  return out;
}

const NAMES = MULTI_SCRIPT_NAMES;

describe('ballots and packets in every script', () => {
  it('prints every candidate name with real glyphs, readable back, the same bytes every time', async () => {
    const e = multiScriptElection();
    const a = await renderBallotStyle(e, e.ballotStyles[0].id, 'letter');
    const b = await renderBallotStyle(multiScriptElection(), e.ballotStyles[0].id, 'letter');
    expect(a.missingGlyphs).toEqual([]);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const glyphs = await shownGlyphs(a.bytes);
    expect(glyphs.length).toBeGreaterThan(100);
    expect(glyphs).not.toContain(0);
    const lines = pdftotext(a.bytes).split('\n');
    for (const name of NAMES) expect([name, lines.some((l) => l.includes(name))]).toEqual([name, true]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ballot-pdf-scripts-'));
    fs.writeFileSync(path.join(dir, 'b.pdf'), a.bytes);
    const fonts = execFileSync('pdffonts', [path.join(dir, 'b.pdf')], { encoding: 'utf8' });
    fs.rmSync(dir, { recursive: true, force: true });
    for (const f of ['NotoSansSC', 'NotoSansKR', 'NotoSansArabic', 'NotoSansHebrew', 'NotoSansDevanagari'])
      expect(fonts).toMatch(new RegExp(`[A-Z]{6}\\+${f}-Bold`));
  });

  it.each(['محمد علي', '王小明', 'प्रिया शर्मा', 'דוד כהן'])(
    'prints the voter name %s on the instructions, the declaration and the envelope',
    async (name) => {
      const input = samplePacket(sampleElection(), {
        voter: { ...samplePacket(sampleElection()).voter, name },
      });
      const a = await renderPacket(input, new BallotStyleCache());
      // a cache that has served another voter first (shared template and DejaVu subset)
      const warm = new BallotStyleCache();
      await renderPacket({ ...input, voter: { ...input.voter, name: 'Zoë 李 محمد' } }, warm);
      const b = await renderPacket(input, warm);
      expect(a.missingGlyphs).toEqual([]);
      expect(a.sha256).toBe(b.sha256);
      // the voter's fields and their Noto subsets are appended to the template (incremental update)
      expect(Buffer.from(a.bytes).toString('latin1').split('%%EOF')).toHaveLength(3);
      expect(await shownGlyphs(a.bytes)).not.toContain(0);
      const count = pdftotext(a.bytes).split(name).length - 1;
      expect(count).toBeGreaterThanOrEqual(3);
    },
  );
});
