/**
 * The ballots worker's whole per-packet cost against real Postgres, for bench/ballot-pdf.bench.ts:
 * runs of BATCH verified requests (one Kafka batch of one jurisdiction) through BallotsWorker's run
 * handler in one transaction, as the consumer calls it: reads (request, elections), PII decrypted,
 * packet rendered, ballots and their outbox events inserted. Rendering in-thread
 * (BALLOTS_RENDER_THREADS=0) and in the pool (2 threads) alternate round by round, after a warm-up
 * of each; CPU is this process's (main thread + render threads), not Postgres's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import {
  createJurisdiction,
  insertBallotRequest,
  insertElection,
  KeyRing,
  openDataSource,
  withTenant,
  type JurisdictionKeys,
} from '@uocava/database';
import { sampleElection } from '@uocava/ballot-pdf/fixtures';
import { validFpcaExample, type ElectionSettings } from '@uocava/domain';
import { newEvent, type CloudEvent, type RunHandler } from '@uocava/messaging';
import { BallotsWorker } from '../apps/ballots/src/ballots.worker';

const JURISDICTION = 'bench-ballots';
export const BATCH = Number(process.env.BENCH_BALLOTS_BATCH ?? 100);
const ROUNDS = Number(process.env.BENCH_BALLOTS_ROUNDS ?? 6);

class BenchWorker extends BallotsWorker {
  run(): RunHandler {
    return this.runHandler();
  }
  close(): Promise<void> {
    return this.beforeApplicationShutdown();
  }
}

/** A worker whose renderer is made with BALLOTS_RENDER_THREADS = threads. */
function workerWith(keyRing: KeyRing, threads: number): BenchWorker {
  const before = process.env.BALLOTS_RENDER_THREADS;
  process.env.BALLOTS_RENDER_THREADS = String(threads);
  try {
    return new BenchWorker(keyRing);
  } finally {
    if (before === undefined) delete process.env.BALLOTS_RENDER_THREADS;
    else process.env.BALLOTS_RENDER_THREADS = before;
  }
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

async function seedRequests(ds: DataSource, keys: JurisdictionKeys, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  const year = new Date().getUTCFullYear();
  const validThrough = isoDay(new Date(Date.now() + 365 * 86_400_000));
  const fpca = validFpcaExample();
  await withTenant(ds, JURISDICTION, async (tx) => {
    for (const [i, requestId] of ids.entries()) {
      await insertBallotRequest(tx, {
        requestId,
        jurisdictionId: JURISDICTION,
        language: 'en',
        trackingCode: `TRK-${randomBytes(6).toString('hex').toUpperCase()}`,
        voterClass: 'citizen-abroad-intent-to-return',
        ballotDelivery: 'email',
        mailingCountry: 'FR',
        militaryPost: false,
        paperSize: 'a4',
        party: null,
        coversYear: year,
        fpcaValidThrough: validThrough,
        source: 'json',
        requestMethod: 'online',
        voterKey: randomBytes(16).toString('hex'),
        requestHash: randomBytes(32).toString('hex'),
        dobHash: randomBytes(32).toString('hex'),
        pii: keys.sealJson(`request:${requestId}`, {
          ...fpca,
          name: { ...fpca.name, first: `Voter${i}`, last: 'Ångström-Łukasiewicz' },
        }),
        receivedAt: new Date(),
      });
    }
    await tx.query(
      `UPDATE ballot_requests SET status = 'verified' WHERE jurisdiction_id = $1 AND request_id = ANY($2::uuid[])`,
      [JURISDICTION, ids],
    );
  });
  return ids;
}

export interface WorkerFigures {
  threads: number;
  packets: number;
  packetsPerSecond: number;
  cpuMsPerPacket: number;
  wallMsPerPacket: number;
}

export async function measureWorker(
  databaseUrl: string,
  threads: readonly number[] = [0, 2],
): Promise<WorkerFigures[]> {
  const ds = await openDataSource({ url: databaseUrl, poolSize: 4 });
  try {
    await createJurisdiction(ds, { id: JURISDICTION, name: 'Bench County', state: 'NY' });
    const keyRing = new KeyRing(ds, process.env.MASTER_KEY);
    const keys = await keyRing.forJurisdiction(JURISDICTION);
    const date = isoDay(new Date(Date.now() + 30 * 86_400_000));
    const definition = { ...sampleElection(20), date, federalOffices: true };
    const settings: ElectionSettings = {
      electionDate: date,
      type: definition.type,
      federalOffices: true,
      returnRule: definition.returnRule,
    };
    await withTenant(ds, JURISDICTION, (tx) =>
      insertElection(tx, { electionId: randomUUID(), jurisdictionId: JURISDICTION, definition, settings }),
    );
    const modes = threads.map((n) => workerWith(keyRing, n));
    const totals = threads.map((n) => ({ threads: n, packets: 0, wallMs: 0, cpuMs: 0 }));
    const round = async (k: number, measured: boolean) => {
      const ids = await seedRequests(ds, keys, BATCH);
      const events: CloudEvent[] = ids.map((requestId) =>
        newEvent(
          'uocava.request.verified.v1',
          {
            requestId,
            jurisdictionId: JURISDICTION,
            decidedBy: 'automatic',
            decidedAt: new Date().toISOString(),
          },
          'urn:uocava:verification',
        ),
      );
      const run = modes[k].run();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await withTenant(ds, JURISDICTION, (tx) => run(events, tx));
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const [{ n }] = (await withTenant(ds, JURISDICTION, (tx) =>
        tx.query(`SELECT count(*)::int AS n FROM ballots WHERE request_id = ANY($1::uuid[])`, [ids]),
      )) as Array<{ n: number }>;
      if (n !== BATCH) throw new Error(`expected ${BATCH} ballots, found ${n}`);
      if (!measured) return;
      totals[k].packets += BATCH;
      totals[k].wallMs += wallMs;
      totals[k].cpuMs += (cpu.user + cpu.system) / 1000;
    };
    for (let r = 0; r < 2; r++) for (let k = 0; k < modes.length; k++) await round(k, false); // warm-up
    for (let r = 0; r < ROUNDS; r++) {
      const order = modes.map((_, k) => k);
      for (const k of r % 2 === 0 ? order : order.reverse()) await round(k, true);
    }
    for (const w of modes) await w.close();
    return totals.map((t) => ({
      threads: t.threads,
      packets: t.packets,
      packetsPerSecond: Number((t.packets / (t.wallMs / 1000)).toFixed(1)),
      cpuMsPerPacket: Number((t.cpuMs / t.packets).toFixed(2)),
      wallMsPerPacket: Number((t.wallMs / t.packets).toFixed(2)),
    }));
  } finally {
    await ds.destroy();
  }
}
