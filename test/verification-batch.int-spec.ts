/**
 * The verification app decides a Kafka batch of submissions together (issue 13): one query per
 * step for the whole run (the requests, the roll records they can match, the decisions, their
 * events) instead of one per request. Requests pile up while the app is stopped, then arrive as
 * whole batches when it starts: every voter on the roll is verified against their own record,
 * the others go to review for their own reason, a submission of a request nobody made is parked
 * alone, and each request gets exactly one decision event. Real Postgres and Kafka, the gateway
 * and the verification app as processes.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS } from '@uocava/contracts';
import { KafkaJsBus, TOPICS_WITH_DLQ, toWire } from '@uocava/messaging';
import {
  createOffice,
  eventually,
  fpcaRequest,
  gatewayClient,
  ownerDatabaseUrl,
  rollRowOf,
  submittedEvent,
  numberedPerson,
  MAHONING_RESIDENCE,
  type Person,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

jest.setTimeout(600_000);

const person = (n: number): Person => numberedPerson(n, 'Batch', 100000);

describe('verification: a Kafka batch of submissions decided together', () => {
  let stack: ProcessStack | undefined;
  let db: Client;
  let bus: KafkaJsBus;

  beforeAll(async () => {
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    bus = new KafkaJsBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'verification-batch-test',
    });
    await bus.ensureTopics(TOPICS_WITH_DLQ);
  });

  afterAll(async () => {
    await stack?.stop();
    await bus?.disconnect();
    await db?.end();
  });

  it('verifies the voters on the roll, reviews the others, parks the unknown request alone', async () => {
    const office = await createOffice({
      prefix: 'vbatch',
      roles: ['clerk'],
      name: 'Mahoning County',
      state: 'OH',
      county: 'Mahoning',
      settings: { applicationDeadlineDaysBefore: 0 },
    });
    const j = office.jurisdictionId;
    stack = await startProcessStack(['gateway', 'verification'], { startTimeoutMs: 240_000 });
    await stack.stopApp('verification');
    const http = gatewayClient(stack.baseUrl);

    // 24 voters on the roll; 4 more who are not; 3 on the roll whose licence does not match theirs
    const onRoll = Array.from({ length: 24 }, (_, n) => person(n));
    const notOnRoll = Array.from({ length: 4 }, (_, n) => person(100 + n));
    const mismatched = Array.from({ length: 3 }, (_, n) => person(200 + n));
    const roll = await http.importRoll(office.keys.clerk!, [
      ...onRoll.map((p, n) => rollRowOf(p, MAHONING_RESIDENCE, `VB-${n}`)),
      ...mismatched.map((p, n) =>
        rollRowOf({ ...p, driversLicense: `OH${900000 + n}` }, MAHONING_RESIDENCE, `VB-M${n}`),
      ),
    ]);
    expect(roll.status).toBe(200);
    const tracking = new Map<Person, string>();
    const everyone = [...onRoll, ...notOnRoll, ...mismatched];
    for (const [n, p] of everyone.entries()) {
      const res = await http.submit(fpcaRequest(j, p, MAHONING_RESIDENCE));
      if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
      tracking.set(p, ((await res.json()) as { trackingCode: string }).trackingCode);
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
        return r.rows[0].n === everyone.length ? true : undefined;
      },
      60_000,
      'every submission published',
    );
    await stack.startApp('verification');

    const decided = await eventually(
      async () => {
        const r = await db.query<{
          tracking_code: string;
          status: string;
          reasons: string[];
          roll_record_id: string | null;
          state_voter_id: string | null;
        }>(
          `SELECT r.tracking_code, r.status, r.reasons, r.roll_record_id, v.state_voter_id
             FROM ballot_requests r LEFT JOIN voter_roll v ON v.roll_record_id = r.roll_record_id
            WHERE r.jurisdiction_id = $1`,
          [j],
        );
        return r.rows.length === everyone.length && r.rows.every((x) => x.status !== 'received')
          ? new Map(r.rows.map((x) => [x.tracking_code, x]))
          : undefined;
      },
      120_000,
      'every request decided',
    );
    for (const [n, p] of onRoll.entries()) {
      const row = decided.get(tracking.get(p)!)!;
      expect([row.status, row.state_voter_id, row.reasons]).toEqual(['verified', `VB-${n}`, []]);
    }
    for (const p of notOnRoll) {
      const row = decided.get(tracking.get(p)!)!;
      expect([row.status, row.roll_record_id, row.reasons]).toEqual(['needs-review', null, ['not-on-roll']]);
    }
    for (const p of mismatched) {
      const row = decided.get(tracking.get(p)!)!;
      expect([row.status, row.roll_record_id]).toEqual(['needs-review', null]);
      expect(row.reasons).toContain('roll-id-mismatch');
    }

    // decided in runs (a run is one transaction: its decisions share its start time); decided one
    // by one there would be one time per request. 12 partitions, and the run holding the unknown
    // request applied in three parts
    const runs = await db.query<{ n: number }>(
      `SELECT count(DISTINCT updated_at)::int AS n FROM ballot_requests WHERE jurisdiction_id = $1`,
      [j],
    );
    expect(runs.rows[0].n).toBeLessThanOrEqual(15);

    // one decision event per request, of the decision taken
    const events = await db.query<{ event_type: string; n: number }>(
      `SELECT event_type, count(*)::int AS n, count(DISTINCT payload->>'requestId')::int AS requests
         FROM outbox WHERE jurisdiction_id = $1 AND event_type <> 'uocava.request.submitted.v1'
        GROUP BY event_type ORDER BY event_type`,
      [j],
    );
    expect(events.rows).toEqual([
      { event_type: 'uocava.request.needs-review.v1', n: 7, requests: 7 },
      { event_type: 'uocava.request.verified.v1', n: 24, requests: 24 },
    ]);
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
  });
});
