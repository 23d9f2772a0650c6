/**
 * Failed queries are logged without their parameters or the values Postgres quotes: a tracking
 * code or an e-mail address in a failing statement must not reach the console, which the apps
 * route into their JSON logs. The apps' TypeORM configuration (dataSourceOptions) on the real
 * Postgres of the test run; whatever reaches the console or stderr is captured.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source';

describe('failed queries in the logs', () => {
  let ds: DataSource;
  const lines: string[] = [];
  let restore: () => void;

  beforeAll(async () => {
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_OWNER_URL!, poolSize: 1 }),
    ).initialize();
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    // and whatever reaches the console (TypeORM's own loggers print there)
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) =>
      jest
        .spyOn(console, m)
        .mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' '))),
    );
    restore = () => {
      process.stderr.write = write;
      for (const spy of spies) spy.mockRestore();
    };
  });

  afterAll(async () => {
    restore?.();
    await ds?.destroy();
  });

  const logged = () => lines.filter((l) => l.includes('[database] query failed'));

  it('a data exception: the code and the statement, not the value it quotes', async () => {
    lines.length = 0;
    await expect(ds.query(`SELECT $1::uuid AS id`, ['TRK-SECRET-7Q2X'])).rejects.toThrow(/TRK-SECRET-7Q2X/);
    const [line] = logged();
    expect(logged()).toHaveLength(1);
    expect(line).toContain('(22P02)');
    expect(line).toContain('statement: SELECT $1::uuid AS id');
    expect(lines.join('')).not.toContain('TRK-SECRET-7Q2X');
  });

  it('a unique violation: the constraint, not the key or the parameters', async () => {
    lines.length = 0;
    await ds.transaction(async (tx) => {
      await tx.query(`CREATE TEMP TABLE qlog_people (email text UNIQUE) ON COMMIT DROP`);
      await tx.query(`INSERT INTO qlog_people VALUES ($1)`, ['jane.doe@example.org']);
      await tx.query(`SAVEPOINT again`);
      await expect(
        tx.query(`INSERT INTO qlog_people VALUES ($1)`, ['jane.doe@example.org']),
      ).rejects.toThrow();
      await tx.query(`ROLLBACK TO SAVEPOINT again`);
    });
    const [line] = logged();
    expect(line).toContain('(23505, constraint qlog_people_email_key, table qlog_people)');
    expect(lines.join('')).not.toContain('jane.doe@example.org');
  });
});
