/**
 * Voter roll import at scale: a synthetic roll CSV (BENCH_ROLL_ROWS rows, default 200,000) imported
 * by `importRoll`, the code behind POST /api/v1/office/voter-roll, called in this process (no HTTP:
 * CSV parsing and validation, ID numbers hashed, personal data sealed per record, upserted in one
 * transaction): first into an empty roll (`insert`), then the same file over itself (`reimport`:
 * every voter already there with the same record, which the import leaves untouched), then a
 * file in which every voter's precinct changed (`update`: every row rewritten). Baseline, same run, same file: a
 * plain `COPY ... FROM STDIN (FORMAT csv)` into a plain table of text columns (no parsing in
 * Node, no validation, no crypto, no index).
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { performance } from 'perf_hooks';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions, KeyRing, withTenant } from '@uocava/database';
import { ROLL_CSV_HEADER } from '@uocava/domain';
import { importRoll } from '../apps/gateway/src/voter-roll/roll-import';
import { ratioFigure, type Benchmark } from './harness';

const ROWS = Number(process.env.BENCH_ROLL_ROWS ?? 200_000);

const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'José', 'Zoë'];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  "O'Brien",
  'Nguyen',
];

/** Writes a deterministic synthetic roll (fictitious voters) and returns its size in bytes. */
export async function writeSyntheticRoll(file: string, rows: number, precinctPrefix = 'p'): Promise<number> {
  const out = createWriteStream(file);
  out.write(`${ROLL_CSV_HEADER.join(',')}\n`);
  let seed = 0x51ed;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  for (let i = 0; i < rows; i++) {
    const dob = `${1930 + next(75)}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}`;
    const line =
      `OH${String(i).padStart(9, '0')},${FIRST[next(10)]},${next(2) ? 'A' : ''},"${LAST[next(10)]}",,${dob},` +
      `${next(5) ? `OH${String(next(99_999_999)).padStart(8, '0')}` : ''},${next(3) ? String(next(10_000)).padStart(4, '0') : ''},` +
      `"${1 + next(9999)} Market St, Apt ${next(50)}",Youngstown,OH,445${String(next(100)).padStart(2, '0')},Mahoning,` +
      `${precinctPrefix}-${next(300)},${next(3) ? 'DEM' : 'REP'},${next(20) ? 'active' : 'inactive'}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
}

const bench: Benchmark = {
  name: 'roll-import',
  needs: ['postgres'],
  async run(report, env) {
    const dir = mkdtempSync(join(tmpdir(), 'roll-bench-'));
    const file = join(dir, 'roll.csv');
    const ds = await new DataSource(dataSourceOptions({ url: env.databaseUrl!, poolSize: 2 })).initialize();
    const pg = new Client({ connectionString: env.databaseUrl });
    await pg.connect();
    try {
      const bytes = await writeSyntheticRoll(file, ROWS);
      const params = { rows: ROWS, megabytes: Number((bytes / 1e6).toFixed(1)) };

      // baseline: plain COPY of the same file into a plain text table
      await pg.query(
        `CREATE TEMP TABLE roll_copy_baseline (${ROLL_CSV_HEADER.map((h) => `${h} text`).join(', ')})`,
      );
      let t0 = performance.now();
      await pipeline(
        createReadStream(file),
        pg.query(copyFrom(`COPY roll_copy_baseline FROM STDIN (FORMAT csv, HEADER true)`)),
      );
      const copySeconds = (performance.now() - t0) / 1000;
      const copyRate = ROWS / copySeconds;
      report({
        name: 'roll-import.plain-copy',
        metric: 'rows_per_second',
        value: Math.round(copyRate),
        unit: 'rows/s',
        params: { ...params, seconds: Number(copySeconds.toFixed(2)) },
      });

      const jurisdictionId = `bench-${randomBytes(3).toString('hex')}`;
      await withTenant(ds, jurisdictionId, (tx) =>
        tx.query(
          `INSERT INTO jurisdictions (jurisdiction_id, name, state, county) VALUES ($1, 'Bench County', 'OH', 'Mahoning')`,
          [jurisdictionId],
        ),
      );
      const keys = await new KeyRing(ds, randomBytes(32).toString('base64')).forJurisdiction(jurisdictionId);

      const changed = join(dir, 'roll-changed.csv');
      await writeSyntheticRoll(changed, ROWS, 'q');
      const phases = [
        { phase: 'insert', file, applied: ROWS },
        { phase: 'reimport', file, applied: 0 },
        { phase: 'update', file: changed, applied: ROWS },
      ] as const;
      for (const { phase, file: input, applied } of phases) {
        t0 = performance.now();
        const result = await importRoll(ds, keys, createReadStream(input));
        const seconds = (performance.now() - t0) / 1000;
        if (result.applied !== applied || result.unchanged !== ROWS - applied || result.refused !== 0)
          throw new Error(
            `${phase}: applied ${result.applied}, unchanged ${result.unchanged}, refused ${result.refused} of ${ROWS}`,
          );
        report(
          ratioFigure(
            {
              name: `roll-import.${phase}`,
              metric: 'rows_per_second',
              value: Math.round(ROWS / seconds),
              unit: 'rows/s',
              params: {
                ...params,
                seconds: Number(seconds.toFixed(2)),
                projectedSecondsFor1M: Math.round((1_000_000 / ROWS) * seconds),
              },
            },
            { name: 'roll-import.plain-copy', value: Math.round(copyRate) },
          ),
        );
      }
    } finally {
      await pg.end();
      await ds.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
