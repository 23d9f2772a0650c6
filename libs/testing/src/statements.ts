import type { EntityManager } from 'typeorm';

/**
 * The transaction `tx` as a run handler sees it, counting the statements it is given: for tests
 * that check a run costs the same number of queries whatever its length.
 */
export function countingStatements(tx: EntityManager): { tx: EntityManager; count(): number } {
  let statements = 0;
  const counted = new Proxy(tx, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
      return (sql: string, params?: unknown[]) => {
        statements++;
        return target.query(sql, params);
      };
    },
  });
  return { tx: counted, count: () => statements };
}
