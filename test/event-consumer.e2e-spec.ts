/**
 * The events as an integrator reads them: examples/event-consumer (official CloudEvents SDK +
 * the schemas the gateway publishes where `ce_dataschema` points) accepts every event of a real
 * journey, and refuses a message whose data or attributes were changed. The `ce_dataschema` of
 * each real event is fetched as it is (the gateway's PUBLIC_URL is its host) and judges its data.
 */
import { Kafka } from 'kafkajs';
import { EVENT_CATALOG, EVENT_TYPES } from '@uocava/contracts';
import { kafkaClientConfig } from '@uocava/messaging';
import { createOffice, eventually, officeContext, type TestOffice } from '@uocava/testing';
import { checkMessage, PublishedSchemas, TOPICS, type RawMessage } from '../examples/event-consumer/consumer';
import { startProcessStack, type ProcessStack } from './harness/processes';

describe('events: the example consumer validates real events with the CloudEvents SDK and the published schemas', () => {
  let stack: ProcessStack;
  let office: TestOffice;
  const seen: RawMessage[] = [];
  let stopSpy: () => Promise<void>;

  beforeAll(async () => {
    const created = await createOffice({ prefix: 'evc' });
    const kafka = new Kafka(kafkaClientConfig({ clientId: 'e2e-example', extra: { logLevel: 1 } }));
    stack = await startProcessStack(['gateway', 'verification', 'receipts']);
    office = officeContext(stack.baseUrl, created);
    const consumer = kafka.consumer({ groupId: `example-${office.jurisdictionId}` });
    await consumer.connect();
    await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (String(message.headers?.ce_jurisdiction) !== office.jurisdictionId) return;
        seen.push({ key: message.key, value: message.value, headers: message.headers });
      },
    });
    stopSpy = () => consumer.disconnect();
  }, 180000);

  afterAll(async () => {
    await stopSpy?.();
    await stack?.stop();
  });

  it('the gateway serves every schema at the path of its ce_dataschema', async () => {
    const index = (await (await fetch(`${stack.baseUrl}/schemas/events`)).json()) as {
      items: Array<{ type: string; dataschema: string }>;
    };
    expect(index.items.map((i) => i.type)).toEqual(EVENT_TYPES);
    for (const type of EVENT_TYPES) {
      const url = `${stack.baseUrl}/schemas/events/${type}.json`;
      expect(index.items.find((i) => i.type === type)?.dataschema).toBe(url);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/schema\+json/);
      const { $schema, $id, ...schema } = (await res.json()) as Record<string, unknown>;
      expect($schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect($id).toBe(url);
      const { $id: _catalogId, ...catalog } = EVENT_CATALOG[type].schema as Record<string, unknown>;
      expect(schema).toEqual(catalog);
    }
    const unknown = await fetch(`${stack.baseUrl}/schemas/events/uocava.nothing.v1.json`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('accepts every event of a journey and refuses changed ones', async () => {
    expect((await office.defineElection()).status).toBe(201);
    expect((await office.submitFpca(office.fpca())).status).toBe(202);
    const wanted = [
      'uocava.election.defined.v1',
      'uocava.request.submitted.v1',
      'uocava.request.needs-review.v1',
      'uocava.receipt.issued.v1',
    ];
    const schemas = new PublishedSchemas();
    const checked = await eventually(
      async () => {
        const all = await Promise.all(seen.map((m) => checkMessage(m, schemas)));
        const types = all.map((c) => c.event?.type);
        return wanted.every((t) => types.includes(t)) ? all : undefined;
      },
      90000,
      'the journey events',
    );
    expect(checked.filter((c) => !c.ok)).toEqual([]);
    for (const c of checked) expect(c.event?.specversion).toBe('1.0');
    // every real event names a schema on this gateway (PUBLIC_URL), which resolves as it is
    for (const m of seen)
      expect(String(m.headers?.ce_dataschema)).toBe(
        `${stack.baseUrl}/schemas/events/${String(m.headers?.ce_type)}.json`,
      );

    const submitted = seen.find((m) => String(m.headers?.ce_type) === 'uocava.request.submitted.v1')!;
    const data = JSON.parse(String(submitted.value)) as Record<string, unknown>;
    const changed = await checkMessage(
      { ...submitted, value: Buffer.from(JSON.stringify({ ...data, voterClass: 'tourist' })) },
      schemas,
    );
    expect(changed).toMatchObject({ ok: false, errors: [expect.stringMatching(/voterClass/)] });
    const noSpec = { ...submitted.headers };
    delete noSpec.ce_specversion;
    const headerless = await checkMessage({ ...submitted, headers: { ...noSpec, ce_id: '' } }, schemas);
    expect(headerless.ok).toBe(false);
  });
});
