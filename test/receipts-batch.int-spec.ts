/**
 * The receipts app takes a Kafka batch as one log append per jurisdiction (issue 13): lifecycle
 * events already on the topic when the app starts arrive as large batches; every good event is
 * logged once (per-message idempotency: a redelivered event id and the same step under a new id
 * add nothing), a step of a request that does not exist is parked alone, and the others all get
 * receipts. Real Postgres and Kafka; the receipts app as its own process.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import { dataSourceOptions } from '@uocava/database';
import { KafkaJsBus, TOPICS_WITH_DLQ, newEvent, toWire, type CloudEvent } from '@uocava/messaging';
import { createOffice, eventually, ownerDatabaseUrl, submittedEvent } from '@uocava/testing';
import { verifier } from '@uocava/transparency';
import { startProcessStack, type ProcessStack } from './harness/processes';

interface StepRow {
  event_id: string;
  request_id: string;
  event_type: string;
  leaf_index: string;
  receipt: unknown;
}

const verified = (jurisdictionId: string, requestId: string): CloudEvent =>
  newEvent(
    'uocava.request.verified.v1',
    { requestId, jurisdictionId, decidedBy: 'automatic', decidedAt: new Date().toISOString() },
    'urn:test',
  );

(process.env.DATABASE_URL === undefined ? describe.skip : describe)(
  'receipts: a Kafka batch is one log append per jurisdiction (real Postgres and Kafka)',
  () => {
    let stack: ProcessStack | undefined;
    let owner: DataSource;
    let bus: KafkaJsBus;
    beforeAll(async () => {
      owner = await new DataSource(dataSourceOptions({ url: ownerDatabaseUrl(), poolSize: 2 })).initialize();
      bus = new KafkaJsBus({
        brokers: process.env.KAFKA_BROKERS!.split(','),
        clientId: 'receipts-batch-test',
      });
      await bus.ensureTopics(TOPICS_WITH_DLQ);
    });
    afterAll(async () => {
      await stack?.stop();
      await bus?.disconnect();
      await owner?.destroy();
    });

    it('logs a batch with one append, parks the step of an unknown request alone and receipts the others', async () => {
      const offices = await Promise.all(
        ['bta', 'btb'].map((prefix) =>
          createOffice({ prefix, roles: [], name: `${prefix} County`, county: prefix }),
        ),
      );
      const requests = new Map<string, string[]>();
      for (const { jurisdictionId: j } of offices) {
        const ids = Array.from({ length: 40 }, () => randomUUID());
        requests.set(j, ids);
        for (const id of ids)
          await owner.query(
            `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
               mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, received_at, updated_at)
             VALUES ($1, $2, $3, 'verified', 'active-duty', 'mail', 'DE', false, 2026, 'json', $4, 'h', 'd', '\\x00', now(), now())`,
            [id, j, `T${randomBytes(6).toString('hex')}`, randomBytes(16).toString('hex')],
          );
      }
      const [a, b] = offices.map((o) => o.jurisdictionId);
      const unknownRequest = randomUUID();
      const events: CloudEvent[] = [];
      for (const j of [a, b])
        for (const [n, id] of (requests.get(j) ?? []).entries()) {
          events.push(submittedEvent(j, id));
          // the step of a request nobody submitted, in the middle of jurisdiction a's batch
          if (j === a && n === 20) events.push(submittedEvent(a, unknownRequest));
          events.push(verified(j, id));
        }
      const firstOfA = events[0];
      // the very event again (redelivery) and the same step under a new event id: nothing more is logged
      const again = [firstOfA, { ...firstOfA, id: randomUUID() }];
      await bus.publish(TOPICS.requests, [...events, ...again].map(toWire));

      // the app starts with every message already on the topic: its fetches are whole batches
      stack = await startProcessStack(['receipts'], { env: { RECEIPTS_CHECKPOINT_EVERY_MS: '200' } });

      const expected = 80; // per jurisdiction: 40 requests, submitted and verified
      const rowsOf = async (j: string): Promise<StepRow[]> =>
        owner.query(
          `SELECT event_id, request_id, event_type, leaf_index, receipt FROM tracking_steps
            WHERE jurisdiction_id = $1 ORDER BY leaf_index`,
          [j],
        );
      for (const j of [a, b]) {
        const rows = await eventually(
          async () => {
            const r = await rowsOf(j);
            return r.length >= expected && r.every((x) => x.receipt !== null) ? r : undefined;
          },
          90000,
          `receipts of ${j}`,
        );
        expect(rows).toHaveLength(expected);
        expect(rows.map((r) => Number(r.leaf_index))).toEqual(Array.from({ length: expected }, (_, i) => i));
        // each request's steps in delivery order
        for (const id of requests.get(j) ?? []) {
          expect(rows.filter((r) => r.request_id === id).map((r) => r.event_type)).toEqual([
            'uocava.request.submitted.v1',
            'uocava.request.verified.v1',
          ]);
        }
        const keys = (
          (await owner.query(`SELECT verifier_key FROM transparency_log_keys WHERE jurisdiction_id = $1`, [
            j,
          ])) as Array<{ verifier_key: string }>
        ).map((k) => {
          const parsed = verifier.parseVerifierKey(k.verifier_key);
          if (!parsed.ok) throw new Error(parsed.reason);
          return parsed.value;
        });
        for (const row of rows) {
          const v = verifier.verifyReceipt(row.receipt, keys);
          expect(v.ok).toBe(true);
          if (v.ok) expect(v.value.entry.eventId).toBe(row.event_id);
        }
        const [{ size }] = (await owner.query(
          `SELECT tree_size::int AS size FROM transparency_log_heads WHERE jurisdiction_id = $1`,
          [j],
        )) as Array<{ size: number }>;
        expect(size).toBe(expected);
        // entries appended in one transaction share its start time: far fewer appends than entries
        const [{ appends }] = (await owner.query(
          `SELECT count(DISTINCT created_at)::int AS appends FROM transparency_log_entries WHERE jurisdiction_id = $1`,
          [j],
        )) as Array<{ appends: number }>;
        expect(appends).toBeLessThanOrEqual(expected / 4); // the old per-event path had ~10
      }
      // the step of the unknown request: parked, never logged
      const parked = (await owner.query(
        `SELECT reason, event_id FROM message_quarantine WHERE jurisdiction_id = $1`,
        [a],
      )) as Array<{ reason: string; event_id: string }>;
      expect(parked).toHaveLength(1);
      expect(parked[0].reason).toBe('unknown-request');
      const [{ n }] = (await owner.query(
        `SELECT count(*)::int AS n FROM tracking_steps WHERE request_id = $1`,
        [unknownRequest],
      )) as Array<{ n: number }>;
      expect(n).toBe(0);
    }, 240000);
  },
);
