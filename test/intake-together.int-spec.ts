/**
 * Intake stores the requests of one office that arrive together in one transaction (issue 13):
 * in a surge the statements per request fall from eight to under one. The gateway's IntakeService
 * on the real Postgres (as the apps' role, row-level security on), its transactions counted: a
 * burst of submissions shares one transaction, a voter's second request in the burst is a
 * duplicate of the first (one request, a duplicate row, events in order), and a request that
 * fails in a shared transaction fails alone while the others are stored.
 */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, KeyRing } from '@uocava/database';
import { KafkaJsBus, OutboxRelay } from '@uocava/messaging';
import {
  createOffice,
  fpcaRequest,
  MAHONING_RESIDENCE,
  numberedPerson,
  ownerDatabaseUrl,
} from '@uocava/testing';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { IntakeService, type IntakeResult } from '../apps/gateway/src/intake/intake.service';
import { Clock } from '../apps/gateway/src/common/clock';

describe('intake: requests arriving together share a transaction', () => {
  let ds: DataSource;
  let db: Client;
  let bus: KafkaJsBus;
  let intake: IntakeService;
  let jurisdictionId: string;
  let transactions = 0;

  beforeAll(async () => {
    jurisdictionId = (await createOffice({ prefix: 'together' })).jurisdictionId;
    ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 4 }),
    ).initialize();
    const transaction = ds.transaction.bind(ds) as DataSource['transaction'];
    // every transaction the service opens, counted (the key ring's first read included)
    ds.transaction = ((...args: Parameters<DataSource['transaction']>) => {
      transactions++;
      return (transaction as (...a: unknown[]) => Promise<unknown>)(...args);
    }) as DataSource['transaction'];
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    bus = new KafkaJsBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'intake-together' });
    // the relay is not started here: notify() after a commit only wakes a running one
    intake = new IntakeService(
      new Clock(),
      ds,
      new KeyRing(ds, process.env.MASTER_KEY),
      new OutboxRelay(ds, bus),
    );
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.end();
    await bus?.disconnect();
  });

  const request = (n: number): BallotRequestInput =>
    fpcaRequest(jurisdictionId, numberedPerson(n, 'Together', 700000), MAHONING_RESIDENCE);

  const rowsOf = async (sql: string) =>
    (await db.query(sql, [jurisdictionId])).rows as Array<Record<string, unknown>>;

  it('stores a burst in one transaction; a voter twice in it is a duplicate of the first', async () => {
    // the first request loads the office's keys (then the office is known: no directory read)
    const first = await intake.submit(request(0), 'json');
    expect(first.duplicate).toBe(false);
    transactions = 0;
    const burst = [...Array.from({ length: 12 }, (_, k) => request(k + 1)), request(1), request(0)];
    const results = await Promise.all(burst.map((r) => intake.submit(r, 'json')));
    expect(transactions).toBe(1);
    const fresh = results.filter((r): r is Extract<IntakeResult, { duplicate: false }> => !r.duplicate);
    expect(fresh).toHaveLength(12);
    expect(new Set(fresh.map((r) => r.trackingCode)).size).toBe(12);
    expect(results.slice(12).map((r) => r.duplicate)).toEqual([true, true]);

    const requests = await rowsOf(`SELECT request_id FROM ballot_requests WHERE jurisdiction_id = $1`);
    expect(requests).toHaveLength(13);
    const voterOne = fresh[0].requestId;
    const duplicates = await rowsOf(
      `SELECT request_id::text, same_body FROM request_duplicates WHERE jurisdiction_id = $1 ORDER BY received_at`,
    );
    const voterZero = (first as Extract<IntakeResult, { duplicate: false }>).requestId;
    expect(duplicates.map((d) => d.request_id).sort()).toEqual([voterOne, voterZero].sort());
    expect(duplicates.every((d) => d.same_body === true)).toBe(true);
    // the events in the order of the calls: voter 1's duplicate after its submission
    const events = await rowsOf(
      `SELECT event_type, payload->>'requestId' AS request_id FROM outbox WHERE jurisdiction_id = $1 ORDER BY outbox_id`,
    );
    expect(events.map((e) => e.event_type)).toEqual([
      ...Array(13).fill('uocava.request.submitted.v1'),
      'uocava.request.duplicate.v1',
      'uocava.request.duplicate.v1',
    ]);
    expect(events.slice(13).map((e) => e.request_id)).toEqual([voterOne, voterZero]);
    expect(events.slice(1, 13).map((e) => e.request_id)).toEqual(fresh.map((r) => r.requestId));
  });

  it('a request that fails in the shared transaction fails alone; the others are stored', async () => {
    const bad = request(40);
    // passes the types, not the database: a mailing country is a two-letter code (char(2))
    bad.mailingAddress = { ...bad.mailingAddress, country: 'Germany' };
    const before = (await rowsOf(`SELECT 1 FROM ballot_requests WHERE jurisdiction_id = $1`)).length;
    const settled = await Promise.allSettled(
      [request(41), bad, request(42)].map((r) => intake.submit(r, 'json')),
    );
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await rowsOf(`SELECT 1 FROM ballot_requests WHERE jurisdiction_id = $1`)).length).toBe(
      before + 2,
    );
  });
});
