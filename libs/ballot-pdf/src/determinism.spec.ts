/**
 * A packet's bytes are a pure function of its inputs (and the renderer version): whatever the
 * process rendered before, in whatever order, with whichever cache, in whichever process. The
 * gateway re-renders a packet months after the ballots service issued it and serves it only if
 * the hashes agree, so any state that leaks from one packet into another denies a voter a ballot.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';
import fc from 'fast-check';
import { multiStyleElection, NAME_PARTS, sampleElection, samplePacket } from './fixtures';
import {
  BallotStyleCache,
  RENDERER_REVISION,
  renderPacket,
  rendererVersion,
  type PacketInput,
} from './index';

jest.setTimeout(180_000);

const election = multiStyleElection(6);
const base = samplePacket(election);

const arbName = fc
  .array(fc.constantFrom(...NAME_PARTS), { minLength: 1, maxLength: 4 })
  .map((parts) => parts.join(' '));

const arbPacket: fc.Arbitrary<PacketInput> = fc
  .record({
    name: arbName,
    n: fc.integer({ min: 0, max: 9999 }),
    styleId: fc.constantFrom(...election.ballotStyles.map((s) => s.id)),
    paperSize: fc.constantFrom('letter' as const, 'a4' as const),
    militaryPost: fc.boolean(),
    fax: fc.boolean(),
    language: fc.constantFrom('en' as const, 'es' as const),
  })
  .map(({ name, n, styleId, paperSize, militaryPost, fax, language }) => {
    const code = `TRK-${String(n).padStart(4, '0')}-9QXD-2HFA`;
    return samplePacket(election, {
      voter: {
        name,
        trackingCode: code,
        ballotId: `0b7f5a2e-1c3d-4e5f-8a9b-${String(n).padStart(12, '0')}`,
        trackingUrl: `https://ballots.example.org/track?code=${code}`,
      },
      styleId,
      paperSize,
      militaryPost,
      office: fax ? base.office : { ...base.office, fax: undefined },
      ...(language === 'es' ? { language } : {}),
    });
  });

/** Renders in order with one cache; returns the hashes in the order of `inputs`. */
async function renderAll(inputs: PacketInput[], order: number[], cache: BallotStyleCache): Promise<string[]> {
  const out: string[] = new Array<string>(inputs.length);
  for (const i of order) out[i] = (await renderPacket(inputs[i], cache)).sha256;
  return out;
}

/** The same packets rendered by a separate Node process (fresh module state, fresh cache). */
function renderInChild(inputs: PacketInput[]): string[] {
  const out = execFileSync(
    process.execPath,
    ['-r', '@swc-node/register', path.join(__dirname, 'render-child.fixture.ts')],
    { input: JSON.stringify(inputs), cwd: path.join(__dirname, '..', '..', '..'), maxBuffer: 1 << 24 },
  );
  return JSON.parse(out.toString('utf8')) as string[];
}

describe('packet determinism', () => {
  it('renders every packet to the same bytes in any order, with any cache, in another process', async () => {
    const cases: PacketInput[][] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbPacket, { minLength: 2, maxLength: 7 }),
        fc.infiniteStream(fc.nat()),
        async (inputs, randomness) => {
          const forward = inputs.map((_, i) => i);
          // a shuffled order from the generated stream (Fisher-Yates)
          const shuffled = [...forward];
          const r = randomness[Symbol.iterator]();
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = r.next().value % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
          }
          const a = await renderAll(inputs, forward, new BallotStyleCache());
          const b = await renderAll(inputs, shuffled, new BallotStyleCache());
          // a cache of one template: every other packet evicts and rebuilds it
          const c = await renderAll(inputs, [...forward].reverse(), new BallotStyleCache(1));
          expect(b).toEqual(a);
          expect(c).toEqual(a);
          // each packet alone, with a cache of its own, agrees too
          for (const [i, input] of inputs.entries())
            expect((await renderPacket(input, new BallotStyleCache())).sha256).toBe(a[i]);
          cases.push(inputs);
        },
      ),
      { numRuns: 6, seed: 20261201, endOnFailure: true },
    );
    // and a separate process, which has drawn nothing before, writes the same bytes
    const all = cases.flat();
    const inProcess = await renderAll(all, all.map((_, i) => i).reverse(), new BallotStyleCache());
    expect(renderInChild(all)).toEqual(inProcess);
  });

  it('does not let the first voter of a style shape the template (the issue 11 reproduction)', async () => {
    const zoe = samplePacket(sampleElection(), { voter: { ...base.voter, name: 'Zoë Ñúñez' } });
    const alone = await renderPacket(zoe, new BallotStyleCache());
    const cache = new BallotStyleCache();
    for (let i = 0; i < 20; i++)
      await renderPacket(
        samplePacket(sampleElection(), {
          voter: {
            ...base.voter,
            name: `Plain Voter ${i}`,
            ballotId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          },
        }),
        cache,
      );
    expect((await renderPacket(zoe, cache)).sha256).toBe(alone.sha256);
  });

  it('writes the same ToUnicode map whichever text first reached a shared glyph', async () => {
    // U+FB03 in a contest title and the "ffi" of "Official" are one glyph of the font; which of
    // the two a process laid out first must not matter
    const sheriff = {
      ...election,
      contests: election.contests.map((c, i) =>
        i === 0 ? { ...c, title: 'Sheri\uFB03 and O\uFB03cers' } : c,
      ),
    };
    const packet = samplePacket(sheriff);
    const cache = new BallotStyleCache();
    await renderPacket(samplePacket(election), cache);
    const here = await renderPacket(packet, cache);
    // a process that has drawn nothing else before lays out the title first
    expect(renderInChild([packet])).toEqual([here.sha256]);
  });

  it('takes the inputs as JSON values: the order of keys does not matter', async () => {
    const input = samplePacket(sampleElection());
    const reordered = JSON.parse(
      JSON.stringify(input, (_k, v: unknown) =>
        v !== null && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(Object.entries(v as Record<string, unknown>).reverse())
          : v,
      ),
    ) as PacketInput;
    const a = await renderPacket(input, new BallotStyleCache());
    const b = await renderPacket(reordered, new BallotStyleCache());
    expect(b.sha256).toBe(a.sha256);
    expect(b.inputsSha256).toBe(a.inputsSha256);
  });

  it('records what the bytes depend on: the inputs digest and the renderer version', async () => {
    const a = await renderPacket(samplePacket(sampleElection()), new BallotStyleCache());
    const b = await renderPacket(
      samplePacket(sampleElection(), { office: { ...base.office, phone: '+1 555 010 0101' } }),
      new BallotStyleCache(),
    );
    expect(a.inputsSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b.inputsSha256).not.toBe(a.inputsSha256);
    expect(a.rendererVersion).toBe(rendererVersion());
    expect(a.rendererVersion).toMatch(
      new RegExp(`^ballot-pdf/${RENDERER_REVISION} fonts/[0-9a-f]{12} pdf-lib/\\S+ fontkit/\\S+$`),
    );
  });
});

/**
 * The sample packet's SHA-256 under each renderer version. When this fails, the bytes changed:
 * if that was intended, bump RENDERER_REVISION in version.ts (issued packets are then re-issued
 * on download instead of being refused) and record the new pair here.
 */
const GOLDEN: Record<string, string> = {
  'ballot-pdf/2 fonts/75e5b23b888c pdf-lib/1.17.1 fontkit/1.1.1':
    '1eeec8d2fdaa33b351022c134903391fc958a4e248876cb330a4062a2db2c4f7',
  // tagged PDF/UA-1 and PDF/A-2b (structure tree, XMP, output intent, subset tags)
  'ballot-pdf/3 fonts/75e5b23b888c pdf-lib/1.17.1 fontkit/1.1.1':
    '5111aca224c5808046ee54f241c81a4f618d15cb066fddaeb206688f4d4af753',
  // the Noto faces (Arabic, Hebrew, Devanagari, CJK, Hangul) join the fonts: same bytes for Latin text
  'ballot-pdf/3 fonts/e3a3bac55ff6 pdf-lib/1.17.1 fontkit/1.1.1':
    '5111aca224c5808046ee54f241c81a4f618d15cb066fddaeb206688f4d4af753',
  // packets in the request's language: English packets keep their bytes, Spanish ones are new
  'ballot-pdf/4 fonts/75e5b23b888c pdf-lib/1.17.1 fontkit/1.1.1':
    '5111aca224c5808046ee54f241c81a4f618d15cb066fddaeb206688f4d4af753',
  // both: revision 4 with the Noto faces
  'ballot-pdf/4 fonts/e3a3bac55ff6 pdf-lib/1.17.1 fontkit/1.1.1':
    '5111aca224c5808046ee54f241c81a4f618d15cb066fddaeb206688f4d4af753',
  // the ballot's own words in the packet's language: English packets keep their bytes
  'ballot-pdf/5 fonts/e3a3bac55ff6 pdf-lib/1.17.1 fontkit/1.1.1':
    '5111aca224c5808046ee54f241c81a4f618d15cb066fddaeb206688f4d4af753',
};

describe('renderer version', () => {
  it('changes whenever the bytes of the sample packet change', async () => {
    const r = await renderPacket(samplePacket(sampleElection()), new BallotStyleCache());
    expect({ [r.rendererVersion]: r.sha256 }).toEqual({ [r.rendererVersion]: GOLDEN[r.rendererVersion] });
  });
});
