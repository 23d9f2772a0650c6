/**
 * The row-level security migration on a database that already holds data (an installation that
 * upgrades): it goes down and up again, backfills the handle directory from the existing keys,
 * tracking codes and ballots, and leaves the group role in place. A fresh database of its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ensurePostgres, type PostgresHandle } from '@uocava/infra';
import { dataSourceOptions, findTenant, runMigrations, tenantHandle } from './data-source';
import { MIGRATIONS } from './migrations';
import { DataSource } from 'typeorm';

describe('migration 1700000006000-RowLevelSecurity on existing data', () => {
  let pg: PostgresHandle;
  let owner: Client;

  beforeAll(async () => {
    pg = await ensurePostgres({ purpose: 'test', log: () => undefined });
    await runMigrations({ url: pg.url });
    owner = new Client({ connectionString: pg.url });
    await owner.connect();
  }, 60_000);

  afterAll(async () => {
    await owner?.end();
    await pg?.dropDatabase();
    await pg?.stop();
  });

  it('goes down and up again, backfilling the directory, and keeps the role', async () => {
    const j = `mig-${randomBytes(3).toString('hex')}`;
    const keyHash = randomBytes(32);
    const requestId = randomUUID();
    const ballotId = randomUUID();
    const electionId = randomUUID();
    const trackingCode = `T${randomBytes(6).toString('hex').toUpperCase()}`;

    const ds = await new DataSource(dataSourceOptions({ url: pg.url, poolSize: 1 })).initialize();
    try {
      // back to before row-level security (and every migration after it)
      const last = async () =>
        (
          (await ds.query(`SELECT name FROM schema_migrations ORDER BY id DESC LIMIT 1`)) as Array<{
            name: string;
          }>
        )[0].name;
      while ((await last()) !== 'OfficeOperations1700000005000')
        await ds.undoLastMigration({ transaction: 'each' });
      const tables = await owner.query(`SELECT to_regclass('tenant_directory') AS t, count(*)::int AS policies
                                          FROM pg_policy`);
      expect(tables.rows[0]).toEqual({ t: null, policies: 0 });

      // data written the old way, by one role that did everything
      await owner.query(`INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'M', 'OH')`, [
        j,
      ]);
      await owner.query(
        `INSERT INTO api_keys (key_id, jurisdiction_id, role, key_hash) VALUES ($1, $2, 'clerk', $3)`,
        [randomUUID(), j, keyHash],
      );
      await owner.query(
        `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
           mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, received_at, updated_at)
         VALUES ($1, $2, $3, 'verified', 'active-duty', 'mail', 'DE', false, 2026, 'json', 'v', 'h', 'd', '\\x00', now(), now())`,
        [requestId, j, trackingCode],
      );
      await owner.query(
        `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition)
         VALUES ($1, $2, 'E', '2026-11-03', 'general', true, '{}')`,
        [electionId, j],
      );
      await owner.query(
        `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
           page_count, paper_size, download_token_hash, generated_at)
         VALUES ($1, $2, $3, $4, 's', 'generated', $5, 1, 'letter', 'x', now())`,
        [ballotId, j, requestId, electionId, '0'.repeat(64)],
      );

      const ran = await ds.runMigrations({ transaction: 'each' });
      const names = MIGRATIONS.map((m) => new m().name);
      expect(ran.map((m) => m.name)).toEqual(names.slice(names.indexOf('RowLevelSecurity1700000006000')));
    } finally {
      await ds.destroy();
    }

    // the existing handles lead to their jurisdiction, for the apps' role
    const app = new Client({ connectionString: pg.appUrl });
    await app.connect();
    try {
      const db = { query: async (sql: string, params?: unknown[]) => (await app.query(sql, params)).rows };
      expect(await findTenant(db, 'api-key', keyHash)).toBe(j);
      expect(await findTenant(db, 'tracking-code', tenantHandle(trackingCode))).toBe(j);
      expect(await findTenant(db, 'ballot', tenantHandle(ballotId))).toBe(j);
      expect(await findTenant(db, 'ballot', tenantHandle(randomUUID()))).toBeUndefined();
      // and the rows themselves only inside the jurisdiction's scope
      expect((await app.query(`SELECT 1 FROM ballots WHERE ballot_id = $1`, [ballotId])).rows).toEqual([]);
      await app.query('BEGIN');
      await app.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [j]);
      expect((await app.query(`SELECT 1 FROM ballots WHERE ballot_id = $1`, [ballotId])).rows).toHaveLength(
        1,
      );
      await app.query('ROLLBACK');
    } finally {
      await app.end();
    }
    const role = await owner.query(`SELECT rolcanlogin FROM pg_roles WHERE rolname = 'uocava_app'`);
    expect(role.rows).toEqual([{ rolcanlogin: false }]);
  }, 60_000);
});
