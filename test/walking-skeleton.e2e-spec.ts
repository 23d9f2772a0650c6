/**
 * One ballot request through every service, over HTTP and real Kafka: gateway -> verification ->
 * ballots -> receipts (and notifications), seen through the public tracking endpoint.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { validFpcaExample } from '@uocava/domain';
import { TOPICS } from '@uocava/contracts';
import { eventually, startStack, type Stack } from '@uocava/testing';
import { createApiKey, createJurisdiction } from '../apps/cli/src/commands/office';

/** NIST's example ballot definition, moved to an election day of this year. */
function definitionOn(date: string): unknown {
  const text = readFileSync(
    `${__dirname}/../libs/contracts/src/standards/nist-1500-20-ballot-definition/example_physical_ballot_def_1.json`,
    'utf8',
  );
  const def = JSON.parse(text) as { Election: Array<{ StartDate: string; EndDate: string }> };
  def.Election[0].StartDate = date;
  def.Election[0].EndDate = date;
  return def;
}

function electionDateThisYear(): string {
  const now = new Date();
  const in30 = new Date(now.getTime() + 30 * 86400000);
  const endOfYear = new Date(Date.UTC(now.getUTCFullYear(), 11, 31));
  return (in30 < endOfYear ? in30 : endOfYear).toISOString().slice(0, 10);
}

describe('walking skeleton: one request through every service', () => {
  let stack: Stack;
  const jurisdictionId = `e2e-${randomBytes(3).toString('hex')}`;
  let clerkKey: string;
  const seen: Array<{ type: string; key: string; headers: Record<string, string>; body: string }> = [];
  let stopSpy: () => Promise<void>;

  beforeAll(async () => {
    await createJurisdiction({
      id: jurisdictionId,
      name: 'Mahoning County',
      state: 'OH',
      county: 'Mahoning',
    });
    clerkKey = (await createApiKey(jurisdictionId, 'clerk')).key;
    // an integrator's consumer, reading the public topics
    const kafka = new Kafka({
      clientId: 'e2e-spy',
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: 1,
    });
    stack = await startStack();
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
  });

  afterAll(async () => {
    await stopSpy?.();
    await stack?.stop();
  });

  const office = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.baseUrl}/api/v1/office${path}`, {
      ...init,
      headers: { authorization: `Bearer ${clerkKey}`, ...(init.headers ?? {}) },
    });

  it('every app reports healthy database and Kafka connections', async () => {
    for (const app of Object.values(stack.apps)) {
      const address = app!.getHttpServer().address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${address.port}/health`);
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
    const electionDate = electionDateThisYear();
    const created = await office('/elections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        definition: definitionOn(electionDate),
        settings: {
          electionDate,
          type: 'general',
          federalOffices: true,
          returnRule: {
            kind: 'postmarked-by-election-day',
            electionDate,
            receiveWithinDays: 10,
            utcOffset: '-05:00',
          },
        },
      }),
    });
    expect(created.status === 201 ? 201 : await created.text()).toBe(201);

    const voter = validFpcaExample();
    voter.jurisdictionId = jurisdictionId;
    const csv =
      'state_voter_id,first_name,middle_name,last_name,suffix,date_of_birth,drivers_license,ssn4,residence_street,' +
      'residence_city,residence_state,residence_zip,county,precinct,party,status\n' +
      `OH0001,Jane,A,Doe,,${voter.dateOfBirth},AA999888,,3818 Belmont Ave,Youngstown,OH,44505,Mahoning,gpu-p-001-BRA,,active\n`;
    const roll = await office('/voter-roll', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(roll.status).toBe(200);
    expect(await roll.json()).toMatchObject({ applied: 1, refused: 0 });

    const res = await fetch(`${stack.baseUrl}/api/v1/ballot-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(voter),
    });
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
        const r = await fetch(`${stack.baseUrl}/api/v1/tracking/${accepted.trackingCode}`);
        const body = (await r.json()) as { status: string; steps: Array<{ type: string }> };
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

    // resubmitting the same request is idempotent: the same tracking code, no second ballot
    const again = await fetch(`${stack.baseUrl}/api/v1/ballot-requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(voter),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ trackingCode: accepted.trackingCode, duplicate: true });
  });
});
