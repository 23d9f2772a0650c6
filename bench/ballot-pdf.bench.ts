/**
 * Ballot packet benchmark, one process, one core.
 * - packets per second through renderPacket with a warm BallotStyleCache (one election, one
 *   style, distinct voters), the way the ballots service renders a surge: each packet gets its
 *   own copy of the election definition, as each database read parses one;
 * - next to the raw pdf-lib rate of loading a one-page template PDF and saving it again,
 *   measured in the same run; ratio = packets / raw template round trips.
 */
import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { BallotStyleCache, renderBallotStyle, renderPacket } from '@uocava/ballot-pdf';
import { sampleElection, samplePacket } from '@uocava/ballot-pdf/fixtures';
import { ratioFigure, type Benchmark } from './harness';

const SECONDS = 12;

async function timed(
  seconds: number,
  fn: (i: number) => Promise<unknown>,
): Promise<{ n: number; perSecond: number }> {
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  let n = 0;
  while (performance.now() < end) await fn(n++);
  return { n, perSecond: n / ((performance.now() - t0) / 1000) };
}

const bench: Benchmark = {
  name: 'ballot-pdf',
  needs: [],
  async run(report) {
    const election = sampleElection(20);
    const cache = new BallotStyleCache();
    const t0 = performance.now();
    const first = await renderPacket(samplePacket(election), cache);
    const coldMs = performance.now() - t0;
    const voters = Array.from({ length: 1000 }, (_, i) => ({
      name: `Voter ${i} Ångström-Łukasiewicz`,
      trackingCode: `TRK-${String(i).padStart(4, '0')}-9QXD-2HFA`,
      ballotId: `0b7f5a2e-1c3d-4e5f-8a9b-${String(i).padStart(12, '0')}`,
      trackingUrl: `https://ballots.example.org/track?code=TRK-${String(i).padStart(4, '0')}-9QXD-2HFA`,
    }));
    const definition = JSON.stringify(election);
    const packet = (i: number) =>
      renderPacket(
        samplePacket(JSON.parse(definition) as typeof election, { voter: voters[i % voters.length] }),
        cache,
      );
    await timed(2, packet); // warm-up
    const packets = await timed(SECONDS, packet);

    // baseline: a one-page template (a one-contest ballot page with its embedded font subset)
    const template = (await renderBallotStyle(sampleElection(1), 'demo-001', 'letter')).bytes;
    await timed(1, async () => (await PDFDocument.load(template)).save());
    const raw = await timed(6, async () =>
      (await PDFDocument.load(template, { updateMetadata: false })).save(),
    );

    report(
      ratioFigure(
        {
          name: 'ballot-pdf.packet',
          metric: 'packets_per_second',
          value: Number(packets.perSecond.toFixed(1)),
          unit: 'packets/s',
          params: {
            packets: packets.n,
            contests: election.contests.length,
            pagesPerPacket: first.pageCount,
            bytesPerPacket: first.bytes.length,
            coldFirstPacketMs: Math.round(coldMs),
            cores: 1,
          },
        },
        { name: 'pdf-lib load+save of a one-page template', value: Number(raw.perSecond.toFixed(1)) },
      ),
    );
  },
};
export default bench;
