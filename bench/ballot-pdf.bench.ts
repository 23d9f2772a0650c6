/**
 * Ballot packet benchmark, one process, one core.
 * - packets per second through renderPacket with a warm BallotStyleCache (one election, one
 *   style, distinct voters), the way the ballots service renders a surge: each packet gets its
 *   own copy of the election definition, as each database read parses one;
 * - next to the raw pdf-lib rate of loading a one-page template PDF and saving it again,
 *   measured in the same run; ratio = packets / raw template round trips;
 * - the ballots worker's whole per-packet cost (reads, PII decrypted, render, ballots + outbox
 *   INSERTs) against real Postgres, runs of BENCH_BALLOTS_BATCH verified requests through its run
 *   handler, rendering in-thread and in a pool of 2 threads alternated (bench/ballot-worker.ts);
 *   ratio = pool / in-thread packets per second.
 */
import { performance } from 'node:perf_hooks';
import { PDFDocument } from 'pdf-lib';
import { BallotStyleCache, renderBallotStyle, renderPacket } from '@uocava/ballot-pdf';
import { sampleElection, samplePacket } from '@uocava/ballot-pdf/fixtures';
import { measureWorker, BATCH } from './ballot-worker';
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
  needs: ['postgres'],
  async run(report, env) {
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

    if (env.databaseUrl === undefined) throw new Error('ballot-pdf: the harness gave no database');
    const [inThread, pool] = await measureWorker(env.databaseUrl);
    for (const [name, figures] of [
      ['ballot-pdf.worker-in-thread', inThread],
      ['ballot-pdf.worker-pool', pool],
    ] as const)
      report({
        name,
        metric: 'packets_per_second',
        value: figures.packetsPerSecond,
        unit: 'packets/s',
        params: {
          renderThreads: figures.threads,
          packets: figures.packets,
          batch: BATCH,
          cpuMsPerPacket: figures.cpuMsPerPacket,
          wallMsPerPacket: figures.wallMsPerPacket,
          cpuMsIncludes: 'this process (main + render threads), not Postgres',
        },
      });
    report(
      ratioFigure(
        {
          name: 'ballot-pdf.worker-pool-vs-in-thread',
          metric: 'packets_per_second',
          value: pool.packetsPerSecond,
          unit: 'packets/s',
          params: { renderThreads: pool.threads, cpuMsPerPacket: pool.cpuMsPerPacket },
        },
        { name: 'the same worker rendering in-thread', value: inThread.packetsPerSecond },
      ),
    );
  },
};
export default bench;
