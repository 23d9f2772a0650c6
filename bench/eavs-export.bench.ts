/**
 * EAVS Section B export, pure part: 100,000 UOCAVA transactions -> rows -> RFC 4180 CSV text.
 * Baseline, same run and same data: a plain `fields.join(',')` per row (no escaping, no
 * validation, no mapping). The DB-backed export is measured elsewhere.
 */
import { performance } from 'perf_hooks';
import {
  EAVS_SECTION_B_FIELDS,
  eavsSectionBCsv,
  eavsSectionBRow,
  type BallotRejectionType,
  type EsbBallotMethod,
  type IsoDate,
  type UocavaTransaction,
} from '@uocava/domain';
import { ratioFigure, type Benchmark } from './harness';

const COUNT = 100_000;
const RUNS = 5;

/** Deterministic pseudo-random transactions (no personal data; fixed seed). */
export function transactions(count: number): UocavaTransaction[] {
  let seed = 0x2f6b1d;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const methods: Array<Exclude<EsbBallotMethod, 'other'>> = ['email', 'fax', 'mail', 'online'];
  const reasons: BallotRejectionType[] = [
    'not-timely',
    'missing-voter-signature',
    'postmark',
    'undeliverable',
  ];
  const countries = ['Germany', 'Japan', 'Korea, Republic of', 'United Kingdom', 'Mexico', 'Canada'];
  const day = (offset: number): IsoDate =>
    new Date(Date.UTC(2026, 5, 1) + offset * 86_400_000).toISOString().slice(0, 10) as IsoDate;
  const out: UocavaTransaction[] = [];
  for (let i = 0; i < count; i++) {
    const returned = next(10) < 7;
    const rejected = returned && next(10) < 1;
    out.push({
      transactionId: `tx-${i.toString(36)}`,
      voterUniqueId: `v-${(i * 7919).toString(36)}`,
      request: {
        method: { method: 'online' },
        date: day(next(90)),
        status: 'accepted',
        type: next(20) === 0 ? 'fwab' : 'fpca',
      },
      transmission: { date: day(90 + next(20)), method: { method: methods[next(4)] }, ballotType: 'full' },
      return: returned
        ? { receivedDate: day(110 + next(40)), method: { method: next(2) === 0 ? 'mail' : 'fax' } }
        : undefined,
      rejection: rejected
        ? {
            reasons: next(5) === 0 ? [reasons[next(4)], 'other'] : [reasons[next(4)]],
            other: 'envelope "damaged", unreadable',
          }
        : undefined,
      election: { date: '2026-11-03' as IsoDate, name: 'General Election, November 3, 2026' },
      jurisdiction: { id: '36047', idType: 'fips', name: 'Kings County', state: 'New York' },
      voterMailingCountry: countries[next(countries.length)],
      voterType: next(2) === 0 ? 'overseas-citizen' : 'overseas-military',
    });
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const bench: Benchmark = {
  name: 'domain.eavs-export',
  needs: [],
  async run(report) {
    const txs = transactions(COUNT);
    const fields = EAVS_SECTION_B_FIELDS;
    // The baseline's input: the same cell values, already in field order.
    const plain = txs.map((t) => {
      const r = eavsSectionBRow(t);
      return fields.map((f) => r[f]);
    });
    let bytes = 0;
    const exportMs: number[] = [];
    const baselineMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      let t0 = performance.now();
      const csv = eavsSectionBCsv(txs.map(eavsSectionBRow));
      exportMs.push(performance.now() - t0);
      bytes = csv.length;
      t0 = performance.now();
      const lines = plain.map((r) => r.join(','));
      const text = fields.join(',') + '\n' + lines.join('\n') + '\n';
      baselineMs.push(performance.now() - t0);
      if (text.length === 0) throw new Error('unreachable');
    }
    const ms = Number(median(exportMs).toFixed(1));
    const base = Number(median(baselineMs).toFixed(1));
    const params = { transactions: COUNT, runs: RUNS, csv_chars: bytes, statistic: 'median' };
    report(
      ratioFigure(
        { name: 'domain.eavs-export.rows-and-csv', metric: 'export_ms', value: ms, unit: 'ms', params },
        { name: 'plain-join', value: base },
      ),
    );
    report({
      name: 'domain.eavs-export.rows-and-csv',
      metric: 'transactions_per_second',
      value: Math.round(COUNT / (ms / 1000)),
      unit: 'transactions/s',
      params,
    });
  },
};

export default bench;
