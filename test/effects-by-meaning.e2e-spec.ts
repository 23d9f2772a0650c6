/**
 * Effects keyed by what an event means (issue 14): a real `request.submitted` sent again under a
 * new event id adds no log entry, no tracking step and no e-mail; a schema-valid event for a
 * request that does not exist is parked (reason unknown-request) with a clear log line, and
 * neither logged nor mailed. The apps run as processes against the run's Postgres and Kafka.
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { TOPICS } from '@uocava/contracts';
import { validFpcaExample } from '@uocava/domain';
import { KafkaJsBus, newEvent, toWire, type WireMessage } from '@uocava/messaging';
import {
  createOffice,
  eventually,
  gatewayClient,
  ownerDatabaseUrl,
  waitForConsumerGroup,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

describe('effects keyed by meaning, not by event id', () => {
  let stack: ProcessStack;
  let db: Client;
  let bus: KafkaJsBus;

  beforeAll(async () => {
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    bus = new KafkaJsBus({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'effects-test' });
    stack = await startProcessStack(['gateway', 'verification', 'receipts', 'notifications']);
    for (const app of ['receipts', 'notifications'])
      await waitForConsumerGroup(`${stack.consumerGroupPrefix}${app}`, [TOPICS.requests, TOPICS.ballots]);
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
    await bus?.disconnect();
    await db?.end();
  });

  const count = async (sql: string, params: unknown[]): Promise<number> =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM (${sql}) x`, params)).rows[0].n;

  const processedBy = (app: string, eventId: string) =>
    count(`SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2`, [
      `${stack.consumerGroupPrefix}${app}`,
      eventId,
    ]);

  it('a real request.submitted re-sent with a new event id adds nothing', async () => {
    const { jurisdictionId: j } = await createOffice({ prefix: 'eff', roles: [] });
    const voter = validFpcaExample();
    voter.jurisdictionId = j;
    const res = await gatewayClient(stack.baseUrl).submit(voter);
    expect(res.status).toBe(202);
    const { requestId } = (await res.json()) as { requestId: string };

    const original = await eventually(
      async () => {
        const rows = await db.query<{
          event_id: string;
          message_key: string;
          headers: Record<string, string>;
          payload: unknown;
        }>(
          `SELECT event_id, message_key, headers, payload FROM outbox
          WHERE jurisdiction_id = $1 AND event_type = 'uocava.request.submitted.v1' AND published_at IS NOT NULL`,
          [j],
        );
        return rows.rows[0];
      },
      60000,
      'the request.submitted event published',
    );
    const steps = `SELECT 1 FROM tracking_steps WHERE jurisdiction_id = $1 AND request_id = $2 AND event_type = 'uocava.request.submitted.v1'`;
    const mails = `SELECT 1 FROM mail_queue WHERE jurisdiction_id = $1 AND request_id = $2 AND kind = 'request-received'`;
    await eventually(
      async () => ((await count(steps, [j, requestId])) === 1 ? true : undefined),
      60000,
      'the step',
    );
    await eventually(
      async () => ((await count(mails, [j, requestId])) === 1 ? true : undefined),
      60000,
      'the mail',
    );
    // verification decides on the request too: its step is on the log before the size is taken
    await eventually(
      async () =>
        (await count(
          `SELECT 1 FROM tracking_steps WHERE jurisdiction_id = $1 AND request_id = $2
             AND event_type <> 'uocava.request.submitted.v1' AND receipt IS NOT NULL`,
          [j, requestId],
        )) >= 1
          ? true
          : undefined,
      60000,
      'the decision on the log',
    );
    const logSize = await count(`SELECT 1 FROM transparency_log_entries WHERE jurisdiction_id = $1`, [j]);

    // the same message, byte for byte, under a new event id (a copy, a replay, a faulty producer)
    const copyId = randomUUID();
    const copy: WireMessage = {
      key: original.message_key,
      value: Buffer.from(JSON.stringify(original.payload), 'utf8'),
      headers: { ...original.headers, ce_id: copyId },
    };
    await bus.publish(TOPICS.requests, [copy]);
    await eventually(
      async () =>
        (await processedBy('receipts', copyId)) === 1 && (await processedBy('notifications', copyId)) === 1
          ? true
          : undefined,
      60000,
      'the copy consumed by receipts and notifications',
    );
    expect(await count(steps, [j, requestId])).toBe(1);
    expect(await count(mails, [j, requestId])).toBe(1);
    expect(await count(`SELECT 1 FROM transparency_log_entries WHERE jurisdiction_id = $1`, [j])).toBe(
      logSize,
    );
    expect(await count(`SELECT 1 FROM tracking_steps WHERE event_id = $1`, [copyId])).toBe(0);
  }, 180000);

  it('a schema-valid event for a request that does not exist is parked, not logged or mailed', async () => {
    const { jurisdictionId: j } = await createOffice({ prefix: 'effu', roles: [] });
    const ghost = randomUUID();
    const event = newEvent(
      'uocava.request.submitted.v1',
      {
        requestId: ghost,
        jurisdictionId: j,
        voterClass: 'active-duty',
        ballotDelivery: 'email',
        mailingCountry: 'DE',
        militaryPost: false,
        source: 'json',
        coversYear: 2026,
        submittedAt: new Date().toISOString(),
      },
      'urn:forged',
    );
    await bus.publish(TOPICS.requests, [toWire(event)]);
    const parked = await eventually(
      async () => {
        const rows = await db.query<{
          consumer: string;
          reason: string;
          error: string;
          jurisdiction_id: string;
        }>(
          `SELECT consumer, reason, error, jurisdiction_id FROM message_quarantine WHERE event_id = $1 ORDER BY consumer`,
          [event.id],
        );
        return rows.rows.length >= 3 ? rows.rows : undefined;
      },
      60000,
      'the event parked by receipts, notifications and verification',
    );
    expect(parked.map((r) => r.consumer.slice(stack.consumerGroupPrefix.length))).toEqual([
      'notifications',
      'receipts',
      'verification',
    ]);
    for (const row of parked) {
      expect(row).toMatchObject({ reason: 'unknown-request', jurisdiction_id: j });
      expect(row.error).toContain(`request ${ghost}, which does not exist`);
    }
    expect(await count(`SELECT 1 FROM tracking_steps WHERE request_id = $1`, [ghost])).toBe(0);
    expect(await count(`SELECT 1 FROM mail_queue WHERE request_id = $1`, [ghost])).toBe(0);
    expect(await count(`SELECT 1 FROM transparency_log_entries WHERE jurisdiction_id = $1`, [j])).toBe(0);
    expect(stack.output('receipts')).toMatch(/parking .* \(unknown-request/);
  }, 120000);
});
