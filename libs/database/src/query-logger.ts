import type { Logger } from 'typeorm';

/**
 * TypeORM's logger for the apps: a failed query is one error line (the Postgres error code, the
 * constraint, table and column it names, its message and the statement's text) and never its
 * parameters, which hold what the apps write and look up (tracking codes, keyed hashes, sealed
 * records, e-mail addresses): TypeORM's default console logger printed them after
 * `-- PARAMETERS:`, and the apps' console goes to their JSON logs, where `msg` is not redacted.
 * The line goes to `console.error`, so in an app it is a JSON log event like any other.
 */
export class QueryErrorLogger implements Logger {
  constructor(private readonly write: (line: string) => void = (line) => console.error(line)) {}

  logQueryError(error: string | Error, query: string): void {
    const e: { message: string; code?: unknown; constraint?: unknown; table?: unknown; column?: unknown } =
      typeof error === 'string' ? { message: error } : error;
    const code = typeof e.code === 'string' ? e.code : undefined;
    const names = (['constraint', 'table', 'column'] as const).flatMap((k) =>
      typeof e[k] === 'string' ? [`${k} ${e[k]}`] : [],
    );
    // a data exception's message quotes the value (`invalid input syntax for type uuid: "…"`);
    // the error's detail (the row, the key) is never logged
    const message = code?.startsWith('22')
      ? 'a data exception (its message quotes the value: withheld)'
      : e.message;
    this.write(
      `[database] query failed${code ? ` (${[code, ...names].join(', ')})` : ''}: ${message}; ` +
        // the statement's text only: its parameters are the data
        `statement: ${query.replace(/\s+/g, ' ').slice(0, 500)}`,
    );
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.write(`[database] ${String(message)}`);
  }

  logQuery(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
}
