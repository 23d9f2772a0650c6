/**
 * Benchmark harness types. `npm run bench [names...]` runs every `bench/*.bench.ts` (or the
 * named ones) and prints one JSON line per figure. A benchmark measures its own baseline in the
 * same run (raw kafkajs, raw pdf-lib, native crypto) and reports the ratio.
 */
export interface BenchFigure {
  /** benchmark name, e.g. `messaging.outbox-to-consumer` */
  name: string;
  /** what was measured, e.g. `events_per_second` */
  metric: string;
  value: number;
  unit: string;
  /** the same-run baseline this figure is compared with */
  baseline?: { name: string; value: number };
  /** value / baseline.value */
  ratio?: number;
  /** free-form parameters (counts, sizes) */
  params?: Record<string, unknown>;
}

export interface BenchEnv {
  /**
   * Postgres URL of a fresh, migrated database for this run, as the apps' login role (row-level
   * security applies, as in production). Only when the bench asks for infra.
   */
  databaseUrl?: string;
  /** The same database as the owner of the tables (bulk seeding, ANALYZE). */
  ownerDatabaseUrl?: string;
  /** comma-separated Kafka brokers (only when the bench asks for infra) */
  kafkaBrokers?: string;
}

export interface Benchmark {
  name: string;
  /** whether the harness must provide Postgres and Kafka */
  needs: Array<'postgres' | 'kafka'>;
  run(report: (figure: BenchFigure) => void, env: BenchEnv): Promise<void>;
}

export function ratioFigure(
  base: Omit<BenchFigure, 'baseline' | 'ratio'>,
  baseline: { name: string; value: number },
): BenchFigure {
  return { ...base, baseline, ratio: Number((base.value / baseline.value).toFixed(4)) };
}
