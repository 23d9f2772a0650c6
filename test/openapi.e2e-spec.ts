/**
 * The OpenAPI document is a contract: the gateway serves the document checked in as
 * docs/openapi.json (only its server differs), and real answers of the gateway, successes and
 * problems, are what the document says, checked with ajv (JSON Schema 2020-12, as OpenAPI 3.1).
 * The stack runs the apps as separate processes (real Postgres and Kafka) through a whole election,
 * so that every operation of the document answers at least once; the last test fails if one
 * did not (a new route needs its call here).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { DataSource } from 'typeorm';
import { dataSourceOptions, KeyRing } from '@uocava/database';
import { downloadToken } from '@uocava/packets';
import {
  createOffice,
  electionDateThisYear,
  eventually,
  fpcaRequest,
  officeContext,
  rollRowOf,
  type Person,
  type TestOffice,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

const PLACE = { name: 'Mahoning County', state: 'OH', county: 'Mahoning' };
const RESIDENCE = {
  street: '3818 Belmont Ave',
  city: 'Youngstown',
  state: 'OH',
  zip: '44505',
  county: 'Mahoning',
};
const VOTERS: Person[] = [
  { first: 'Ada', last: 'Ashford', dateOfBirth: '1981-01-11', driversLicense: 'OH900001' },
  { first: 'Ben', last: 'Birch', dateOfBirth: '1982-02-12', driversLicense: 'OH900002' },
  { first: 'Cleo', last: 'Crane', dateOfBirth: '1983-03-13', driversLicense: 'OH900003' },
  { first: 'Dev', last: 'Dunmore', dateOfBirth: '1984-04-14', driversLicense: 'OH900004' },
];
/** not on the roll: reviewed (one approved as a new registration, one rejected) */
const UNLISTED: Person[] = [
  { first: 'Fay', last: 'Fenwick', dateOfBirth: '1986-06-16', driversLicense: 'OH900006' },
  { first: 'Gus', last: 'Garnet', dateOfBirth: '1987-07-17', driversLicense: 'OH900007' },
];
/** on the roll in a precinct no ballot style serves: the office assigns the style */
const NO_STYLE: Person = {
  first: 'Ivy',
  last: 'Ingram',
  dateOfBirth: '1989-09-19',
  driversLicense: 'OH900010',
};
/** a name the ballot fonts cannot draw: the packet is held for the office */
const HELD: Person = { first: 'Mei', last: 'ሊ', dateOfBirth: '1985-07-07', driversLicense: 'OH900011' };
/** keyed in by the office */
const KEYED: Person = { first: 'Hal', last: 'Hollis', dateOfBirth: '1988-08-18', driversLicense: 'OH900008' };
const ELECTION_DATE = electionDateThisYear(30);

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
    stack = await startProcessStack(['gateway', 'verification', 'ballots', 'receipts']);
    office = officeContext(
      stack.baseUrl,
      await createOffice({
        prefix: 'oas',
        roles: ['admin', 'clerk', 'auditor'],
        ...PLACE,
        // the requests of this run, made today, are in time even when the election is days away
        settings: { moveActTargetDays: 3, applicationDeadlineDaysBefore: 0, mailerId: '123456' },
      }),
    );
    doc = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as Doc;
    ajv.addSchema({ ...doc, $id: DOC_ID });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  /** `method path` of every operation that answered (each answer checked by `conforms`). */
  const exercised = new Set<string>();
  /** ... and of those, the ones that answered a success (2xx) */
  const succeeded = new Set<string>();

  /** `res` is one of the answers the document gives for `method path`; its body fits the schema. */
  async function conforms(res: Response, method: string, path: string, status: number): Promise<unknown> {
    const text = await res.text();
    expect(`${res.status} ${text.slice(0, 300)}`).toBe(`${status} ${text.slice(0, 300)}`);
    const op = doc.paths[path]?.[method];
    expect(op).toBeDefined();
    exercised.add(`${method} ${path}`);
    if (res.status < 300) succeeded.add(`${method} ${path}`);
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
    await conforms(
      await log('no-such-office', 'checkpoint'),
      'get',
      '/api/v1/jurisdictions/{id}/log/checkpoint',
      404,
    );
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
    await conforms(
      await office.get(`/voter-service/search?requestId=${id}`, {}, 'auditor'),
      'get',
      '/api/v1/office/voter-service/search',
      200,
    );
    await conforms(
      await office.get('/voter-service/search?dateOfBirth=1990-02-30'),
      'get',
      '/api/v1/office/voter-service/search',
      400,
    );
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

  it('describes the webhook subscription routes (admin only) and their problems', async () => {
    const hooks = '/api/v1/office/webhooks';
    const one = `${hooks}/{webhookId}`;
    const url = 'https://hooks.example.org/uocava';
    await conforms(await office.post('/webhooks', { url }, 'clerk'), 'post', hooks, 403);
    await conforms(
      await office.post('/webhooks', { url: 'ftp://x', eventTypes: [7] }, 'admin'),
      'post',
      hooks,
      400,
    );
    const created = (await conforms(
      await office.post('/webhooks', { url, eventTypes: ['uocava.receipt.issued.v1'] }, 'admin'),
      'post',
      hooks,
      201,
    )) as { subscriptionId: string };
    await conforms(await office.get('/webhooks', {}, 'admin'), 'get', hooks, 200);
    await conforms(await office.get(`/webhooks/${created.subscriptionId}`, {}, 'admin'), 'get', one, 200);
    const missing = '00000000-0000-4000-8000-000000000000';
    await conforms(await office.get(`/webhooks/${missing}`, {}, 'admin'), 'get', one, 404);
    await conforms(
      await office.get(`/webhooks/${created.subscriptionId}/deliveries`, {}, 'admin'),
      'get',
      `${one}/deliveries`,
      200,
    );
    await conforms(
      await office.post(`/webhooks/${created.subscriptionId}/replay`, { from: 'yesterday' }, 'admin'),
      'post',
      `${one}/replay`,
      400,
    );
    await conforms(
      await office.post(
        `/webhooks/${created.subscriptionId}/replay`,
        { from: new Date(0).toISOString() },
        'admin',
      ),
      'post',
      `${one}/replay`,
      202,
    );
    await conforms(
      await office.get(`/webhooks/${created.subscriptionId}`, { method: 'DELETE' }, 'admin'),
      'delete',
      one,
      200,
    );
  });

  it('describes the state rules routes (docs/state-rules.md) and their problems', async () => {
    const rules = '/api/v1/office/state-rules';
    const overrides = `${rules}/overrides`;
    const put = (body: unknown, role: 'admin' | 'clerk') =>
      office.get(
        '/state-rules/overrides',
        { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
        role,
      );
    await conforms(await office.get('/state-rules', {}, 'auditor'), 'get', rules, 200);
    const value = {
      value: 'witness',
      statutes: [],
      guides: ['https://www.fvap.gov/ohio'],
      confidence: 'confirmed',
    };
    await conforms(await put({ oathAttestation: value }, 'clerk'), 'put', overrides, 403);
    await conforms(
      await put({ oathAttestation: { ...value, value: 'sometimes' } }, 'admin'),
      'put',
      overrides,
      400,
    );
    // a state's own value again: the office's overrides are a new version, nothing changes in effect
    const ohio = { ...value, value: 'none' };
    await conforms(await put({ oathAttestation: ohio }, 'admin'), 'put', overrides, 200);
  });

  it('describes every answer of a whole election: roll, requests, review, ballots, returns, reports, log', async () => {
    const j = office.jurisdictionId;
    const base = stack.baseUrl;
    const O = '/api/v1/office';
    const json = async <T>(res: Response, method: string, path: string, status: number) =>
      (await conforms(res, method, path, status)) as T;

    // the election and the roll
    const settings = {
      electionDate: ELECTION_DATE,
      type: 'general',
      federalOffices: true,
      returnRule: { kind: 'received-by', deadline: `${ELECTION_DATE}T19:30:00-05:00` },
    };
    const defined = await json<{ electionId: string; ballotStyles: string[] }>(
      await office.http.defineElection(office.key('clerk'), ELECTION_DATE, undefined, settings),
      'post',
      `${O}/elections`,
      201,
    );
    const e = defined.electionId;
    await conforms(await office.get(`/elections/${e}`), 'get', `${O}/elections/{electionId}`, 200);
    await conforms(
      await office.get('/elections/00000000-0000-4000-8000-000000000000'),
      'get',
      `${O}/elections/{electionId}`,
      404,
    );
    const csvPost = (body: string, type = 'text/csv') =>
      fetch(`${base}${O}/voter-roll`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office.key('clerk')}`, 'content-type': type },
        body,
      });
    const roll = [
      ...VOTERS.map((v, i) => rollRowOf(v, RESIDENCE, `OAS-${i + 1}`)),
      rollRowOf(NO_STYLE, RESIDENCE, 'OAS-S', 'gpu-p-999-NONE'),
      rollRowOf(HELD, RESIDENCE, 'OAS-H'),
    ];
    await conforms(await office.importRoll(roll), 'post', `${O}/voter-roll`, 200);
    await conforms(await csvPost('{}', 'application/json'), 'post', `${O}/voter-roll`, 415);

    // requests: four on the roll (mail), two reviewed, one keyed in
    const submitted: Array<{ requestId: string; trackingCode: string }> = [];
    for (const v of [...VOTERS, ...UNLISTED, NO_STYLE, HELD]) {
      submitted.push(
        await json(
          await office.http.submit({
            ...fpcaRequest(j, v, RESIDENCE, { ballotDelivery: 'mail' }),
            contact: { email: `voter-${submitted.length}@example.org` },
          }),
          'post',
          '/api/v1/ballot-requests',
          202,
        ),
      );
    }
    const keyIn = (body: unknown) =>
      fetch(`${base}${O}/ballot-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office.key('clerk')}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const keyed = {
      fpca: fpcaRequest(j, KEYED, RESIDENCE),
      method: 'mail',
      receivedAt: new Date().toISOString(),
    };
    await conforms(await keyIn(keyed), 'post', `${O}/ballot-requests`, 202);
    await conforms(await keyIn(keyed), 'post', `${O}/ballot-requests`, 200);
    await conforms(await keyIn({ ...keyed, method: 'pigeon' }), 'post', `${O}/ballot-requests`, 400);

    // review: one registered by the office, one rejected
    const queue = await eventually(
      async () => {
        const body = (await (await office.get('/review-queue')).json()) as {
          items: Array<{ requestId: string }>;
        };
        const ids = body.items.map((i) => i.requestId);
        return submitted.slice(4, 6).every((r) => ids.includes(r.requestId)) ? body : undefined;
      },
      90000,
      'the unlisted voters in the review queue',
    );
    expect(queue.items.length).toBeGreaterThanOrEqual(2);
    await conforms(await office.get('/review-queue'), 'get', `${O}/review-queue`, 200);
    const [registered, refused, noStyle, held] = submitted.slice(4);
    await conforms(
      await office.post(`/ballot-requests/${registered.requestId}/approve`, {
        createRollRecord: { stateVoterId: 'OAS-NEW-1' },
      }),
      'post',
      `${O}/ballot-requests/{requestId}/approve`,
      200,
    );
    await conforms(
      await office.post(`/ballot-requests/${registered.requestId}/approve`, {
        createRollRecord: { stateVoterId: 'OAS-NEW-1' },
      }),
      'post',
      `${O}/ballot-requests/{requestId}/approve`,
      409,
    );
    const reject = `${O}/ballot-requests/{requestId}/reject`;
    await conforms(
      await office.post(`/ballot-requests/${refused.requestId}/reject`, { reasons: ['invalid'] }),
      'post',
      reject,
      200,
    );
    await conforms(
      await office.post(`/ballot-requests/${refused.requestId}/reject`, { reasons: ['nope'] }),
      'post',
      reject,
      400,
    );

    // the mail ballots reach the work queue
    const work = await eventually(
      async () => {
        const body = (await (await office.get('/work-queue')).json()) as {
          items: Array<{ ballotId: string; requestId: string; electionId: string }>;
        };
        const mine = body.items.filter((i) => i.electionId === e);
        return mine.length >= 4 ? mine : undefined;
      },
      120000,
      'four mail ballots in the work queue',
    );
    await conforms(await office.get('/work-queue'), 'get', `${O}/work-queue`, 200);
    const [accepted, rejected, cured, spare] = work.map((w) => w.ballotId);
    const now = () => new Date().toISOString();
    const transmitted = `${O}/ballots/{ballotId}/transmitted`;
    for (const b of [accepted, rejected, cured])
      await conforms(
        await office.post(`/ballots/${b}/transmitted`, { transmittedAt: now(), method: 'mail' }),
        'post',
        transmitted,
        200,
      );
    await conforms(
      await office.post(`/ballots/${spare}/transmitted`, { transmittedAt: 'soon', method: 'mail' }),
      'post',
      transmitted,
      400,
    );

    let documentsToken: (requestId: string) => string = () => '';
    // the packet
    const ds = await new DataSource(
      dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 1 }),
    ).initialize();
    try {
      const keys = await new KeyRing(ds, process.env.MASTER_KEY).forJurisdiction(j);
      documentsToken = (requestId: string) => keys.keyedHash('voter-documents', requestId).slice(0, 43);
      const packet = '/api/v1/ballots/{ballotId}/packet';
      const pdf = await fetch(`${base}/api/v1/ballots/${spare}/packet?token=${downloadToken(keys, spare)}`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      // a stored hash that the packet no longer matches: served again, re-issued, the office alerted
      const owner = await new DataSource(
        dataSourceOptions({ url: process.env.DATABASE_OWNER_URL!, poolSize: 1 }),
      ).initialize();
      try {
        await owner.query(`UPDATE ballots SET pdf_sha256 = $2 WHERE ballot_id = $1`, [spare, 'f'.repeat(64)]);
      } finally {
        await owner.destroy();
      }
      const again = await fetch(`${base}/api/v1/ballots/${spare}/packet?token=${downloadToken(keys, spare)}`);
      expect(again.status).toBe(200);
      await again.arrayBuffer();
      const declared = doc.paths[packet].get.responses['200'].content!;
      expect(Object.keys(declared)).toEqual(['application/pdf']);
      exercised.add(`get ${packet}`);
      succeeded.add(`get ${packet}`);
    } finally {
      await ds.destroy();
    }

    // returns, decisions, cures
    for (const b of [accepted, rejected, cured])
      await conforms(
        await office.post('/returns', { ballotId: b, receivedAt: now(), method: 'mail' }),
        'post',
        `${O}/returns`,
        200,
      );
    await conforms(
      await office.post(`/ballots/${accepted}/accept`, {}),
      'post',
      `${O}/ballots/{ballotId}/accept`,
      200,
    );
    await conforms(
      await office.post(`/ballots/${accepted}/accept`, {}),
      'post',
      `${O}/ballots/{ballotId}/accept`,
      409,
    );
    await conforms(
      await office.post(`/ballots/${rejected}/reject`, { reasons: ['missing-voter-signature'] }),
      'post',
      `${O}/ballots/{ballotId}/reject`,
      200,
    );
    const cureDeadline = new Date(Date.now() + 7 * 86400_000).toISOString();
    await conforms(
      await office.post(`/ballots/${cured}/request-cure`, {
        reasons: ['missing-voter-signature'],
        cureDeadline,
      }),
      'post',
      `${O}/ballots/{ballotId}/request-cure`,
      200,
    );
    // cure and FWAB documents (apps/gateway/src/cure-documents, fpca-pdf, vri-import)
    const requestOf = (ballotId: string) => work.find((w) => w.ballotId === ballotId)!.requestId;
    const codeOf = (requestId: string) => submitted.find((r) => r.requestId === requestId)!.trackingCode;
    const curedRequest = requestOf(cured);
    const T = '/api/v1/tracking/{trackingCode}';
    const docs = `${base}/api/v1/tracking/${codeOf(curedRequest)}`;
    const affidavit = await fetch(
      `${docs}/ballots/${cured}/cure-affidavit?token=${documentsToken(curedRequest)}`,
    );
    expect(affidavit.headers.get('content-type')).toMatch(/^application\/pdf/);
    await conforms(affidavit, 'get', `${T}/ballots/{ballotId}/cure-affidavit`, 200);
    const uploadForm = new FormData();
    uploadForm.append(
      'file',
      new Blob([Buffer.from('%PDF-1.7\n% signed\n')], { type: 'application/pdf' }),
      'a.pdf',
    );
    const uploaded = await json<{ responseId: string }>(
      await fetch(`${docs}/ballots/${cured}/cure-responses?token=${documentsToken(curedRequest)}`, {
        method: 'POST',
        body: uploadForm,
      }),
      'post',
      `${T}/ballots/{ballotId}/cure-responses`,
      201,
    );
    await conforms(
      await fetch(`${docs}/ballots/${cured}/cure-responses?token=${documentsToken(curedRequest)}`, {
        method: 'POST',
        body: new FormData(),
      }),
      'post',
      `${T}/ballots/{ballotId}/cure-responses`,
      400,
    );
    await conforms(
      await office.post(`/ballots/${cured}/cure-responses`, { method: 'fax', receivedAt: now() }),
      'post',
      `${O}/ballots/{ballotId}/cure-responses`,
      201,
    );
    await conforms(
      await office.get(`/ballots/${cured}/cure-responses`),
      'get',
      `${O}/ballots/{ballotId}/cure-responses`,
      200,
    );
    await conforms(
      await office.get(`/ballots/${cured}/cure-responses/${uploaded.responseId}/file`),
      'get',
      `${O}/ballots/{ballotId}/cure-responses/{responseId}/file`,
      200,
    );
    const spareRequest = requestOf(spare);
    const fwabPdf = await fetch(
      `${base}/api/v1/tracking/${codeOf(spareRequest)}/fwab-packet?token=${documentsToken(spareRequest)}`,
    );
    expect(fwabPdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    await conforms(fwabPdf, 'get', `${T}/fwab-packet`, 200);
    await conforms(
      await office.get(`/ballot-requests/${curedRequest}/fpca.pdf`),
      'get',
      `${O}/ballot-requests/{requestId}/fpca.pdf`,
      200,
    );
    await conforms(
      await fetch(`${base}${O}/vri-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office.key('clerk')}`, 'content-type': 'application/x-ndjson' },
        body: '{"not":"a request"}\n',
      }),
      'post',
      `${O}/vri-imports`,
      200,
    );
    await conforms(
      await office.post(`/ballots/${cured}/cure`, { curedAt: now() }),
      'post',
      `${O}/ballots/{ballotId}/cure`,
      200,
    );
    await conforms(
      await office.post(`/ballots/${spare}/cure`, { curedAt: now() }),
      'post',
      `${O}/ballots/{ballotId}/cure`,
      409,
    );

    // FWABs, style assignments, the MOVE Act monitor, reports
    const fwab = await json<{ fwabId: string }>(
      await office.post('/fwab', {
        electionId: e,
        requestId: submitted[3].requestId,
        receivedAt: now(),
        method: 'mail',
      }),
      'post',
      `${O}/fwab`,
      201,
    );
    expect(fwab.fwabId).toBeDefined();
    await conforms(await office.post('/fwab', { electionId: e }), 'post', `${O}/fwab`, 400);
    await conforms(await office.get(`/elections/${e}/fwabs`), 'get', `${O}/elections/{id}/fwabs`, 200);
    const styles = `${O}/elections/{electionId}/style-assignments`;
    const waiting = await eventually(
      async () => {
        const body = (await (await office.get(`/elections/${e}/style-assignments`)).json()) as {
          items: Array<{ requestId: string }>;
        };
        return body.items.some((i) => i.requestId === noStyle.requestId) ? body : undefined;
      },
      90000,
      'the request waiting for a ballot style',
    );
    expect(waiting.items.length).toBe(1);
    await conforms(await office.get(`/elections/${e}/style-assignments`), 'get', styles, 200);
    await conforms(
      await office.post(`/elections/${e}/style-assignments`, {
        requestId: noStyle.requestId,
        ballotStyleId: defined.ballotStyles[0],
      }),
      'post',
      styles,
      202,
    );
    await conforms(
      await office.post(`/elections/${e}/style-assignments`, {
        requestId: submitted[0].requestId,
        ballotStyleId: 'no-such-style',
      }),
      'post',
      styles,
      400,
    );
    await conforms(
      await office.post(`/elections/${e}/style-assignments`, {
        requestId: '00000000-0000-4000-8000-000000000000',
        ballotStyleId: defined.ballotStyles[0],
      }),
      'post',
      styles,
      404,
    );
    await conforms(await office.get(`/elections/${e}/move-act`), 'get', `${O}/elections/{id}/move-act`, 200);
    await conforms(
      await office.get(`/elections/${e}/move-act?date=tomorrow`),
      'get',
      `${O}/elections/{id}/move-act`,
      400,
    );
    await conforms(
      await office.post(`/elections/${e}/move-act/summary`, {}),
      'post',
      `${O}/elections/{id}/move-act/summary`,
      200,
    );
    await conforms(
      await office.get(`/elections/${e}/dashboard`),
      'get',
      `${O}/elections/{id}/dashboard`,
      200,
    );
    await conforms(await office.get('/elections-overview'), 'get', `${O}/elections-overview`, 200);
    await conforms(
      await office.get(`/elections/${e}/reports/eavs-section-b.csv`, {}, 'auditor'),
      'get',
      `${O}/elections/{id}/reports/eavs-section-b.csv`,
      200,
    );
    await conforms(
      await office.get(`/elections/${e}/reports/event-log.json`, {}, 'auditor'),
      'get',
      `${O}/elections/{id}/reports/event-log.json`,
      200,
    );
    await conforms(await office.get('/notifications'), 'get', `${O}/notifications`, 200);
    const heldPacket = await eventually(
      async () => {
        const body = (await (await office.get('/held-packets')).json()) as {
          items: Array<{ ballotId: string; requestId: string }>;
        };
        return body.items.find((h) => h.requestId === held.requestId);
      },
      90000,
      'the held packet',
    );
    await conforms(await office.get('/held-packets'), 'get', `${O}/held-packets`, 200);
    const release = `${O}/held-packets/{ballotId}/release`;
    await conforms(
      await office.post(`/held-packets/${heldPacket.ballotId}/release`, {}),
      'post',
      release,
      200,
    );
    await conforms(
      await office.post(`/held-packets/${heldPacket.ballotId}/release`, {}),
      'post',
      release,
      404,
    );
    const alert = await eventually(
      async () => {
        const body = (await (await office.get('/packet-alerts')).json()) as {
          items: Array<{ regenerationId: string; ballotId: string }>;
        };
        return body.items.find((a) => a.ballotId === spare);
      },
      60000,
      'the packet alert',
    );
    await conforms(await office.get('/packet-alerts'), 'get', `${O}/packet-alerts`, 200);
    const acknowledge = `${O}/packet-alerts/{regenerationId}/acknowledge`;
    await conforms(
      await office.post(`/packet-alerts/${alert.regenerationId}/acknowledge`, {}),
      'post',
      acknowledge,
      204,
    );
    await conforms(await office.post('/packet-alerts/123456789/acknowledge', {}), 'post', acknowledge, 404);
    await conforms(
      await office.get('/audit-log?from=yesterday', {}, 'auditor'),
      'get',
      `${O}/audit-log`,
      400,
    );

    // mail delivery: a print batch of the ready mail ballots, its PDF, marked sent; a packet to fax
    const PB = `${O}/print-batches`;
    await conforms(await office.post('/print-batches', { electionId: e, readyTo: 'soon' }), 'post', PB, 400);
    await conforms(
      await office.post('/print-batches', { electionId: '00000000-0000-4000-8000-000000000000' }),
      'post',
      PB,
      404,
    );
    await conforms(await office.post('/print-batches', { electionId: e, country: 'AQ' }), 'post', PB, 409);
    // a batch cancelled before it is sent releases its ballots to the next batch
    const spoiled = await json<{ batchId: string; pieceCount: number }>(
      await office.post('/print-batches', { electionId: e }),
      'post',
      PB,
      201,
    );
    const cancelPath = `${PB}/{batchId}/cancel`;
    await conforms(
      await office.post(`/print-batches/${spoiled.batchId}/cancel`, { reason: 'because' }),
      'post',
      cancelPath,
      400,
    );
    await conforms(
      await office.post(`/print-batches/${spoiled.batchId}/cancel`, { reason: 'misprint' }),
      'post',
      cancelPath,
      200,
    );
    await conforms(
      await office.post('/print-batches/00000000-0000-4000-8000-000000000000/cancel', { reason: 'misprint' }),
      'post',
      cancelPath,
      404,
    );
    await conforms(
      await office.get(`/print-batches/${spoiled.batchId}/pdf`),
      'get',
      `${PB}/{batchId}/pdf`,
      409,
    );
    const batch = await json<{ batchId: string; pieceCount: number }>(
      await office.post('/print-batches', { electionId: e }),
      'post',
      PB,
      201,
    );
    expect(batch.pieceCount).toBeGreaterThanOrEqual(1);
    expect(batch.pieceCount).toBe(spoiled.pieceCount);
    await conforms(await office.get('/print-batches'), 'get', PB, 200);
    await conforms(
      await office.get(`/print-batches/${batch.batchId}/pdf`),
      'get',
      `${PB}/{batchId}/pdf`,
      200,
    );
    await conforms(
      await office.get('/print-batches/00000000-0000-4000-8000-000000000000/pdf'),
      'get',
      `${PB}/{batchId}/pdf`,
      404,
    );
    const sentPath = `${PB}/{batchId}/sent`;
    await conforms(
      await office.post(`/print-batches/${batch.batchId}/sent`, { sentAt: 'now' }),
      'post',
      sentPath,
      400,
    );
    await conforms(
      await office.post(`/print-batches/${batch.batchId}/sent`, { sentAt: now() }),
      'post',
      sentPath,
      200,
    );
    await conforms(
      await office.post('/print-batches/00000000-0000-4000-8000-000000000000/sent', { sentAt: now() }),
      'post',
      sentPath,
      404,
    );
    await conforms(
      await office.post(`/print-batches/${batch.batchId}/cancel`, { reason: 'other' }),
      'post',
      cancelPath,
      409,
    );
    // voter service: a contact change and a cancellation (the rejected ballot's request), a reissue
    // (the spare ballot, sent with the batch)
    const changed = requestOf(rejected);
    const contactChange = `${O}/ballot-requests/{requestId}/contact-change`;
    await conforms(
      await office.post(`/ballot-requests/${changed}/contact-change`, { phone: '+49 30 5550100' }),
      'post',
      contactChange,
      200,
    );
    await conforms(
      await office.post(`/ballot-requests/${changed}/contact-change`, { phone: 5 }),
      'post',
      contactChange,
      400,
    );
    const cancel = `${O}/ballot-requests/{requestId}/cancel`;
    await conforms(
      await office.post(`/ballot-requests/${changed}/cancel`, { reason: 'voter-moved' }),
      'post',
      cancel,
      200,
    );
    await conforms(
      await office.post(`/ballot-requests/${changed}/cancel`, { reason: 'voter-moved' }),
      'post',
      cancel,
      409,
    );
    const reissue = `${O}/ballots/{ballotId}/reissue`;
    await conforms(await office.post(`/ballots/${spare}/reissue`, { reason: 'lost' }), 'post', reissue, 200);
    await conforms(await office.post(`/ballots/${spare}/reissue`, { reason: 'lost' }), 'post', reissue, 409);
    await conforms(
      await office.post('/ballots/00000000-0000-4000-8000-000000000000/reissue', { reason: 'lost' }),
      'post',
      reissue,
      404,
    );
    const faxPath = `${O}/ballots/{ballotId}/packet`;
    await conforms(await office.get(`/ballots/${accepted}/packet`), 'get', faxPath, 200);
    await conforms(
      await office.get('/ballots/00000000-0000-4000-8000-000000000000/packet'),
      'get',
      faxPath,
      404,
    );

    // the transparency log of the jurisdiction, once the receipts are on it
    const L = '/api/v1/jurisdictions/{id}/log';
    const logUrl = `${base}/api/v1/jurisdictions/${j}/log`;
    const checkpoint = await eventually(
      async () => {
        const res = await fetch(`${logUrl}/checkpoint`);
        if (res.status !== 200) return undefined;
        const text = await res.text();
        return Number(text.split('\n')[1]) >= 2 ? text : undefined;
      },
      90000,
      'a checkpoint of two entries or more',
    );
    const size = Number(checkpoint.split('\n')[1]);
    await conforms(await fetch(`${logUrl}/checkpoint`), 'get', `${L}/checkpoint`, 200);
    const entries = await json<{ entries: Array<{ leafHash: string }> }>(
      await fetch(`${logUrl}/entries?start=0&end=${size}`),
      'get',
      `${L}/entries`,
      200,
    );
    await conforms(
      await fetch(
        `${logUrl}/proof/inclusion?hash=${encodeURIComponent(entries.entries[1].leafHash)}&size=${size}`,
      ),
      'get',
      `${L}/proof/inclusion`,
      200,
    );
    await conforms(await fetch(`${logUrl}/proof/inclusion?index=x`), 'get', `${L}/proof/inclusion`, 400);
    await conforms(
      await fetch(`${logUrl}/proof/consistency?from=1&to=${size}`),
      'get',
      `${L}/proof/consistency`,
      200,
    );
    await conforms(
      await fetch(`${logUrl}/proof/consistency?from=1&to=999999`),
      'get',
      `${L}/proof/consistency`,
      404,
    );
    const tile = size < 256 ? `000.p/${size}` : '000';
    await conforms(await fetch(`${logUrl}/tile/0/${tile}`), 'get', `${L}/tile/{path}`, 200);
    await conforms(await fetch(`${logUrl}/tile/0/999`), 'get', `${L}/tile/{path}`, 404);
    await conforms(await fetch(`${logUrl}/key`), 'get', `${L}/key`, 200);
    await conforms(
      await fetch(`${base}/api/v1/jurisdictions/no-such-office/log/entries?start=0`),
      'get',
      `${L}/entries`,
      404,
    );

    // the voter's tracking page data, and the probes
    await conforms(
      await fetch(`${base}/api/v1/tracking/${submitted[0].trackingCode}`),
      'get',
      '/api/v1/tracking/{trackingCode}',
      200,
    );
    await conforms(await fetch(`${base}/health/live`), 'get', '/health/live', 200);
    await conforms(await fetch(`${base}/health/ready`), 'get', '/health/ready', 200);
    await conforms(await fetch(`${base}/schemas/events/nope.json`), 'get', '/schemas/events/{file}', 404);
  }, 400_000);

  it('every operation of the document answered in these tests, each with a success at least once', () => {
    const all = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method} ${path}`),
    );
    expect(all.length).toBeGreaterThan(40);
    expect(all.filter((op) => !exercised.has(op))).toEqual([]);
    expect(all.filter((op) => !succeeded.has(op))).toEqual([]);
  });
});
