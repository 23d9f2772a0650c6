/**
 * The roll import's per-batch look-up of the voters already on the roll stays one index probe per
 * voter whatever the statistics: `state_voter_id = ANY(...)` on a roll never analyzed was planned
 * as a bitmap scan of the whole jurisdiction, filtered, once per batch of 2,000 (quadratic over a
 * million-row re-import).
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { SqlExecutor } from '../data-source';
import { STORED_ROLL_RECORDS_OF, storedRollRecordsOf } from './voter-roll';

// as the owner of the tables (below row-level security), as the other table tests do
const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

describe('voter roll look-ups (real Postgres)', () => {
  let pool: Pool;
  let db: SqlExecutor;
  const j = `roll-${randomUUID().slice(0, 8)}`;
  const voterId = (n: number) => `PLAN${String(n).padStart(6, '0')}`;

  beforeAll(async () => {
    if (url === undefined) throw new Error('DATABASE_URL is not set (test/global-setup.ts sets it)');
    pool = new Pool({ connectionString: url, max: 2 });
    db = {
      query: async (sql, params) => (await pool.query(sql, params)).rows as Array<Record<string, unknown>>,
    };
    await pool.query(
      `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Roll test', 'OH')`,
      [j],
    );
    // 20,000 voters (no sealing: the plan and the look-up are what is looked at)
    await pool.query(
      `INSERT INTO voter_roll (roll_record_id, jurisdiction_id, state_voter_id, last_name_key, dob_key, status,
         pii, record_hash, updated_at)
       SELECT gen_random_uuid(), $1, 'PLAN' || lpad(g::text, 6, '0'), md5(g::text), md5((g % 900)::text), 'active',
              '\\x00', CASE WHEN g % 2 = 0 THEN md5('r' || g) END, now()
       FROM generate_series(1, 20000) g`,
      [j],
    );
  });
  afterAll(async () => {
    await pool.end();
  });

  it('finds each voter of a batch by its id, and only those on the roll', async () => {
    const ids = [voterId(2), voterId(3), 'NOT-ON-ROLL', voterId(19_999)];
    const stored = await storedRollRecordsOf(db, j, ids);
    expect([...stored.keys()].sort()).toEqual([voterId(2), voterId(3), voterId(19_999)]);
    expect(stored.get(voterId(2))?.recordHash).toMatch(/^[0-9a-f]{32}$/);
    expect(stored.get(voterId(3))?.recordHash).toBeNull();
    expect(await storedRollRecordsOf(db, `${j}-other`, ids)).toEqual(new Map());
  });

  it('plans a batch as one index probe per voter, before and after ANALYZE', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => voterId(1 + i * 7));
    for (const when of ['never analyzed', 'after ANALYZE']) {
      if (when === 'after ANALYZE') await pool.query(`ANALYZE voter_roll`);
      const [{ 'QUERY PLAN': json }] = (
        await pool.query(`EXPLAIN (FORMAT JSON) ${STORED_ROLL_RECORDS_OF}`, [j, ids])
      ).rows as Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>;
      const shape: string[] = [];
      const walk = (n: PlanNode) => {
        if (n['Node Type'] !== 'Result')
          shape.push(`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`);
        for (const c of n.Plans ?? []) walk(c);
      };
      walk(json[0].Plan);
      expect({ when, shape }).toEqual({
        when,
        shape: [
          'Nested Loop',
          'Function Scan',
          'Limit',
          'Index Scan voter_roll_jurisdiction_id_state_voter_id_key',
        ],
      });
    }
  });
});
