/**
 * A voter's timeline follows the transparency log's order when steps carry the same time (the
 * ballots app records "ready" and "sent" of an e-mailed ballot in one transaction): it used to
 * fall back to the random event id, so "sent" could come before "ready".
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { SqlExecutor } from '../data-source';
import { insertTrackingStep, requestSteps } from './tracking-steps';

// as the owner of the tables (below row-level security), as the other table tests do
const url = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;

describe('tracking steps (real Postgres)', () => {
  let pool: Pool;
  let db: SqlExecutor;

  beforeAll(() => {
    if (url === undefined) throw new Error('DATABASE_URL is not set (test/global-setup.ts sets it)');
    pool = new Pool({ connectionString: url, max: 2 });
    db = {
      query: async (sql, params) => (await pool.query(sql, params)).rows as Array<Record<string, unknown>>,
    };
  });
  afterAll(async () => {
    await pool.end();
  });

  it('orders steps by time, and steps of the same time by their place in the log, not by event id', async () => {
    const j = `steps-${randomUUID().slice(0, 8)}`;
    await pool.query(
      `INSERT INTO jurisdictions (jurisdiction_id, name, state) VALUES ($1, 'Steps test', 'OH')`,
      [j],
    );
    const requestId = randomUUID();
    const at = '2026-10-01T12:00:00.000Z';
    // event ids in the reverse of log order, so an order by event id gets it wrong
    const steps = [
      {
        eventType: 'uocava.request.submitted.v1',
        occurredAt: '2026-10-01T11:00:00.000Z',
        leafIndex: 40,
        eventId: 'ffffffff',
      },
      { eventType: 'uocava.ballot.generated.v1', occurredAt: at, leafIndex: 41, eventId: 'eeeeeeee' },
      { eventType: 'uocava.ballot.transmitted.v1', occurredAt: at, leafIndex: 42, eventId: 'dddddddd' },
      { eventType: 'uocava.receipt.issued.v1', occurredAt: at, leafIndex: 43, eventId: 'cccccccc' },
    ];
    for (const s of [...steps].reverse())
      await insertTrackingStep(db, {
        eventId: `${s.eventId}-0000-4000-8000-000000000000`,
        jurisdictionId: j,
        requestId,
        ballotId: null,
        eventType: s.eventType,
        occurredAt: s.occurredAt,
        leafIndex: s.leafIndex,
      });
    const read = await requestSteps(db, j, requestId);
    expect(read.map((r) => r.event_type)).toEqual(steps.map((s) => s.eventType));
  });
});
