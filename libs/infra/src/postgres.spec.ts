import { assertDatabaseName, devAppRole, redactUrl, testDatabaseName } from './postgres';
import { devRoot } from './postgres-embedded';

describe('postgres helpers', () => {
  it('accepts plain identifiers and rejects anything else', () => {
    expect(() => assertDatabaseName('uocava')).not.toThrow();
    expect(() => assertDatabaseName('uocava_test_1_ab')).not.toThrow();
    for (const bad of ['', 'Uocava', '1abc', 'a-b', 'a"b', 'a b', 'x'.repeat(64)]) {
      expect(() => assertDatabaseName(bad)).toThrow(/invalid database name/);
    }
  });

  it('names test databases uniquely and validly', () => {
    const a = testDatabaseName();
    const b = testDatabaseName();
    expect(a).not.toBe(b);
    expect(() => assertDatabaseName(a)).not.toThrow();
    expect(a.startsWith(`uocava_test_${process.pid}_`)).toBe(true);
  });

  it('masks passwords in URLs for logs', () => {
    expect(redactUrl('postgres://app:s3cret@db:5432/uocava')).toBe('postgres://app:***@db:5432/uocava');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432/postgres')).toBe(
      'postgres://postgres@127.0.0.1:5432/postgres',
    );
  });
});

describe('a dev stack of its own (UOCAVA_STACK_ID)', () => {
  const saved = process.env.UOCAVA_STACK_ID;
  afterEach(() => {
    if (saved === undefined) delete process.env.UOCAVA_STACK_ID;
    else process.env.UOCAVA_STACK_ID = saved;
  });

  it('gives each stack its own login role and embedded data directory, as root too', () => {
    process.env.UOCAVA_STACK_ID = 'aaaa11112222';
    const a = { role: devAppRole(), root: devRoot(true), user: devRoot(false) };
    process.env.UOCAVA_STACK_ID = 'bbbb33334444';
    const b = { role: devAppRole(), root: devRoot(true), user: devRoot(false) };
    expect(a.role).toBe('uocava_dev_aaaa11112222_app');
    expect(b.role).toBe('uocava_dev_bbbb33334444_app');
    expect(a.root).toBe('/var/tmp/uocava/aaaa11112222/postgres-dev');
    expect(b.root).not.toBe(a.root);
    expect(b.user).not.toBe(a.user);
    delete process.env.UOCAVA_STACK_ID;
    expect(devAppRole()).toBe('uocava_dev_app'); // without a stack id: as before
    process.env.UOCAVA_STACK_ID = '../etc';
    expect(() => devAppRole()).toThrow(/UOCAVA_STACK_ID/);
  });
});
