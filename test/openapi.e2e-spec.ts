/**
 * The OpenAPI document is a contract: the gateway serves the document checked in as
 * docs/openapi.json (only its server differs), and real answers of the gateway, successes and
 * problems, are what the document says, checked with ajv (JSON Schema 2020-12, as OpenAPI 3.1).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { createOffice, officeContext, type TestOffice } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

interface Doc {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

describe('the OpenAPI document', () => {
  let stack: ProcessStack;
  let office: TestOffice;
  let doc: Doc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const DOC_ID = 'https://uocava.example/openapi.json';

  beforeAll(async () => {
    stack = await startProcessStack(['gateway']);
    office = officeContext(stack.baseUrl, await createOffice({ prefix: 'oas', roles: ['clerk', 'auditor'] }));
    doc = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as Doc;
    ajv.addSchema({ ...doc, $id: DOC_ID });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** `res` is one of the answers the document gives for `method path`; its body fits the schema. */
  async function conforms(res: Response, method: string, path: string, status: number): Promise<unknown> {
    const text = await res.text();
    expect(`${res.status} ${text.slice(0, 300)}`).toBe(`${status} ${text.slice(0, 300)}`);
    const op = doc.paths[path]?.[method];
    expect(op).toBeDefined();
    const declared = op.responses[String(res.status)];
    if (declared === undefined) throw new Error(`${method} ${path} does not declare ${res.status}`);
    const mediaType = (res.headers.get('content-type') ?? '').split(';')[0].trim();
    if (declared.content === undefined) {
      expect(text).toBe('');
      return undefined;
    }
    if (!(mediaType in declared.content))
      throw new Error(
        `${method} ${path} ${res.status} declares ${Object.keys(declared.content)}, got ${mediaType}`,
      );
    const body: unknown = mediaType.endsWith('json') ? JSON.parse(text) : text;
    const ref = `${DOC_ID}#/${pointer('paths', path, method, 'responses', String(res.status), 'content', mediaType, 'schema')}`;
    const validate = ajv.getSchema(ref);
    if (validate === undefined) throw new Error(`no schema at ${ref}`);
    if (!validate(body))
      throw new Error(`${method} ${path} ${res.status}: ${ajv.errorsText(validate.errors)}`);
    return body;
  }

  it('is the document checked in as docs/openapi.json, at this gateway', () => {
    const file = JSON.parse(readFileSync(join(__dirname, '../docs/openapi.json'), 'utf8')) as Doc;
    expect(doc.servers).toEqual([{ url: stack.baseUrl, description: expect.any(String) }]);
    expect({ ...doc, servers: file.servers }).toEqual(file);
  });

  it('describes the voter routes: submit, duplicate, tracking, packet, and their problems', async () => {
    const { http } = office;
    const fpca = office.fpca();
    const accepted = (await conforms(await http.submit(fpca), 'post', '/api/v1/ballot-requests', 202)) as {
      trackingCode: string;
    };
    await conforms(await http.submit(fpca), 'post', '/api/v1/ballot-requests', 200);
    await conforms(await http.submit({ ...fpca, name: 3 }), 'post', '/api/v1/ballot-requests', 400);
    const wrongType = await fetch(`${stack.baseUrl}/api/v1/ballot-requests`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    await conforms(wrongType, 'post', '/api/v1/ballot-requests', 415);

    const tracking = '/api/v1/tracking/{trackingCode}';
    await conforms(
      await fetch(`${stack.baseUrl}/api/v1/tracking/${accepted.trackingCode}`),
      'get',
      tracking,
      200,
    );
    await conforms(await fetch(`${stack.baseUrl}/api/v1/tracking/NOPE-NOPE`), 'get', tracking, 404);

    const packet = `${stack.baseUrl}/api/v1/ballots/00000000-0000-4000-8000-000000000000/packet?token=x`;
    await conforms(await fetch(packet), 'get', '/api/v1/ballots/{ballotId}/packet', 404);
    await conforms(await fetch(`${stack.baseUrl}/health`), 'get', '/health', 200);
  });

  it('describes the transparency-log routes and their problems', async () => {
    const log = (j: string, rest: string) => fetch(`${stack.baseUrl}/api/v1/jurisdictions/${j}/log/${rest}`);
    const id = office.jurisdictionId;
    await conforms(
      await log(id, 'entries?start=0&end=0'),
      'get',
      '/api/v1/jurisdictions/{id}/log/entries',
      200,
    );
    await conforms(await log(id, 'entries?start=x'), 'get', '/api/v1/jurisdictions/{id}/log/entries', 400);
    await conforms(await log('no-such-office', 'key'), 'get', '/api/v1/jurisdictions/{id}/log/key', 404);
    await conforms(
      await log(id, 'proof/consistency?from=2&to=1'),
      'get',
      '/api/v1/jurisdictions/{id}/log/proof/consistency',
      400,
    );
    await conforms(await log(id, 'checkpoint'), 'get', '/api/v1/jurisdictions/{id}/log/checkpoint', 404);
  });

  it('describes the office routes, the key problems and the bodies', async () => {
    await conforms(await office.get('/whoami'), 'get', '/api/v1/office/whoami', 200);
    const noKey = await fetch(`${stack.baseUrl}/api/v1/office/whoami`);
    await conforms(noKey, 'get', '/api/v1/office/whoami', 401);
    await conforms(await office.defineElection(), 'post', '/api/v1/office/elections', 201);
    await conforms(
      await office.post('/elections', { settings: {} }),
      'post',
      '/api/v1/office/elections',
      400,
    );
    await conforms(await office.get('/elections'), 'get', '/api/v1/office/elections', 200);
    const approve = '/api/v1/office/ballot-requests/{requestId}/approve';
    const id = '00000000-0000-4000-8000-000000000000';
    await conforms(await office.post(`/ballot-requests/${id}/approve`, {}, 'auditor'), 'post', approve, 403);
    await conforms(
      await office.post('/returns', { method: 'pigeon' }),
      'post',
      '/api/v1/office/returns',
      400,
    );
    await conforms(
      await office.post(`/ballot-requests/${id}/approve`, { rollRecordId: id }),
      'post',
      approve,
      404,
    );
    await conforms(await office.get('/audit-log', {}, 'auditor'), 'get', '/api/v1/office/audit-log', 200);
    await conforms(
      await office.get('/audit-log.csv', {}, 'auditor'),
      'get',
      '/api/v1/office/audit-log.csv',
      200,
    );
    await conforms(await office.get('/review-queue'), 'get', '/api/v1/office/review-queue', 200);
    const requests = (await conforms(
      await office.get('/ballot-requests', {}, 'auditor'),
      'get',
      '/api/v1/office/ballot-requests',
      200,
    )) as { items: unknown[] };
    expect(requests.items.length).toBeGreaterThan(0);
    await conforms(await office.post('/cure-sweep', {}), 'post', '/api/v1/office/cure-sweep', 200);
    await conforms(await office.get('/work-queue'), 'get', '/api/v1/office/work-queue', 200);
    await conforms(await fetch(`${stack.baseUrl}/schemas/events`), 'get', '/schemas/events', 200);
    await conforms(
      await fetch(`${stack.baseUrl}/schemas/events/uocava.request.submitted.v1.json`),
      'get',
      '/schemas/events/{file}',
      200,
    );
  });
});
