import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PDFDocument, PDFName } from 'pdf-lib';
import { sampleElection, samplePacket } from './fixtures';
import {
  BallotStyleCache,
  PAGE_SIZES,
  PLACEHOLDER,
  choosePaperSize,
  describeReturnDeadline,
  renderBallotStyle,
  renderPacket,
  type PacketInput,
  type PacketResult,
} from './index';

function pdftotextAvailable(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Text of pages first..last (1-based, inclusive) via poppler's pdftotext, optionally of a crop box (pt). */
function pageText(
  bytes: Uint8Array,
  first: number,
  last: number,
  crop?: { x: number; w: number; h: number },
): string {
  if (!pdftotextAvailable())
    throw new Error('pdftotext (Debian package poppler-utils) is required by this test and is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ballot-pdf-'));
  try {
    const file = path.join(dir, 'p.pdf');
    fs.writeFileSync(file, bytes);
    const box = crop ? ['-x', String(crop.x), '-y', '0', '-W', String(crop.w), '-H', String(crop.h)] : [];
    return execFileSync(
      'pdftotext',
      ['-f', String(first), '-l', String(last), ...box, '-enc', 'UTF-8', file, '-'],
      {
        encoding: 'utf8',
      },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

jest.setTimeout(60_000);

const election = sampleElection(8);
const cache = new BallotStyleCache();
const render = (over: Partial<PacketInput> = {}, c: BallotStyleCache = cache): Promise<PacketResult> =>
  renderPacket(samplePacket(election, over), c);
const voter = samplePacket(election).voter;

describe('choosePaperSize', () => {
  it('uses the preference when given', () => {
    expect(choosePaperSize('a4', 'US')).toBe('a4');
    expect(choosePaperSize('letter', 'DE')).toBe('letter');
  });
  it('is letter in North America and US territories, A4 elsewhere', () => {
    for (const c of ['US', 'us', 'CA', 'MX', 'PR', 'GU', 'VI', 'AS', 'MP', 'USA', undefined, ''])
      expect(choosePaperSize(undefined, c)).toBe('letter');
    for (const c of ['DE', 'JP', 'GB', 'AU', 'BR', 'FRA']) expect(choosePaperSize(undefined, c)).toBe('a4');
  });
});

describe('describeReturnDeadline', () => {
  it('states a received-by deadline in plain words', () => {
    expect(
      describeReturnDeadline({ kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' }, '2026-11-03'),
    ).toContain('by 8:00 p.m. on Tuesday, November 3, 2026 (UTC\u221205:00)');
  });
  it('states a postmark rule with the last day of receipt', () => {
    const s = describeReturnDeadline(
      {
        kind: 'postmarked-by-election-day',
        electionDate: '2026-11-03' as never,
        receiveWithinDays: 10,
        utcOffset: '-05:00',
      },
      '2026-11-03',
    );
    expect(s).toContain('no later than election day, Tuesday, November 3, 2026');
    expect(s).toContain('by Friday, November 13, 2026 (10 days after election day)');
  });
});

describe('the packet in the request language', () => {
  it('states the deadline in Spanish', () => {
    expect(
      describeReturnDeadline(
        { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' },
        '2026-11-03',
        'es',
      ),
    ).toContain('a más tardar a las 8:00 p. m. del martes, 3 de noviembre de 2026 (UTC\u221205:00)');
  });

  it('writes a Spanish packet: its words, /Lang es-US, the English ballot part marked en-US', async () => {
    const r = await render({ language: 'es' });
    const instr = pageText(r.bytes, 1, 1);
    expect(instr).toContain('INSTRUCCIONES');
    expect(instr).toContain('Cómo votar y devolver su boleta');
    expect(instr).toContain('Preparado para:');
    const decl = pageText(r.bytes, r.parts.declaration[0], r.parts.declaration[0]);
    expect(decl).toContain('Declaración / afirmación del votante');
    expect(pageText(r.bytes, r.pageCount, r.pageCount)).toContain('SOBRE DE DEVOLUCIÓN');
    const doc = await PDFDocument.load(r.bytes, { updateMetadata: false });
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(es-US)');
    expect(Buffer.from(r.bytes).toString('latin1')).toContain('/Lang (en-US)');
    expect(doc.getTitle()).toContain('paquete de boleta');
    // the same inputs in English are another packet; English keeps its words
    const en = await render();
    expect(en.sha256).not.toBe(r.sha256);
    expect(pageText(en.bytes, 1, 1)).toContain('INSTRUCTIONS');
  });

  it("prints the definition's Spanish contest titles for a Spanish voter, both where the office requires it", async () => {
    const e = sampleElection();
    const first = e.contests[0];
    const spanish = {
      ...e,
      contests: [{ ...first, translations: { es: { title: 'TÍTULO EN ESPAÑOL' } } }, ...e.contests.slice(1)],
    };
    const ballotText = (r: PacketResult) =>
      pageText(r.bytes, r.parts.ballot[0], r.parts.ballot[1]).replace(/\s+/g, ' ');
    const es = await render({ election: spanish, language: 'es' });
    expect(ballotText(es)).toContain('TÍTULO EN ESPAÑOL');
    expect(ballotText(es)).not.toContain(first.title);
    const en = await render({ election: spanish });
    expect(ballotText(en)).toContain(first.title);
    expect(ballotText(en)).not.toContain('TÍTULO EN ESPAÑOL');
    const both = await render({ election: { ...spanish, ballotLanguages: ['en', 'es'] } });
    expect(ballotText(both)).toContain(`${first.title} / TÍTULO EN ESPAÑOL`);
  });

  it("prints the ballot's own words in the voter's language, both on a bilingual ballot, tagged with their language", async () => {
    const ballotText = (r: PacketResult) =>
      pageText(r.bytes, r.parts.ballot[0], r.parts.ballot[1]).replace(/\s+/g, ' ');
    const es = await render({ language: 'es' });
    const text = ballotText(es);
    for (const words of [
      'BOLETA OFICIAL DE VOTO AUSENTE',
      'Cómo marcar su boleta',
      'Use un bolígrafo de tinta negra o azul.',
      'Vote por uno',
      'Estilo de boleta',
      'Página 1 de',
      'candidato por escrito',
      'martes, 3 de noviembre de 2026',
    ])
      expect(text).toContain(words);
    for (const words of [
      'OFFICIAL ABSENTEE BALLOT',
      'How to mark your ballot',
      'Vote for one',
      'Page 1 of',
      'write-in',
    ])
      expect(text).not.toContain(words);
    // the definition is English only: the contests' part is en-US, the ballot's Spanish words es-US
    const bytes = Buffer.from(es.bytes).toString('latin1');
    expect(bytes).toContain('/Lang (en-US)');
    // the catalog's /Lang, and the ballot's elements of fixed words (heading, paragraphs, figures)
    expect(bytes.split('/Lang (es-US)').length - 1).toBeGreaterThan(5);
    // a bilingual ballot: both languages' words; the English packet keeps its words
    const both = ballotText(
      await render({ election: { ...sampleElection(), ballotLanguages: ['en', 'es'] } }),
    );
    expect(both).toContain('OFFICIAL ABSENTEE BALLOT / BOLETA OFICIAL DE VOTO AUSENTE');
    expect(both).toContain('Vote for one / Vote por uno');
    expect(both).toContain('Use un bolígrafo');
    expect(both).toContain('Use a black or blue pen.');
    expect(ballotText(await render())).toContain('OFFICIAL ABSENTEE BALLOT');
  });
});

describe('renderPacket', () => {
  it('is deterministic: same bytes twice, and with a fresh cache', async () => {
    const a = await render();
    await render({ voter: { ...voter, name: 'Someone Else', trackingCode: 'TRK-AAAA-BBBB-CCCC' } });
    const b = await render();
    const c = await render({}, new BallotStyleCache());
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(Buffer.from(c.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(c.sha256).toBe(a.sha256);
    // no wall clock: the dates come from the election day, and the /ID from the content
    const text = Buffer.from(a.bytes).toString('latin1');
    expect(text).toContain('/CreationDate (D:20261103000000Z)');
    expect(text).toMatch(/\/ID \[ <[0-9A-F]{32}> <[0-9A-F]{32}> \]/);
  });

  it("appends the voter's objects to the template's bytes as one incremental update", async () => {
    const a = Buffer.from((await render()).bytes);
    const b = Buffer.from(
      (
        await render({
          voter: { ...voter, name: 'Someone Else', ballotId: '1b7f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b' },
        })
      ).bytes,
    );
    // the template, up to its %%EOF, is the same for both voters; only the update differs
    const eof = a.indexOf('%%EOF') + 5;
    expect(eof).toBeGreaterThan(a.length * 0.5);
    expect(a.subarray(0, eof).equals(b.subarray(0, eof))).toBe(true);
    expect(a.equals(b)).toBe(false);
    const tail = a.subarray(eof).toString('latin1');
    expect(tail).toMatch(/\/Prev \d+/);
    expect(tail.match(/%%EOF/g)).toHaveLength(1);
    // pdf-lib reads the updated document: the personal pages carry the overlay
    const doc = await PDFDocument.load(a);
    expect(doc.getPageCount()).toBe((await render()).pageCount);
    expect(doc.getTitle()).toContain('absentee ballot packet');
  });

  it('gives different voters different bytes and ids', async () => {
    const a = await render();
    const b = await render({ voter: { ...voter, ballotId: '1b7f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b' } });
    expect(b.sha256).not.toBe(a.sha256);
  });

  it('puts the pages in order: instructions, ballot, declaration, sleeve, envelope', async () => {
    const r = await render();
    expect(r.parts.instructions[0]).toBe(1);
    expect(r.parts.ballot[0]).toBe(r.parts.instructions[1] + 1);
    expect(r.parts.declaration[0]).toBe(r.parts.ballot[1] + 1);
    expect(r.parts.envelope).toEqual([r.parts.declaration[1] + 1, r.pageCount]);
    expect(r.parts.envelope[1] - r.parts.envelope[0]).toBe(1);
    const doc = await PDFDocument.load(r.bytes);
    expect(doc.getPageCount()).toBe(r.pageCount);
    const page = (n: number) => pageText(r.bytes, n, n);
    expect(page(1)).toContain('INSTRUCTIONS');
    expect(page(r.parts.ballot[0])).toContain('OFFICIAL ABSENTEE BALLOT');
    expect(page(r.parts.declaration[0])).toContain('Voter\u2019s Declaration');
    expect(page(r.parts.envelope[0])).toContain('OFFICIAL BALLOT');
    expect(page(r.pageCount)).toContain('RETURN ENVELOPE');
    expect(page(r.pageCount)).toContain('OFFICIAL ABSENTEE');
    expect(page(r.pageCount)).toContain(`Ballot ID ${voter.ballotId}`);
  });

  it("prints the office's address and the voter's return address on the return envelope", async () => {
    const returnAddress = ['c/o Müller, Hauptstraße 5', '10115 Berlin', 'GERMANY'];
    const r = await render({ voter: { ...voter, returnAddress } });
    const label = pageText(r.bytes, r.pageCount, r.pageCount);
    for (const line of ['Demo County Board of Elections', '100 Main Street, Room 4', ...returnAddress])
      expect(label).toContain(line);
    expect(label).toContain(voter.name);
    // the ballot and the sleeve still carry none of it
    const ballotAndSleeve = pageText(r.bytes, r.parts.ballot[0], r.parts.envelope[0]);
    expect(ballotAndSleeve).not.toContain('Hauptstraße');
    // without a return address the packet is byte for byte the one before (golden hash unchanged)
    expect((await render()).sha256).not.toBe(r.sha256);
  });

  it('keeps the ballot pages free of anything that identifies the voter', async () => {
    const r = await render();
    const ballot = pageText(r.bytes, r.parts.ballot[0], r.parts.ballot[1]);
    expect(ballot).toContain('2026 General Election');
    expect(ballot).toContain('Ballot style demo-001');
    for (const secret of [
      voter.name,
      'Ångström-Łukasiewicz',
      voter.trackingCode,
      voter.ballotId,
      voter.trackingUrl,
    ])
      expect(ballot).not.toContain(secret);
    // and the sleeve too
    const sleeve = pageText(r.bytes, r.parts.envelope[0], r.parts.envelope[0]);
    expect(sleeve).not.toContain(voter.name);
    // while the personal pages do carry them
    const instr = pageText(r.bytes, 1, 1);
    expect(instr).toContain(voter.trackingCode);
    expect(instr).toContain(voter.name);
  });

  it.each([
    'Zoë Ångström-Łukasiewicz',
    'Ελένη Παπαδοπούλου',
    'Алексей Смирнов',
    "Siobhán O'Brien",
    'Nguyễn Thị Minh Khai',
    'Şükrü Çağlayan-Øster',
  ])('renders the name %s with real glyphs', async (name) => {
    const r = await render({ voter: { ...voter, name } });
    expect(r.missingGlyphs).toEqual([]);
    expect(pageText(r.bytes, 1, 1)).toContain(name);
    expect(pageText(r.bytes, r.parts.declaration[0], r.parts.declaration[0])).toContain(name);
    expect(pageText(r.bytes, r.pageCount, r.pageCount)).toContain(name);
  });

  it('reads back names with ligature-prone letters and mixed scripts through the shared font subset', async () => {
    for (const name of [
      'Sofia Griffin-Ffoulkes',
      'Ελένη Smirnova-Ångström',
      'Алексей Waffle',
      'Ðorđe Šafránek',
    ]) {
      const r = await render({ voter: { ...voter, name } });
      expect(pageText(r.bytes, 1, 1)).toContain(name);
      expect(pageText(r.bytes, r.pageCount, r.pageCount)).toContain(name);
    }
  });

  it('gives the same bytes whether the shared voter-font subset is new or reused', async () => {
    const fresh = new BallotStyleCache();
    // a shared subset is reused across voters with the same repertoire: same text either way
    const a = await render({ voter: { ...voter, name: 'Anna Fischer' } }, fresh);
    const b = await render({ voter: { ...voter, name: 'Anna Fischer' } }, new BallotStyleCache());
    expect(a.sha256).toBe(b.sha256);
    expect(pageText(a.bytes, 1, 1)).toContain('Anna Fischer');
  });

  it('reports characters no font has and draws a placeholder instead', async () => {
    // Ethiopic: no shipped face has it
    const r = await render({ voter: { ...voter, name: 'Li ሊ Wei' } });
    expect(r.missingGlyphs).toEqual(['ሊ']);
    const t = pageText(r.bytes, 1, 1);
    expect(t).toContain(`Li ${PLACEHOLDER} Wei`);
    expect(t).not.toContain('Li ? Wei');
  });

  it('does not throw on control characters or astral symbols', async () => {
    const r = await render({ voter: { ...voter, name: 'A\u0000B\tC \u{1F5F3}\uFE0F \u{2A6D6}' } });
    expect(r.missingGlyphs).toContain('\u{2A6D6}');
    expect(r.pageCount).toBeGreaterThan(4);
  });

  it.each([
    ['letter', 612, 792],
    ['a4', 595.28, 841.89],
  ] as const)('lays out every page on %s paper', async (paperSize, w, h) => {
    const r = await render({ paperSize });
    expect(r.paperSize).toBe(paperSize);
    expect(PAGE_SIZES[paperSize]).toEqual({ width: w, height: h });
    const doc = await PDFDocument.load(r.bytes);
    for (const p of doc.getPages()) {
      const box = p.getMediaBox();
      expect(box.width).toBeCloseTo(w, 1);
      expect(box.height).toBeCloseTo(h, 1);
    }
  });

  it('embeds font subsets, not whole fonts', async () => {
    const r = await render();
    // DejaVu Sans + Bold are ~1.4 MB; the packet with two subsets of each is far smaller
    expect(r.bytes.length).toBeLessThan(250_000);
  });
});

describe('renderBallotStyle', () => {
  it('spreads a 60-contest ballot over several pages numbered "x of y"', async () => {
    const long = sampleElection(60);
    const r = await renderBallotStyle(long, 'demo-001', 'letter');
    expect(r.pageCount).toBeGreaterThan(3);
    let all = '';
    for (let p = 1; p <= r.pageCount; p++) {
      const t = pageText(r.bytes, p, p);
      expect(t).toContain(`Page ${p} of ${r.pageCount}`);
      // reading order: left column, then right column
      all +=
        pageText(r.bytes, p, p, { x: 0, w: 306, h: 792 }) +
        pageText(r.bytes, p, p, { x: 306, w: 306, h: 792 });
    }
    // every contest appears, in order
    let at = -1;
    for (const c of long.contests) {
      const i = all.indexOf(c.title.slice(0, 20), at + 1);
      expect(i).toBeGreaterThan(at);
      at = i;
    }
    expect(all).toContain('Vote for up to 2');
    expect(all).toContain('write-in');
  });

  it('is deterministic and refuses an unknown style', async () => {
    const a = await renderBallotStyle(election, 'demo-001', 'a4');
    const b = await renderBallotStyle(election, 'demo-001', 'a4');
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    await expect(renderBallotStyle(election, 'nope', 'a4')).rejects.toThrow('ballot style nope');
  });
});
