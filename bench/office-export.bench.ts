/**
 * EAVS Section B export of 100,000 UOCAVA transactions through the office's reports service (the
 * same code as `GET /api/v1/office/elections/{id}/reports/eavs-section-b.csv`, without HTTP): one
 * query of requests and ballots, the pure row mapping, CSV text. Baseline in the same run: the bare
 * SELECT of the same rows (what the database alone costs). Both as the apps' role, under row-level
 * security; only the seeding runs as the owner.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, withTenant } from '@uocava/database';
import type { ElectionSettings } from '@uocava/domain';
import type { OfficePrincipal } from '../apps/gateway/src/common/office-auth';
import { ReportsService } from '../apps/gateway/src/reports/reports.service';
import { Clock } from '../apps/gateway/src/common/clock';
import { ratioFigure, type Benchmark } from './harness';

const N = Number(process.env.BENCH_OFFICE_EXPORT_ROWS ?? 100_000);

const bench: Benchmark = {
  name: 'office-export',
  needs: ['postgres'],
  async run(report, env) {
    // seeded in bulk as the owner; exported as the apps' role, under row-level security
    const owner = await new DataSource(
      dataSourceOptions({ url: env.ownerDatabaseUrl!, poolSize: 1 }),
    ).initialize();
    const ds = await new DataSource(dataSourceOptions({ url: env.databaseUrl!, poolSize: 2 })).initialize();
    try {
      const jurisdictionId = `bench-${randomBytes(3).toString('hex')}`;
      await owner.query(
        `INSERT INTO jurisdictions (jurisdiction_id, name, state, county) VALUES ($1, 'Bench County', 'OH', 'Bench')`,
        [jurisdictionId],
      );
      const electionId = randomUUID();
      const settings: ElectionSettings = {
        electionDate: '2026-11-03',
        type: 'general',
        federalOffices: true,
        returnRule: { kind: 'received-by', deadline: '2026-11-03T19:30:00-05:00' },
      };
      await owner.query(
        `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition, settings)
         VALUES ($1, $2, 'General Election 2026', '2026-11-03', 'general', true, '{}', $3)`,
        [electionId, jurisdictionId, settings],
      );
      const seedStart = process.hrtime.bigint();
      // one multi-row INSERT per table from generate_series: every 4th ballot returned, every 10th rejected
      await owner.query(
        `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
           mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, received_at, updated_at)
         SELECT gen_random_uuid(), $1, $1 || '-' || i, 'verified',
                (ARRAY['active-duty','citizen-abroad-intent-to-return','active-duty-spouse-or-dependent'])[1 + i % 3],
                (ARRAY['email','mail','fax','online'])[1 + i % 4], 'DE', false, 2026, 'json', md5(i::text), 'h', 'd',
                '\\x00', timestamptz '2026-08-01T00:00:00Z' + (i % 60) * interval '1 day', now()
         FROM generate_series(1, $2::int) AS i`,
        [jurisdictionId, N],
      );
      await owner.query(
        `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
           page_count, paper_size, download_token_hash, generated_at, transmitted_at, transmit_method, returned_at,
           return_method, return_timely, decision_reasons)
         SELECT gen_random_uuid(), r.jurisdiction_id, r.request_id, $2, 'style-1',
                CASE WHEN n % 10 = 0 THEN 'rejected' WHEN n % 4 = 0 THEN 'returned' ELSE 'transmitted' END,
                repeat('0', 64), 4, 'letter', md5(r.request_id::text), r.received_at, r.received_at + interval '1 day',
                r.ballot_delivery,
                CASE WHEN n % 4 = 0 OR n % 10 = 0 THEN timestamptz '2026-10-20T12:00:00Z' END,
                CASE WHEN n % 4 = 0 OR n % 10 = 0 THEN 'mail' END,
                CASE WHEN n % 4 = 0 OR n % 10 = 0 THEN true END,
                CASE WHEN n % 10 = 0 THEN '["missing-voter-signature"]'::jsonb END
         FROM (SELECT *, row_number() OVER (ORDER BY request_id) AS n FROM ballot_requests WHERE jurisdiction_id = $1) r`,
        [jurisdictionId, electionId],
      );
      await owner.query(`ANALYZE ballot_requests; ANALYZE ballots`);
      const seedSeconds = Number(process.hrtime.bigint() - seedStart) / 1e9;

      const principal: OfficePrincipal = { keyId: randomUUID(), jurisdictionId, role: 'auditor' };
      const ops = new ReportsService(new Clock(), ds);

      // warm-up, then the measured runs (best of 3)
      await ops.eavsSectionB(principal, electionId);
      let best = Infinity;
      let bytes = 0;
      for (let i = 0; i < 3; i++) {
        const t = process.hrtime.bigint();
        const { csv } = await ops.eavsSectionB(principal, electionId);
        best = Math.min(best, Number(process.hrtime.bigint() - t) / 1e6);
        bytes = csv.length;
      }
      let bestSelect = Infinity;
      for (let i = 0; i < 3; i++) {
        const t = process.hrtime.bigint();
        await withTenant(ds, jurisdictionId, (tx) =>
          tx.query(
            `SELECT r.request_id, r.status, r.voter_class, r.ballot_delivery, r.mailing_country, r.voter_key, r.received_at,
                  b.status, b.transmitted_at, b.transmit_method, b.returned_at, b.return_method, b.return_timely,
                  b.decision_reasons
           FROM ballot_requests r LEFT JOIN ballots b ON b.request_id = r.request_id AND b.election_id = $2
           WHERE r.jurisdiction_id = $1 AND r.covers_year = 2026 ORDER BY r.received_at, r.request_id`,
            [jurisdictionId, electionId],
          ),
        );
        bestSelect = Math.min(bestSelect, Number(process.hrtime.bigint() - t) / 1e6);
      }
      report(
        ratioFigure(
          {
            name: 'office-export.eavs-section-b',
            metric: 'export_ms',
            value: Math.round(best),
            unit: 'ms',
            params: { transactions: N, csvBytes: bytes, seedSeconds: Number(seedSeconds.toFixed(1)) },
          },
          { name: 'bare SELECT of the same rows (same run)', value: Math.round(bestSelect) },
        ),
      );
    } finally {
      await ds.destroy();
      await owner.destroy();
    }
  },
};

export default bench;
