import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { sampleElection, samplePacket } from './fixtures';
import {
  ballotElectionOf,
  ballotTargets,
  ballotWordsOf,
  BallotStyleCache,
  renderPacket,
  type BallotTarget,
  type PacketInput,
  type PacketResult,
} from './index';
import { chosenTargets, markBallot, type Selection } from './marking';

/** Every page rendered by poppler at 72 dpi (1 px = 1 pt): RGB pixels, width, height. */
interface Raster {
  w: number;
  h: number;
  px: Buffer;
}
function rasterise(pdf: Uint8Array): Raster[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'marking-'));
  try {
    const file = path.join(dir, 'in.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-r', '72', file, path.join(dir, 'p')]);
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ppm'))
      .sort()
      .map((f) => {
        const data = fs.readFileSync(path.join(dir, f));
        // P6 <w> <h> 255\n<pixels>
        const m = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(data.subarray(0, 40).toString('latin1'));
        if (!m) throw new Error('not a PPM');
        return { w: Number(m[1]), h: Number(m[2]), px: data.subarray(m[0].length) };
      });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
/** Mean grey (0 black .. 255 white) of the 4 x 4 px square at the centre of `t`. */
function centreGrey(r: Raster, t: BallotTarget): number {
  const cx = Math.round(t.x + t.width / 2);
  const cy = Math.round(r.h - (t.y + t.height / 2));
  let sum = 0;
  for (let y = cy - 2; y < cy + 2; y++)
    for (let x = cx - 2; x < cx + 2; x++) {
      const i = (y * r.w + x) * 3;
      sum += (r.px[i] + r.px[i + 1] + r.px[i + 2]) / 3;
    }
  return sum / 16;
}

describe('marking a ballot packet in the browser (markBallot)', () => {
  let packet: PacketResult;
  let targets: BallotTarget[];
  let selections: Selection[];

  beforeAll(async () => {
    const election = sampleElection();
    const input = samplePacket(election);
    packet = await renderPacket(input, new BallotStyleCache(2));
    targets = await ballotTargets(election, input.styleId, input.paperSize, packet.parts.ballot[0] - 1);
    // the first choice of every other contest, and a write-in position when there is one
    const contests = [...new Set(targets.map((t) => t.contestId))];
    selections = contests
      .filter((_, i) => i % 2 === 0)
      .map((contestId) => {
        const t = targets.find((x) => x.contestId === contestId)!;
        return { contestId, choiceId: t.choiceId };
      });
    const writeIn = targets.find(
      (t) => t.writeIn !== undefined && !selections.some((s) => s.contestId === t.contestId),
    );
    if (writeIn) selections.push({ contestId: writeIn.contestId, choiceId: writeIn.choiceId });
  });

  it('lays out one target per choice of the style, on the ballot pages, inside the page', () => {
    const style = sampleElection().ballotStyles[0];
    expect(new Set(targets.map((t) => t.contestId))).toEqual(new Set(style.contestIds));
    const [first, last] = packet.parts.ballot;
    for (const t of targets) {
      expect(t.page).toBeGreaterThanOrEqual(first - 1);
      expect(t.page).toBeLessThanOrEqual(last - 1);
      expect(t.x).toBeGreaterThan(0);
      expect(t.y).toBeGreaterThan(0);
      expect(t.x + t.width).toBeLessThan(612);
      expect(t.y + t.height).toBeLessThan(792);
    }
    expect(targets.some((t) => t.writeIn === 1 && t.line !== undefined && t.choiceId === 'write-in-1')).toBe(
      true,
    );
    expect(new Set(targets.map((t) => `${t.contestId}/${t.choiceId}`)).size).toBe(targets.length);
  });

  it('fills exactly the chosen ovals, leaves every other pixel and page as issued, deterministically', async () => {
    const marked = await markBallot(packet.bytes, targets, selections);
    expect(Buffer.from(await markBallot(packet.bytes, targets, selections))).toEqual(Buffer.from(marked));
    const before = rasterise(packet.bytes);
    const after = rasterise(marked);
    expect(after.length).toBe(before.length);
    const chosen = chosenTargets(targets, selections);
    expect(chosen.length).toBe(selections.length);
    for (const t of targets) {
      const grey = centreGrey(after[t.page], t);
      if (chosen.includes(t)) expect(grey).toBeLessThan(60);
      else expect(grey).toBeGreaterThan(200);
      // the blank ballot's oval is empty inside
      expect(centreGrey(before[t.page], t)).toBeGreaterThan(200);
    }
    // outside the chosen ovals (1 pt of anti-aliasing around them) nothing changed
    for (let p = 0; p < after.length; p++) {
      const mine = chosen.filter((t) => t.page === p);
      const a = after[p];
      const b = before[p];
      let changed = 0;
      for (let y = 0; y < a.h; y++)
        for (let x = 0; x < a.w; x++) {
          const i = (y * a.w + x) * 3;
          if (a.px[i] === b.px[i] && a.px[i + 1] === b.px[i + 1] && a.px[i + 2] === b.px[i + 2]) continue;
          const inside = mine.some(
            (t) =>
              x >= t.x - 1 && x <= t.x + t.width + 1 && a.h - y >= t.y - 1 && a.h - y <= t.y + t.height + 1,
          );
          if (!inside) changed++;
        }
      expect({ page: p + 1, changed }).toEqual({ page: p + 1, changed: 0 });
    }
  });

  it('keeps the document tagged, in its language, with its title and /ID', async () => {
    const marked = await PDFDocument.load(await markBallot(packet.bytes, targets, selections), {
      updateMetadata: false,
    });
    const issued = await PDFDocument.load(packet.bytes, { updateMetadata: false });
    for (const key of ['Lang', 'MarkInfo', 'StructTreeRoot', 'Metadata', 'OutputIntents'])
      expect(marked.catalog.has(PDFName.of(key))).toBe(true);
    expect(marked.catalog.get(PDFName.of('Lang'))?.toString()).toBe(
      issued.catalog.get(PDFName.of('Lang'))?.toString(),
    );
    expect(marked.getTitle()).toBe(issued.getTitle());
    expect(String(marked.context.trailerInfo.ID)).toBe(String(issued.context.trailerInfo.ID));
    expect(marked.getPageCount()).toBe(issued.getPageCount());
    // each marked page keeps its place in the structure tree
    for (const t of chosenTargets(targets, selections)) {
      const node = marked.getPage(t.page).node;
      expect(node.get(PDFName.of('StructParents'))).toBeDefined();
      expect(node.get(PDFName.of('Resources'))).toBeInstanceOf(PDFDict);
    }
  });

  it('refuses a choice that is not on the ballot', async () => {
    await expect(markBallot(packet.bytes, targets, [{ contestId: 'nope', choiceId: 'x' }])).rejects.toThrow(
      /not a target/,
    );
  });
});

/** Dark pixels (grey < 128) in `t`'s box and one pixel around it: a printed oval's ring has dozens. */
function ringPixels(r: Raster, t: BallotTarget): number {
  let n = 0;
  for (let y = Math.floor(r.h - t.y - t.height) - 1; y <= Math.ceil(r.h - t.y) + 1; y++)
    for (let x = Math.floor(t.x) - 1; x <= Math.ceil(t.x + t.width) + 1; x++) {
      const i = (y * r.w + x) * 3;
      if ((r.px[i] + r.px[i + 1] + r.px[i + 2]) / 3 < 128) n++;
    }
  return n;
}

describe('voting targets of ballots in other languages', () => {
  // a long ballot (contests continue across columns and pages) with Spanish contest words
  const base = sampleElection(14, 4);
  const spanish = {
    ...base,
    contests: base.contests.map((c) => ({
      ...c,
      translations: { es: { title: `${c.title} \u2014 en español, con un título bastante más largo` } },
    })),
  };
  it.each<[string, Partial<PacketInput>]>([
    ['a Spanish voter, English-only definition', { language: 'es' }],
    ['a Spanish voter, Spanish definition', { language: 'es', election: spanish }],
    ['a bilingual ballot', { election: { ...spanish, ballotLanguages: ['en', 'es'] } }],
  ])('sit on the printed ovals: %s', async (name, over) => {
    const input = samplePacket(over.election ?? base, over);
    const packet = await renderPacket(input, new BallotStyleCache(2));
    const targets = await ballotTargets(
      ballotElectionOf(input),
      input.styleId,
      input.paperSize,
      packet.parts.ballot[0] - 1,
      ballotWordsOf(input),
    );
    const pages = rasterise(packet.bytes);
    expect(targets.length).toBeGreaterThan(20);
    for (const t of targets) {
      expect({ t, inside: centreGrey(pages[t.page], t) > 200 }).toEqual({ t, inside: true });
      expect({ t, ring: ringPixels(pages[t.page], t) >= 12 }).toEqual({ t, ring: true });
    }
    if (!name.includes('bilingual')) return;
    // the English words would put them elsewhere: the bilingual "how to mark" box is taller
    const english = await ballotTargets(
      ballotElectionOf(input),
      input.styleId,
      input.paperSize,
      packet.parts.ballot[0] - 1,
    );
    expect(english.map((t) => [t.page, t.y])).not.toEqual(targets.map((t) => [t.page, t.y]));
  });
});
