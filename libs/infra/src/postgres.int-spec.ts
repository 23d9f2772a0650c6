import { Client } from 'pg';
import { canConnect, ensurePostgres, PostgresHandle } from './postgres';

async function query(url: string, sql: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as unknown[];
  } finally {
    await client.end();
  }
}

/** Uses DATABASE_URL (set by the integration global setup) or whatever ensurePostgres finds. */
describe('ensurePostgres (real server)', () => {
  const handles: PostgresHandle[] = [];
  afterAll(async () => {
    for (const h of handles) {
      await h.dropDatabase().catch(() => undefined);
      await h.stop();
    }
  });

  it('gives every test run a fresh database of its own and drops it', async () => {
    const a = await ensurePostgres({ purpose: 'test', log: () => undefined });
    handles.push(a);
    const b = await ensurePostgres({ purpose: 'test', log: () => undefined });
    handles.push(b);
    expect(a.databaseName).toMatch(/^uocava_test_\d+_[0-9a-f]{8}$/);
    expect(a.databaseName).not.toBe(b.databaseName);

    await query(a.url, 'CREATE TABLE only_in_a (id int)');
    const inA = await query(a.url, "SELECT 1 FROM pg_tables WHERE tablename = 'only_in_a'");
    const inB = await query(b.url, "SELECT 1 FROM pg_tables WHERE tablename = 'only_in_a'");
    expect(inA).toHaveLength(1);
    expect(inB).toHaveLength(0);

    // each gets its own app login role: a member of uocava_app with no privileged attribute
    expect(a.appRole).toBe(`${a.databaseName}_app`);
    expect(a.appRole).not.toBe(b.appRole);
    const [role] = (await query(
      a.appUrl,
      `SELECT current_user AS name, r.rolsuper, r.rolbypassrls, r.rolcreaterole, r.rolcreatedb,
              pg_has_role(current_user, 'uocava_app', 'MEMBER') AS member
         FROM pg_roles r WHERE r.rolname = current_user`,
    )) as Array<Record<string, unknown>>;
    expect(role).toEqual({
      name: a.appRole,
      rolsuper: false,
      rolbypassrls: false,
      rolcreaterole: false,
      rolcreatedb: false,
      member: true,
    });

    await a.dropDatabase();
    expect(await canConnect(a.url)).toBe(false);
    expect(await canConnect(b.url)).toBe(true);
    // the run's login role went with its database
    const left = await query(b.url, `SELECT 1 FROM pg_roles WHERE rolname = '${a.appRole}'`);
    expect(left).toHaveLength(0);
  }, 120000);

  it('creates a named database once and reuses it', async () => {
    const name = `uocava_test_named_${process.pid}`;
    const first = await ensurePostgres({ purpose: 'test', databaseName: name, log: () => undefined });
    handles.push(first);
    await query(first.url, 'CREATE TABLE kept (id int)');
    const second = await ensurePostgres({ purpose: 'test', databaseName: name, log: () => undefined });
    expect(second.databaseName).toBe(name);
    expect(await query(second.url, "SELECT 1 FROM pg_tables WHERE tablename = 'kept'")).toHaveLength(1);
  }, 120000);

  it('refuses database names that are not plain identifiers', async () => {
    await expect(
      ensurePostgres({
        purpose: 'test',
        databaseName: 'x"; DROP DATABASE postgres; --',
        log: () => undefined,
      }),
    ).rejects.toThrow(/invalid database name/);
  });
});
