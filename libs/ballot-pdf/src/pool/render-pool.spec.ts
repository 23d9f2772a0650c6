/**
 * Packets rendered in the pool's worker threads are the packets rendered in-thread, byte for byte:
 * several styles and paper sizes, a voter name outside the shared font subset (the fallback
 * path, with a Noto face and Ethiopic letters no face has), all at once so that each thread renders several in turn with its own cache.
 */
import { createHash } from 'node:crypto';
import { multiStyleElection, samplePacket } from '../fixtures';
import { BallotStyleCache, renderPacket, type PacketInput } from '../index';
import { InThreadRenderer, RenderPool, packetRenderer, threadExecArgv } from './render-pool';

jest.setTimeout(180_000);

const election = multiStyleElection(4);
const names = [
  'Zoë Ångström-Łukasiewicz',
  'Nguyễn Thị Minh Khai',
  'Ωμέγα Σοφία',
  'Jo ﬁne',
  '王小明 ሊያ',
  'प्रिया محمد',
];
const inputs: PacketInput[] = election.ballotStyles.flatMap((style, s) =>
  names.map((name, n) =>
    samplePacket(election, {
      styleId: style.id,
      paperSize: (s + n) % 2 === 0 ? 'letter' : 'a4',
      militaryPost: n % 2 === 1,
      voter: {
        name,
        trackingCode: `TRK-${s}${n}00-9QXD-2HFA`,
        ballotId: `0b7f5a2e-1c3d-4e5f-8a9b-${String(s * 10 + n).padStart(12, '0')}`,
        trackingUrl: `https://ballots.example.org/track?code=TRK-${s}${n}00-9QXD-2HFA`,
      },
    }),
  ),
);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('RenderPool', () => {
  let pool: RenderPool;
  beforeAll(() => {
    pool = new RenderPool(2);
  });
  afterAll(() => pool.close());

  it('renders the same bytes as rendering in-thread, many packets at once', async () => {
    const cache = new BallotStyleCache();
    const inThread: string[] = [];
    for (const input of inputs) inThread.push(sha256((await renderPacket(input, cache)).bytes));
    const pooled = await Promise.all(inputs.map((input) => pool.render(input)));
    expect(pooled.map((r) => sha256(r.bytes))).toEqual(inThread);
    expect(pooled.map((r) => r.sha256)).toEqual(inThread);
    // the name outside the fonts is reported as from the in-thread render
    const held = await renderPacket(inputs[4], new BallotStyleCache());
    expect(held.missingGlyphs).toEqual(['ሊ', 'ያ']);
    expect(pooled[4].missingGlyphs).toEqual(held.missingGlyphs);
    expect(pooled[4].parts).toEqual(held.parts);
  });

  it('rejects a packet that cannot be rendered with its error, and renders the next', async () => {
    const bad = { ...inputs[0], styleId: 'no-such-style' };
    const [failed, next] = await Promise.allSettled([pool.render(bad), pool.render(inputs[1])]);
    expect(failed.status).toBe('rejected');
    expect(String((failed as PromiseRejectedResult).reason)).toMatch(/no-such-style/);
    expect(next.status === 'fulfilled' && next.value.sha256).toBe(
      (await renderPacket(inputs[1], new BallotStyleCache())).sha256,
    );
  });

  it('packetRenderer(0) renders in-thread; a closed pool refuses work', async () => {
    expect(packetRenderer(0)).toBeInstanceOf(InThreadRenderer);
    const small = new RenderPool(1);
    await small.close();
    await expect(small.render(inputs[0])).rejects.toThrow(/closed/);
  });

  it("passes a thread the parent's preloads only (Worker refuses per-process flags such as --expose-gc)", () => {
    expect(
      threadExecArgv([
        '--expose-gc',
        '-r',
        '@swc-node/register',
        '--max-old-space-size=512',
        '--require=x',
        '--enable-source-maps',
      ]),
    ).toEqual(['-r', '@swc-node/register', '--require=x', '--enable-source-maps']);
  });
});
