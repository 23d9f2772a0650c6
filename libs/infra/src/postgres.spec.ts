import { assertDatabaseName, redactUrl, testDatabaseName } from './postgres';

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
