/**
 * The notifications app queues a Kafka batch of events together (issue 13): one query per step
 * for the whole run (what is queued already, the requests' sealed rows, the elections named, one
 * INSERT per queue) instead of one per event. Submissions pile up while the app is stopped, then
 * arrive as whole batches when it starts: every voter gets exactly one request-received mail (and
 * a text when they opted in), a replay of a submission under a new event id queues nothing, and
 * an event about a request nobody made is parked alone. Real Postgres and Kafka, the gateway and
 * the notifications app as processes.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS } from '@uocava/contracts';
import { KafkaJsBus, TOPICS_WITH_DLQ, toWire } from '@uocava/messaging';
import {
  countingStatements,
  createOffice,
  eventually,
  fpcaRequest,
  gatewayClient,
  ownerDatabaseUrl,
  submittedEvent,
  numberedPerson,
  MAHONING_RESIDENCE,
  type Person,
} from '@uocava/testing';
import { DataSource } from 'typeorm';
import { dataSourceOptions, KeyRing, scopeToTenant } from '@uocava/database';
import type { RunHandler } from '@uocava/messaging';
import { NotificationsWorker } from '../apps/notifications/src/notifications.worker';
import { startProcessStack, type ProcessStack } from './harness/processes';

jest.setTimeout(600_000);

const person = (n: number): Person => numberedPerson(n, 'Notice', 300000);

const mahoningOffice = () =>
  createOffice({
    prefix: 'nbatch',
    roles: ['clerk'],
    name: 'Mahoning County',
    state: 'OH',
    county: 'Mahoning',
    settings: { applicationDeadlineDaysBefore: 0 },
  });

describe('notifications: a Kafka batch of events queued together', () => {
  let stack: ProcessStack | undefined;
  let db: Client;
  let bus: KafkaJsBus;

  beforeAll(async () => {
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    bus = new KafkaJsBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'notifications-batch-test',
    });
    await bus.ensureTopics(TOPICS_WITH_DLQ);
  });

  afterAll(async () => {
    await stack?.stop();
    await bus?.disconnect();
    await db?.end();
  });

  it('queues one mail per voter, texts for those who opted in, nothing for a replay, parks the unknown request', async () => {
    const office = await mahoningOffice();
    const j = office.jurisdictionId;
    stack = await startProcessStack(['gateway', 'notifications'], { startTimeoutMs: 240_000 });
    await stack.stopApp('notifications');
    const http = gatewayClient(stack.baseUrl);

    const voters = Array.from({ length: 30 }, (_, n) => person(n));
    const texting = new Set([3, 11, 19, 27]);
    const requestIds: string[] = [];
    for (const [n, p] of voters.entries()) {
      const body = fpcaRequest(j, p, MAHONING_RESIDENCE);
      if (texting.has(n)) body.contact = { ...body.contact, mobile: `+49151000000${10 + n}`, smsOptIn: true };
      const res = await http.submit(body);
      if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
      requestIds.push(((await res.json()) as { requestId: string }).requestId);
      // a submission of a request nobody made, in the middle of the backlog
      if (n === 12) await bus.publish(TOPICS.requests, [toWire(submittedEvent(j, randomUUID()))]);
    }
    // the gateway's relay has published every submission before the app starts: whole batches
    await eventually(
      async () => {
        const r = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox WHERE jurisdiction_id = $1 AND published_at IS NOT NULL
              AND event_type = 'uocava.request.submitted.v1'`,
          [j],
        );
        return r.rows[0].n === voters.length ? true : undefined;
      },
      60_000,
      'every submission published',
    );
    // the first voter's submission again under a new event id (a producer's retry): the same meaning
    const again = submittedEvent(j, requestIds[0]);
    await bus.publish(TOPICS.requests, [toWire(again)]);
    await stack.startApp('notifications');

    const mails = await eventually(
      async () => {
        const r = await db.query<{ request_id: string; kind: string; created_at: Date }>(
          `SELECT request_id::text AS request_id, kind, created_at FROM mail_queue WHERE jurisdiction_id = $1`,
          [j],
        );
        return r.rows.length >= voters.length ? r.rows : undefined;
      },
      120_000,
      'every voter mailed',
    );
    const texts = await eventually(
      async () => {
        const r = await db.query<{ request_id: string; kind: string }>(
          `SELECT request_id::text AS request_id, kind FROM sms_queue WHERE jurisdiction_id = $1`,
          [j],
        );
        return r.rows.length >= texting.size ? r.rows : undefined;
      },
      60_000,
      'every texting voter texted',
    );
    // the unknown request's submission: parked, nothing else held back
    const parked = await eventually(
      async () => {
        const r = await db.query<{ reason: string }>(
          `SELECT reason FROM message_quarantine WHERE jurisdiction_id = $1`,
          [j],
        );
        return r.rows.length > 0 ? r.rows : undefined;
      },
      60_000,
      'the unknown request parked',
    );
    expect(parked).toEqual([{ reason: 'unknown-request' }]);
    // the replay has been consumed (its inbox row) before the counts are read
    await eventually(
      async () => {
        const r = await db.query(
          `SELECT 1 FROM inbox WHERE event_id = $1 AND consumer LIKE '%notifications'`,
          [again.id],
        );
        return r.rows.length > 0 ? true : undefined;
      },
      60_000,
      'the replay consumed',
    );
    const after = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mail_queue WHERE jurisdiction_id = $1`,
      [j],
    );
    expect(after.rows[0].n).toBe(voters.length);
    expect(mails.map((m) => m.request_id).sort()).toEqual([...requestIds].sort());
    expect(new Set(mails.map((m) => m.kind))).toEqual(new Set(['request-received']));
    expect(texts.map((t) => t.request_id).sort()).toEqual(requestIds.filter((_, n) => texting.has(n)).sort());

    // queued in runs (a run is one transaction: its mails share its start time); queued one by
    // one there would be one time per mail. 12 partitions, and the run holding the unknown
    // request applied in three parts
    expect(new Set(mails.map((m) => m.created_at.getTime())).size).toBeLessThanOrEqual(15);
  });
  it('queues a run in the same number of statements, whatever its length', async () => {
    const office = await mahoningOffice();
    const j = office.jurisdictionId;
    stack ??= await startProcessStack(['gateway', 'notifications'], { startTimeoutMs: 240_000 });
    await stack.stopApp('notifications');
    const http = gatewayClient(stack.baseUrl);
    const requestIds: string[] = [];
    for (let n = 0; n < 16; n++) {
      const body = fpcaRequest(j, person(400 + n), MAHONING_RESIDENCE);
      if (n % 4 === 0) body.contact = { ...body.contact, mobile: `+49151000001${10 + n}`, smsOptIn: true };
      const res = await http.submit(body);
      if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
      requestIds.push(((await res.json()) as { requestId: string }).requestId);
    }
    // the worker's run handler in this process, on the app role, its statements counted
    const ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 2 }),
    ).initialize();
    try {
      const keyRing = new KeyRing(ds, process.env.MASTER_KEY);
      await keyRing.forJurisdiction(j); // the key is read once per process, not per run
      const runHandler = (
        new NotificationsWorker(keyRing) as unknown as { runHandler(): RunHandler }
      ).runHandler();
      const statementsFor = (ids: string[]): Promise<number> =>
        ds.transaction(async (tx) => {
          await scopeToTenant(tx, j);
          const counted = countingStatements(tx);
          await runHandler(
            ids.map((id) => submittedEvent(j, id)),
            counted.tx,
          );
          return counted.count();
        });
      const few = await statementsFor(requestIds.slice(0, 4));
      const many = await statementsFor(requestIds.slice(4));
      // queued already, texts on (one voter in four opted in), mails, one NOTIFY per queue
      expect({ few, many }).toEqual({ few: 7, many: 7 });
      const queued = await db.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM mail_queue WHERE jurisdiction_id = $1)::int
              + (SELECT count(*) FROM sms_queue WHERE jurisdiction_id = $1)::int AS n`,
        [j],
      );
      expect(queued.rows[0].n).toBe(16 + 4);
      // the same events again: one look-up per queue, the rows of the voters without a text (they
      // may have opted in since), and nothing queued
      expect(await statementsFor(requestIds)).toBe(3);
      expect((await db.query(`SELECT 1 FROM mail_queue WHERE jurisdiction_id = $1`, [j])).rows).toHaveLength(
        16,
      );
    } finally {
      await ds.destroy();
    }
  });
});
