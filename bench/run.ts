/**
 * `npm run bench [name...]`: runs the benchmarks in bench/*.bench.ts (all, or those whose name
 * contains one of the arguments) and prints one JSON line per figure on stdout. Benchmarks that
 * need Postgres and Kafka get a fresh database and a throw-away broker, as the tests do.
 */
import { readdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureKafka, ensurePostgres, type KafkaHandle, type PostgresHandle } from '@uocava/infra';
import { runMigrations } from '@uocava/database';
import type { BenchEnv, BenchFigure, Benchmark } from './harness';

async function main(filters: string[]): Promise<void> {
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.tsx'))
    .sort();
  const benches: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(join(__dirname, file))) as { default: Benchmark };
    if (filters.length === 0 || filters.some((f) => mod.default.name.includes(f) || file.includes(f)))
      benches.push(mod.default);
  }
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  process.stderr.write(`[bench] ${benches.map((b) => b.name).join(', ')} on ${JSON.stringify(machine)}\n`);
  const env: BenchEnv = {};
  let postgres: PostgresHandle | undefined;
  let kafka: KafkaHandle | undefined;
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  try {
    if (benches.some((b) => b.needs.includes('postgres'))) {
      postgres = await ensurePostgres({ purpose: 'test', log });
      await runMigrations({ url: postgres.url });
      env.databaseUrl = postgres.appUrl;
      env.ownerDatabaseUrl = postgres.url;
      process.env.MASTER_KEY ??= randomBytes(32).toString('base64');
    }
    if (benches.some((b) => b.needs.includes('kafka'))) {
      kafka = await ensureKafka({ purpose: 'test', log });
      env.kafkaBrokers = kafka.brokers.join(',');
    }
    for (const bench of benches) {
      const started = Date.now();
      await bench.run(
        (figure: BenchFigure) => process.stdout.write(`${JSON.stringify({ ...figure, machine })}\n`),
        env,
      );
      log(`${bench.name} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await kafka?.stop();
    await postgres?.dropDatabase().catch(() => undefined);
    await postgres?.stop();
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
