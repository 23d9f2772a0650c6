/**
 * The roll's batched look-ups stay one index probe per look-up whatever the statistics. The
 * import's (voters already on the roll, per batch of 2,000) was planned, never analyzed, as a
 * bitmap scan of the whole jurisdiction filtered by the array: quadratic over a million-row
 * re-import. The verification worker's (candidates by keyed date of birth and last name, per run)
 * was a hash join over the whole jurisdiction's roll, before and after ANALYZE.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { SqlExecutor } from '../data-source';
import {
  ROLL_CANDIDATES_OF,
  rollCandidatesOf,
  STORED_ROLL_RECORDS_OF,
  storedRollRecordsOf,
} from './voter-roll';

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

  it('finds the candidates of each look-up by keyed date of birth and last name, by state voter id', async () => {
    const md5 = (s: string) => createHash('md5').update(s).digest('hex');
    // voters 5, 905 and 1805 share the date-of-birth key md5('5'); each has its own last-name key
    const found = await rollCandidatesOf(db, j, [
      { dobKey: md5('5'), lastNameKeys: [md5('1805'), md5('5'), md5('905'), md5('6')] },
      { dobKey: md5('6'), lastNameKeys: [md5('5')] },
      { dobKey: md5('7'), lastNameKeys: [md5('7'), md5('7')] },
    ]);
    const ids = new Map(
      (
        await pool.query(`SELECT roll_record_id, state_voter_id FROM voter_roll WHERE jurisdiction_id = $1`, [
          j,
        ])
      ).rows.map((r: { roll_record_id: string; state_voter_id: string }) => [
        r.roll_record_id,
        r.state_voter_id,
      ]),
    );
    expect(found.map((list) => list.map((c) => ids.get(c.rollRecordId)))).toEqual([
      [voterId(5), voterId(905), voterId(1805)],
      [],
      [voterId(7)],
    ]);
  });

  const planOf = async (statement: string, params: unknown[]): Promise<string[]> => {
    const [{ 'QUERY PLAN': json }] = (await pool.query(`EXPLAIN (FORMAT JSON) ${statement}`, params))
      .rows as Array<{
      'QUERY PLAN': Array<{ Plan: PlanNode }>;
    }>;
    const shape: string[] = [];
    const walk = (n: PlanNode) => {
      // projections and the row-level-security test are not what is looked at
      if (n['Node Type'] !== 'Result' && n['Node Type'] !== 'Subquery Scan')
        shape.push(`${n['Node Type']}${n['Index Name'] ? ` ${n['Index Name']}` : ''}`);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(json[0].Plan);
    return shape;
  };

  it('plans each batched look-up as one index probe per look-up, before and after ANALYZE', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => voterId(1 + i * 7));
    const lookups = Array.from({ length: 128 }, (_, i) => i);
    for (const when of ['never analyzed', 'after ANALYZE']) {
      if (when === 'after ANALYZE') await pool.query(`ANALYZE voter_roll`);
      expect({ when, shape: await planOf(STORED_ROLL_RECORDS_OF, [j, ids]) }).toEqual({
        when,
        shape: [
          'Nested Loop',
          'Function Scan',
          'Limit',
          'Index Scan voter_roll_jurisdiction_id_state_voter_id_key',
        ],
      });
      const candidates = await planOf(ROLL_CANDIDATES_OF, [
        j,
        lookups,
        lookups.map((i) => `dob-${i}`),
        lookups.map((i) => `last-${i}`),
      ]);
      expect({ when, shape: candidates }).toEqual({
        when,
        shape: ['Unique', 'Sort', 'Nested Loop', 'Function Scan', 'Index Scan voter_roll_lookup'],
      });
    }
  });
});
