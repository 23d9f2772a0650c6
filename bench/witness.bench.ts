/**
 * Witnessed receipts (issue 18): receipts throughput and the time from an appended event to its
 * cosigned receipt, with 1 and with 3 witnesses (each its own process, quorum = all), next to the
 * same run without witnesses (receipts under the log signature alone), on real Postgres.
 *
 * One round = append N entries (with their tracking steps) to each jurisdiction, then for each:
 * `ReceiptIssuer.issue` (checkpoint + receipts) and, under a policy, `Witnessing.witness` (the
 * witnesses' add-checkpoint round trips, the cosignatures stored, every receipt re-issued
 * cosigned). The three configurations are alternated round by round, after a warm-up round; the
 * figures are medians over the measured rounds. Kafka delivery and the checkpoint period are the
 * same with and without witnesses and are left out.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { ballotRequestId, jurisdictionId as jid } from '@uocava/domain';
import {
  createJurisdiction,
  insertTrackingStep,
  openDataSource,
  pgLogStorage,
  withTenant,
} from '@uocava/database';
import { StoredLog, generateLogKey, generateWitnessKey, logKeyId, logOrigin } from '@uocava/transparency';
import { startWitnessProcess, type WitnessProcess } from '../test/harness/processes';
import { receiptsConfig } from '../apps/receipts/src/config';
import { ReceiptIssuer } from '../apps/receipts/src/issuer';
import { LogKeys } from '../apps/receipts/src/log-keys';
import { Witnessing } from '../apps/receipts/src/witnessing';
import { ratioFigure, type Benchmark } from './harness';

const N = Number(process.env.BENCH_WITNESS_ENTRIES ?? 500);
const ROUNDS = Number(process.env.BENCH_WITNESS_ROUNDS ?? 5);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Config {
  label: 'none' | '1' | '3';
  j: string;
  witnesses: WitnessProcess[];
  throughput: number[];
  latencyMs: number[];
}

async function append(ds: DataSource, j: string, n: number): Promise<void> {
  await withTenant(ds, j, async (tx) => {
    const log = new StoredLog(pgLogStorage(tx, j), j);
    const requestId = randomUUID();
    const inputs = Array.from({ length: n }, () => ({
      jurisdiction: jid(j),
      subject: { kind: 'request' as const, id: ballotRequestId(requestId) },
      eventType: 'uocava.request.verified.v1',
      eventId: randomUUID(),
      time: new Date().toISOString(),
      dataSha256: randomBytes(32).toString('hex'),
    }));
    const appended = await log.append(inputs);
    for (const a of appended)
      await insertTrackingStep(tx, {
        eventId: a.entry.eventId,
        jurisdictionId: j,
        requestId,
        ballotId: null,
        eventType: a.entry.eventType,
        occurredAt: a.entry.time,
        leafIndex: a.leafIndex,
      });
  });
}

const bench: Benchmark = {
  name: 'witness',
  needs: ['postgres'],
  async run(report, env) {
    if (env.databaseUrl === undefined || env.ownerDatabaseUrl === undefined)
      throw new Error('needs Postgres');
    const owner = await openDataSource({ url: env.ownerDatabaseUrl, poolSize: 2 });
    const ds = await openDataSource({ url: env.databaseUrl, poolSize: 4 });
    const config = { ...receiptsConfig({}), keysDir: mkdtempSync(join(tmpdir(), 'bench-witness-keys-')) };
    const issuer = new ReceiptIssuer(ds, new LogKeys(config));
    const witnessing = new Witnessing(ds, 10_000);
    const configs: Config[] = [];
    try {
      for (const label of ['none', '1', '3'] as const) {
        const j = `bench-w${label}-${randomBytes(3).toString('hex')}`;
        const logKey = generateLogKey(logOrigin(config.originDomain, j, 1));
        writeFileSync(join(config.keysDir, `${logKeyId(j, 1)}.pem`), logKey.privateKeyPem, { mode: 0o600 });
        const witnesses: WitnessProcess[] = [];
        for (let i = 0; i < (label === 'none' ? 0 : Number(label)); i++) {
          const k = generateWitnessKey(`w${i}.bench.example/${j}`);
          witnesses.push(
            await startWitnessProcess({
              name: k.cosigner.name,
              keyPem: k.privateKeyPem,
              verifierKey: k.verifierKey,
              logKeys: [logKey.verifierKey],
            }),
          );
        }
        await createJurisdiction(owner, {
          id: j,
          name: `Bench ${label}`,
          state: 'OH',
          county: 'Bench',
          ...(witnesses.length === 0
            ? {}
            : {
                settings: {
                  witnessPolicy: {
                    quorum: witnesses.length,
                    witnesses: witnesses.map((w) => ({ key: w.verifierKey, url: w.url })),
                  },
                },
              }),
        });
        configs.push({ label, j, witnesses, throughput: [], latencyMs: [] });
      }
      for (let round = 0; round <= ROUNDS; round++) {
        // alternate the order too, so that no configuration always runs first
        const order = round % 2 === 0 ? configs : [...configs].reverse();
        for (const c of order) {
          await append(ds, c.j, N);
          const t0 = performance.now();
          const issued = await issuer.issue(c.j);
          if (issued.receipts !== N)
            throw new Error(`${c.label}: ${issued.receipts} receipts, expected ${N}`);
          if (c.witnesses.length > 0) {
            const w = await witnessing.witness(c.j);
            if (w === null || w.upgraded !== N || w.failures.length > 0)
              throw new Error(`${c.label}: witnessing ${JSON.stringify(w)}`);
          }
          const ms = performance.now() - t0;
          if (round === 0) continue; // warm-up
          c.latencyMs.push(ms);
          c.throughput.push(N / (ms / 1000));
        }
      }
      const [none, one, three] = configs;
      const base = { receipts: median(none.throughput), latency: median(none.latencyMs) };
      for (const c of [one, three]) {
        report(
          ratioFigure(
            {
              name: `witness.receipts-throughput.${c.label}-witness${c.label === '1' ? '' : 'es'}`,
              metric: 'receipts_per_second',
              value: Math.round(median(c.throughput)),
              unit: 'receipts/s (cosigned)',
              params: { entriesPerCheckpoint: N, rounds: ROUNDS, quorum: c.witnesses.length },
            },
            {
              name: 'the same receipts without witnesses (log signature only)',
              value: Math.round(base.receipts),
            },
          ),
        );
        report(
          ratioFigure(
            {
              name: `witness.append-to-cosigned-receipt.${c.label}-witness${c.label === '1' ? '' : 'es'}`,
              metric: 'milliseconds',
              value: Number(median(c.latencyMs).toFixed(1)),
              unit: `ms for ${N} entries (checkpoint, receipts, witnesses, upgrade)`,
              params: { entriesPerCheckpoint: N, rounds: ROUNDS, quorum: c.witnesses.length },
            },
            { name: 'append to receipt without witnesses', value: Number(base.latency.toFixed(1)) },
          ),
        );
      }
    } finally {
      await Promise.all(configs.flatMap((c) => c.witnesses.map((w) => w.stop())));
      await ds.destroy();
      await owner.destroy();
    }
  },
};

export default bench;
