/**
 * The office review queue end to end: requests that need a person are listed with their reasons
 * and candidate roll records; a clerk's approval gets the voter a ballot, a rejection ends the
 * request; auditors only read; another jurisdiction sees nothing (404).
 */
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import type { IsoDate } from '@uocava/domain';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  addDays,
  EXAMPLE_PRECINCT as PRECINCT,
  eventually,
  gatewayClient,
  officeContext,
  createOffice,
  ownerDatabaseUrl,
  ROLL_HEADER_LINE,
  type TestOffice,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

interface QueueItem {
  requestId: string;
  trackingCode: string;
  reasons: Array<{ code: string; description: string }>;
  request: BallotRequestInput;
  candidates: Array<{ rollRecordId: string; record: { id: string; lastName: string }; nameMatches: boolean }>;
}

describe('office review queue', () => {
  let stack: ProcessStack;
  let mahoning: TestOffice;
  let clerkKey: string;
  let auditorKey: string;
  let otherClerkKey: string;
  let db: Client;
  let http: ReturnType<typeof gatewayClient>;

  beforeAll(async () => {
    const mahoningOffice = await createOffice({ prefix: 'rv', roles: ['clerk', 'auditor'] });
    const trumbullOffice = await createOffice({
      prefix: 'rv',
      name: 'Trumbull County',
      state: 'OH',
      county: 'Trumbull',
    });
    clerkKey = mahoningOffice.keys.clerk!;
    auditorKey = mahoningOffice.keys.auditor!;
    otherClerkKey = trumbullOffice.keys.clerk!;
    db = new Client({ connectionString: ownerDatabaseUrl() }); // below the API: the owner
    await db.connect();
    stack = await startProcessStack();
    mahoning = officeContext(stack.baseUrl, mahoningOffice);
    http = mahoning.http;
    const created = await mahoning.defineElection();
    expect(created.status === 201 ? 201 : await created.text()).toBe(201);
    // two voters with the same name and date of birth: a request from either needs a person
    const roll = await mahoning.importRoll(
      ROLL_HEADER_LINE +
        `OH-T1,Tom,,Twin,,1971-04-04,TT100001,,1 Elm St,Youngstown,OH,44505,Mahoning,${PRECINCT},,active\n` +
        `OH-T2,Tom,,Twin,,1971-04-04,TT100002,,9 Oak St,Youngstown,OH,44505,Mahoning,${PRECINCT},,active\n`,
    );
    expect(await roll.json()).toMatchObject({ applied: 2, refused: 0 });
  }, 180000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  async function submit(change: (r: BallotRequestInput) => void) {
    const res = await mahoning.submitFpca(mahoning.fpca(change));
    expect(res.status).toBe(202);
    return (await res.json()) as { requestId: string; trackingCode: string };
  }

  const tracking = (code: string) => http.track(code);

  async function inQueue(requestId: string, key = clerkKey): Promise<QueueItem> {
    return eventually(
      async () => {
        const res = await http.office(key, '/review-queue');
        const body = (await res.json()) as { items: QueueItem[] };
        return body.items.find((i) => i.requestId === requestId);
      },
      60000,
      'the request in the review queue',
    );
  }

  it('lists the review routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/office/review-queue',
        '/api/v1/office/ballot-requests/{requestId}/approve',
        '/api/v1/office/ballot-requests/{requestId}/reject',
      ]),
    );
  });

  it('registers a voter who is not on the roll from the FPCA and issues the ballot', async () => {
    const req = await submit((v) => {
      v.name = { first: 'Nora', last: 'Newcomer' };
      v.dateOfBirth = '1990-02-02' as IsoDate;
    });
    // the auditor reads the queue
    const item = await inQueue(req.requestId, auditorKey);
    expect(item.reasons.map((r) => r.code)).toEqual(['not-on-roll']);
    expect(item.reasons[0].description).toMatch(/not on the roll/);
    expect(item.request.name).toEqual({ first: 'Nora', last: 'Newcomer' });
    expect(item.candidates).toEqual([]);
    // ... but may not decide; another jurisdiction's clerk does not see it
    const byAuditor = await http.officePost(auditorKey, `/ballot-requests/${req.requestId}/approve`, {
      createRollRecord: { stateVoterId: 'OH-N1', precinct: PRECINCT },
    });
    expect(byAuditor.status).toBe(403);
    expect(byAuditor.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const byOther = await http.officePost(otherClerkKey, `/ballot-requests/${req.requestId}/approve`, {
      createRollRecord: { stateVoterId: 'OH-N1', precinct: PRECINCT },
    });
    expect(byOther.status).toBe(404);
    expect(
      (
        await http.officePost(otherClerkKey, `/ballot-requests/${req.requestId}/reject`, {
          reasons: ['invalid'],
        })
      ).status,
    ).toBe(404);
    const otherQueue = (await (await http.office(otherClerkKey, '/review-queue')).json()) as {
      items: QueueItem[];
    };
    expect(otherQueue.items.find((i) => i.requestId === req.requestId)).toBeUndefined();
    expect(
      (await http.officePost(clerkKey, `/ballot-requests/not-a-uuid/approve`, { rollRecordId: 'x' })).status,
    ).toBe(404);

    const approved = await http.officePost(clerkKey, `/ballot-requests/${req.requestId}/approve`, {
      createRollRecord: { stateVoterId: 'OH-N1', precinct: PRECINCT },
    });
    expect(approved.status === 200 ? 200 : await approved.text()).toBe(200);
    expect(await approved.json()).toMatchObject({ requestId: req.requestId, status: 'verified' });
    // a second decision is refused
    const again = await http.officePost(clerkKey, `/ballot-requests/${req.requestId}/reject`, {
      reasons: ['invalid'],
    });
    expect(again.status).toBe(409);

    const page = await eventually(
      async () => {
        const t = await tracking(req.trackingCode);
        return t.steps.some((s) => s.type === 'uocava.ballot.generated.v1') ? t : undefined;
      },
      60000,
      'ballot.generated on the tracking page',
    );
    expect(page.status).toBe('verified');
    // the new roll record is used by later verification: the same voter's record is on the roll
    const onRoll = await db.query(
      `SELECT precinct, status FROM voter_roll WHERE jurisdiction_id = $1 AND state_voter_id = 'OH-N1'`,
      [mahoning.jurisdictionId],
    );
    expect(onRoll.rows).toEqual([{ precinct: PRECINCT, status: 'active' }]);
  }, 120000);

  it('a clerk registers a voter who is not on the roll from the review page (the form, not only the API)', async () => {
    const req = await submit((v) => {
      v.name = { first: 'Olga', last: 'Outsider' };
      v.dateOfBirth = '1988-08-08' as IsoDate;
    });
    await inQueue(req.requestId);
    // a clerk's browser session: sign in, then the page's anti-forgery token
    const signIn = await fetch(`${stack.baseUrl}/office/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: clerkKey, next: '/office/review' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await (await fetch(`${stack.baseUrl}/office/review`, { headers: { cookie } })).text();
    expect(page).toContain(`/office/review/${req.requestId}/register`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)![1];
    const form = (fields: Record<string, string>) =>
      fetch(`${stack.baseUrl}/office/review/${req.requestId}/register`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
    // a state voter id that is not one: the page again with the reason, nothing decided
    const bad = await form({ stateVoterId: 'not an id' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Requests to review');
    const good = await form({ stateVoterId: 'OH-N7', precinct: PRECINCT });
    expect([good.status, good.headers.get('location')]).toEqual([303, '/office/review?done=registered']);
    const onRoll = await db.query(
      `SELECT precinct, status FROM voter_roll WHERE jurisdiction_id = $1 AND state_voter_id = 'OH-N7'`,
      [mahoning.jurisdictionId],
    );
    expect(onRoll.rows).toEqual([{ precinct: PRECINCT, status: 'active' }]);
    const decided = await db.query(`SELECT status FROM ballot_requests WHERE request_id = $1`, [
      req.requestId,
    ]);
    expect(decided.rows).toEqual([{ status: 'verified' }]);
  }, 120000);

  it('a clerk keys in a paper FPCA: stored with its method and receipt day, exported to EAVS as such', async () => {
    const receivedOn = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const fpca = mahoning.fpca((v) => {
      v.name = { first: 'Paula', last: 'Paper' };
      v.dateOfBirth = '1979-09-09' as IsoDate;
      v.affirmation = { accepted: true, signedOn: addDays(receivedOn, -2) };
    });
    const keyIn = (body: unknown, key = clerkKey) => http.officePost(key, '/ballot-requests', body);
    const receivedAt = `${receivedOn}T15:30:00Z`;
    expect((await keyIn({ fpca, method: 'mail', receivedAt }, auditorKey)).status).toBe(403);
    // refused: a receipt in the future, an FPCA of another office, a bad FPCA field (each named)
    const refused = async (body: unknown) => {
      const res = await keyIn(body);
      expect(res.status).toBe(400);
      return ((await res.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field);
    };
    expect(await refused({ fpca, method: 'mail', receivedAt: '2099-01-01T00:00:00Z' })).toEqual(
      expect.arrayContaining(['receivedAt']),
    );
    expect(
      await refused({ fpca: { ...fpca, jurisdictionId: 'us-elsewhere' }, method: 'mail', receivedAt }),
    ).toEqual(['fpca.jurisdictionId']);
    expect(
      await refused({ fpca: { ...fpca, dateOfBirth: '1979-02-30' }, method: 'fax', receivedAt }),
    ).toEqual(['fpca.dateOfBirth']);
    expect(await refused({ fpca, method: 'pigeon', receivedAt })).toEqual(['method']);

    const res = await keyIn({ fpca, method: 'mail', receivedAt });
    expect(res.status).toBe(202);
    const { requestId, trackingCode } = (await res.json()) as { requestId: string; trackingCode: string };
    expect(trackingCode).toMatch(/\S/);
    const stored = await db.query(
      `SELECT request_method, received_at FROM ballot_requests WHERE request_id = $1`,
      [requestId],
    );
    expect(stored.rows).toEqual([{ request_method: 'mail', received_at: new Date(receivedAt) }]);
    // not on the roll: it waits for a person, as an online request would
    await inQueue(requestId);

    const elections = (await (await http.office(auditorKey, '/elections')).json()) as {
      items: Array<{ electionId: string }>;
    };
    const csv = await (
      await http.office(auditorKey, `/elections/${elections.items[0].electionId}/reports/eavs-section-b.csv`)
    ).text();
    const [header, ...rows] = parse(csv) as string[][];
    const row = rows.find((r) => r[header.indexOf('TransactionId')] === requestId)!;
    expect({
      method: row[header.indexOf('RequestMethod')],
      date: row[header.indexOf('RequestDate')],
    }).toEqual({ method: 'mail', date: receivedOn });
    const online = rows.find((r) => r[header.indexOf('TransactionId')] !== requestId)!;
    expect(online[header.indexOf('RequestMethod')]).toBe('online');
  }, 120000);

  it('links a request with several candidates to the right roll record', async () => {
    const req = await submit((v) => {
      v.name = { first: 'Tom', last: 'Twin' };
      v.dateOfBirth = '1971-04-04' as IsoDate;
      v.identification = { type: 'drivers-license', value: 'TT100002' };
    });
    const item = await inQueue(req.requestId);
    expect(item.reasons.map((r) => r.code)).toEqual(['roll-multiple-candidates']);
    expect(item.candidates.map((c) => c.record.id).sort()).toEqual(['OH-T1', 'OH-T2']);
    expect(item.candidates.every((c) => c.nameMatches)).toBe(true);
    const chosen = item.candidates.find((c) => c.record.id === 'OH-T2')!;
    const approved = await http.officePost(clerkKey, `/ballot-requests/${req.requestId}/approve`, {
      rollRecordId: chosen.rollRecordId,
    });
    expect(approved.status === 200 ? 200 : await approved.text()).toBe(200);
    await eventually(
      async () => {
        const t = await tracking(req.trackingCode);
        return t.steps.some((s) => s.type === 'uocava.ballot.generated.v1') ? t : undefined;
      },
      60000,
      'ballot.generated on the tracking page',
    );
    const stored = await db.query(`SELECT roll_record_id FROM ballot_requests WHERE request_id = $1`, [
      req.requestId,
    ]);
    expect(stored.rows[0].roll_record_id).toBe(chosen.rollRecordId);
  }, 120000);

  it('rejects with reasons the voter sees, and records every decision in the audit trail', async () => {
    const req = await submit((v) => {
      v.name = { first: 'Rita', last: 'Refused' };
      v.dateOfBirth = '1988-08-08' as IsoDate;
    });
    await inQueue(req.requestId);
    const bad = await http.officePost(clerkKey, `/ballot-requests/${req.requestId}/reject`, {
      reasons: ['nope'],
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ field: string }> }).errors[0].field).toBe('reasons.0');
    const rejected = await http.officePost(clerkKey, `/ballot-requests/${req.requestId}/reject`, {
      reasons: ['not-on-roll'],
    });
    expect(rejected.status).toBe(200);
    const page = await eventually(
      async () => {
        const t = await tracking(req.trackingCode);
        return t.steps.some((s) => s.type === 'uocava.request.rejected.v1') ? t : undefined;
      },
      60000,
      'request.rejected on the tracking page',
    );
    expect(page).toMatchObject({ status: 'rejected', reasons: ['not-on-roll'] });

    const audit = await db.query(
      `SELECT action, outcome, role, details FROM audit_log WHERE jurisdiction_id = $1 ORDER BY audit_id`,
      [mahoning.jurisdictionId],
    );
    const entries = audit.rows.map((r: { action: string; outcome: string }) => `${r.action}:${r.outcome}`);
    // the decisions, each once, with its outcome (the second one made on the review page)
    expect(entries.filter((e: string) => /:(verified|rejected)$/.test(e))).toEqual([
      'ballot-request.approve:verified',
      'ballot-request.approve:verified',
      'ballot-request.approve:verified',
      'ballot-request.reject:rejected',
    ]);
    // every other office call too: the refused ones, the failed ones, the reads of the queue
    expect(entries).toEqual(
      expect.arrayContaining([
        'election.define:ok',
        'voter-roll.import:ok',
        'review-queue.view:ok',
        'ballot-request.approve:denied', // the auditor
        'ballot-request.reject:error', // the bad reason (400), the second decision (409)
      ]),
    );
    expect(entries).not.toContain('ballot-request.approve:ok');
    expect(JSON.stringify(audit.rows)).not.toMatch(/Rita|Refused|Nora|Newcomer|1988-08-08/);
  }, 120000);
});
