/**
 * The roll import's upsert applies its rows in chunks (one INSERT ... ON CONFLICT per chunk, the
 * next batches read meanwhile): the later row of a voter wins whether the earlier one is in the
 * same chunk or an earlier one, each voter is counted once, and a failure after chunks were
 * applied leaves the roll as it was. Real Postgres, as the apps' role (row-level security on).
 */
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, withTenant } from '../data-source';
import { rollStageLine } from './voter-roll-stage';
import { insertRollRecord, upsertRoll, type RollRow, type StagedRollLine } from './voter-roll';

const line = (
  stateVoterId: string,
  precinct: string,
  rollRecordId: string = randomUUID(),
): StagedRollLine => ({
  stateVoterId,
  line: rollStageLine({
    rollRecordId,
    stateVoterId,
    lastNameKey: 'k'.repeat(64),
    dobKey: 'd'.repeat(64),
    driversLicenseHash: null,
    ssn4Hash: null,
    precinct,
    party: null,
    status: 'active',
    pii: Buffer.from([1, 2, 3]),
    recordHash: null,
  } satisfies RollRow),
});

async function* batchesOf(...batches: StagedRollLine[][]): AsyncGenerator<StagedRollLine[]> {
  for (const b of batches) yield b;
}

// what the first test's import leaves: the later row of each voter
const afterFirstImport = [
  { id: 'A', precinct: 'a-3' },
  { id: 'B', precinct: 'b-2' },
  { id: 'C', precinct: 'c-1' },
  { id: 'D', precinct: 'd-1' },
];

describe('upsertRoll in chunks (real Postgres)', () => {
  let ds: DataSource;
  const j = `upsert-${randomUUID().slice(0, 8)}`;

  const roll = () =>
    withTenant(ds, j, (tx) =>
      tx.query(
        `SELECT state_voter_id AS id, precinct FROM voter_roll WHERE jurisdiction_id = $1 ORDER BY 1`,
        [j],
      ),
    ) as Promise<Array<{ id: string; precinct: string }>>;

  beforeAll(async () => {
    const owner = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_OWNER_URL!, poolSize: 1 }),
    ).initialize();
    await owner.query(
      `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Upsert', 'OH')`,
      [j],
    );
    await owner.destroy();
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 2 }),
    ).initialize();
  });
  afterAll(() => ds?.destroy());

  it('lets the later row of a voter win within a chunk and across chunks, counting each voter once', async () => {
    // chunks of 3 rows: [A, B, A] [C, B, D] [A]
    const applied = await upsertRoll(
      ds,
      j,
      batchesOf(
        [line('A', 'a-1'), line('B', 'b-1'), line('A', 'a-2')],
        [line('C', 'c-1'), line('B', 'b-2')],
        [line('D', 'd-1')],
        [line('A', 'a-3')],
      ),
      3,
    );
    expect(applied).toBe(4);
    expect(await roll()).toEqual(afterFirstImport);
  });

  it('applies nothing when the batches fail after chunks were applied', async () => {
    async function* failing(): AsyncGenerator<StagedRollLine[]> {
      yield [line('A', 'a-9'), line('E', 'e-1'), line('F', 'f-1')];
      yield [line('G', 'g-1'), line('H', 'h-1'), line('I', 'i-1')];
      throw new Error('the file could not be read to its end');
    }
    await expect(upsertRoll(ds, j, failing(), 2)).rejects.toThrow(/read to its end/);
    expect(await roll()).toEqual(afterFirstImport);
  });

  it('runs two imports of one roll one after the other (in opposite orders they could deadlock)', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
    // chunks of one row: each import locks its first voter, then (without the import lock) would
    // wait for the other's first voter while the other waits for its own
    async function* import1(): AsyncGenerator<StagedRollLine[]> {
      yield [line('X', 'x-1')];
      await pause();
      yield [line('Y', 'y-1')];
    }
    async function* import2(): AsyncGenerator<StagedRollLine[]> {
      yield [line('Y', 'y-2')];
      await pause();
      yield [line('X', 'x-2')];
    }
    const first = upsertRoll(ds, j, import1(), 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = upsertRoll(ds, j, import2(), 1);
    expect(await Promise.all([first, second])).toEqual([2, 2]);
    // the second import ran after the first: its rows won
    expect((await roll()).filter((r) => ['X', 'Y'].includes(r.id))).toEqual([
      { id: 'X', precinct: 'x-2' },
      { id: 'Y', precinct: 'y-2' },
    ]);
  });

  it('stores a voter under the roll record id of the row that won (its data is sealed under that id)', async () => {
    const ids = async () =>
      new Map(
        (
          (await withTenant(ds, j, (tx) =>
            tx.query(`SELECT state_voter_id, roll_record_id FROM voter_roll WHERE jurisdiction_id = $1`, [j]),
          )) as Array<{ state_voter_id: string; roll_record_id: string }>
        ).map((r) => [r.state_voter_id, r.roll_record_id]),
      );
    const stored = (await ids()).get('A')!;
    // a voter new to the roll twice in the file, in two chunks: each row has its own new id (the
    // import seals each row under its id), so the stored row must take the later row's id; a voter
    // already on the roll keeps its id (the import gives each of its rows that id)
    const [first, later] = [randomUUID(), randomUUID()];
    const applied = await upsertRoll(
      ds,
      j,
      batchesOf([line('N', 'n-1', first), line('A', 'a-4', stored)], [line('N', 'n-2', later)]),
      2,
    );
    expect(applied).toBe(2);
    const after = await ids();
    expect(after.get('N')).toBe(later);
    expect(after.get('A')).toBe(stored);
    expect((await roll()).find((r) => r.id === 'N')).toEqual({ id: 'N', precinct: 'n-2' });
  });

  it('adds no record alone while an import runs; an import waits for one being added', async () => {
    const alone = (stateVoterId: string): RollRow => ({
      rollRecordId: randomUUID(),
      stateVoterId,
      lastNameKey: 'k'.repeat(64),
      dobKey: 'd'.repeat(64),
      driversLicenseHash: null,
      ssn4Hash: null,
      precinct: 'alone',
      party: null,
      status: 'active',
      pii: Buffer.from([4, 5, 6]),
    });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    async function* slow(): AsyncGenerator<StagedRollLine[]> {
      started();
      yield [line('P', 'p-1')];
      await held;
    }
    const importing = upsertRoll(ds, j, slow(), 1);
    await running;
    // the import looked its voters up before: a record added now could be overwritten under another id
    expect(await withTenant(ds, j, (tx) => insertRollRecord(tx, j, alone('Q')))).toBe('importing');
    release();
    expect(await importing).toBe(1);
    expect(await withTenant(ds, j, (tx) => insertRollRecord(tx, j, alone('Q')))).toBe('inserted');
    expect(await withTenant(ds, j, (tx) => insertRollRecord(tx, j, alone('Q')))).toBe('on-roll');

    // a record being added holds the import back until its transaction ends
    let commit!: () => void;
    const adding = withTenant(ds, j, async (tx) => {
      const added = await insertRollRecord(tx, j, alone('R'));
      await new Promise<void>((resolve) => (commit = resolve));
      return added;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    let imported = false;
    const after = upsertRoll(ds, j, batchesOf([line('S', 's-1')]), 1).then((n) => ((imported = true), n));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(imported).toBe(false);
    commit();
    expect(await adding).toBe('inserted');
    expect(await after).toBe(1);
  });

  it('applies an import of no rows as nothing', async () => {
    expect(await upsertRoll(ds, j, batchesOf([]), 3)).toBe(0);
    expect(await roll()).toHaveLength(11);
  });
});
