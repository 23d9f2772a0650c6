/**
 * One ballot request through every service, over HTTP and real Kafka: gateway -> verification ->
 * ballots -> receipts (and notifications), seen through the public tracking endpoint.
 */
import { Kafka } from 'kafkajs';
import { kafkaClientConfig } from '@uocava/messaging';
import { validFpcaExample } from '@uocava/domain';
import { TOPICS } from '@uocava/contracts';
import { createOffice, EXAMPLE_PRECINCT, eventually, gatewayClient } from '@uocava/testing';
import { startProcessStack, type ProcessAppName, type ProcessStack } from './harness/processes';

const APPS: ProcessAppName[] = ['gateway', 'verification', 'ballots', 'receipts', 'notifications'];

describe('walking skeleton: one request through every service', () => {
  let stack: ProcessStack;
  let jurisdictionId: string;
  let clerkKey: string;
  const seen: Array<{ type: string; key: string; headers: Record<string, string>; body: string }> = [];
  let stopSpy: () => Promise<void>;

  beforeAll(async () => {
    const office = await createOffice({ prefix: 'e2e' });
    jurisdictionId = office.jurisdictionId;
    clerkKey = office.keys.clerk!;
    // an integrator's consumer, reading the public topics
    const kafka = new Kafka(kafkaClientConfig({ clientId: 'e2e-spy', extra: { logLevel: 1 } }));
    stack = await startProcessStack(APPS);
    const consumer = kafka.consumer({ groupId: `spy-${jurisdictionId}` });
    await consumer.connect();
    await consumer.subscribe({
      topics: [TOPICS.requests, TOPICS.ballots, TOPICS.receipts],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        if (headers.ce_jurisdiction !== jurisdictionId) return;
        seen.push({ type: headers.ce_type, key: String(message.key), headers, body: String(message.value) });
      },
    });
    stopSpy = () => consumer.disconnect();
  }, 180000);

  afterAll(async () => {
    await stopSpy?.();
    await stack?.stop();
  });

  const http = () => gatewayClient(stack.baseUrl);

  it('every app reports healthy database and Kafka connections', async () => {
    for (const app of APPS) {
      const res = await fetch(`${stack.url(app)}/health`);
      const body = (await res.json()) as {
        status: string;
        database: { ok: boolean };
        kafka: { ok: boolean };
      };
      expect(res.status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', database: { ok: true }, kafka: { ok: true } });
    }
  });

  it('serves its OpenAPI document', async () => {
    const res = await fetch(`${stack.baseUrl}/api/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/ballot-requests', '/api/v1/tracking/{trackingCode}', '/health']),
    );
  });

  it('takes a request over HTTP and shows every step on the tracking endpoint', async () => {
    const created = await http().defineElection(clerkKey);
    expect(created.status === 201 ? 201 : await created.text()).toBe(201);

    const voter = validFpcaExample();
    voter.jurisdictionId = jurisdictionId;
    const roll = await http().importRoll(clerkKey, [
      {
        state_voter_id: 'OH0001',
        first_name: 'Jane',
        middle_name: 'A',
        last_name: 'Doe',
        date_of_birth: voter.dateOfBirth,
        drivers_license: 'AA999888',
        residence_street: '3818 Belmont Ave',
        residence_city: 'Youngstown',
        residence_state: 'OH',
        residence_zip: '44505',
        county: 'Mahoning',
        precinct: EXAMPLE_PRECINCT,
        status: 'active',
      },
    ]);
    expect(roll.status).toBe(200);
    expect(await roll.json()).toMatchObject({ applied: 1, refused: 0 });

    const res = await http().submit(voter);
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { requestId: string; trackingCode: string; status: string };
    expect(accepted.status).toBe('received');

    const wanted = [
      'uocava.request.submitted.v1',
      'uocava.request.verified.v1',
      'uocava.ballot.generated.v1',
      'uocava.ballot.transmitted.v1',
    ];
    const tracking = await eventually(
      async () => {
        const body = await http().track(accepted.trackingCode);
        const types = body.steps.map((s) => s.type);
        return wanted.every((t) => types.includes(t)) ? body : undefined;
      },
      60000,
      'every step on the tracking page',
    );
    expect(tracking.status).toBe('verified');

    // the events on Kafka: CloudEvents binary mode, keyed by the request id, no personal data
    const mine = await eventually(
      async () => {
        const m = seen.filter((e) => e.key === accepted.requestId);
        return wanted.every((t) => m.some((e) => e.type === t)) ? m : undefined;
      },
      30000,
      'the events on Kafka',
    );
    for (const e of mine) {
      expect(e.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_subject: accepted.requestId,
        'content-type': 'application/json',
      });
      for (const personal of [
        'Jane',
        'Doe',
        'Belmont',
        'AA999888',
        voter.dateOfBirth,
        'jane.doe@example.org',
      ]) {
        expect(e.body).not.toContain(personal);
      }
    }

    // resubmitting the same request is idempotent: no second request or ballot, and the answer does
    // not give the tracking code to whoever sent it (it is e-mailed to the address on file)
    const again = await http().submit(voter);
    expect(again.status).toBe(200);
    const answer = (await again.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ duplicate: true, status: 'duplicate' });
    expect(JSON.stringify(answer)).not.toContain(accepted.trackingCode);
  });
});
