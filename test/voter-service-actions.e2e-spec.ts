/**
 * Voter service actions end to end (apps as separate processes, real Postgres and Kafka, mail
 * through a local SMTP server): a clerk reissues an e-mail voter's ballot (the old one void, the
 * replacement generated with the same style and sent, both steps receipted on the log, the voter
 * told), changes another voter's e-mail address (told at both addresses, the old request kept
 * sealed in the history), then cancels that request (its ballot void, the voter told, a new
 * request accepted). Refusals are problem+json, roles are enforced, every action is audited.
 */
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import {
  createOffice,
  electionDateThisYear,
  eventually,
  fpcaRequest,
  officeContext,
  ownerDatabaseUrl,
  rollRowOf,
  startSmtpSink,
  type Person,
  type SmtpSink,
  type TestOffice,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

jest.setTimeout(300_000);

const RESIDENCE = {
  street: '3818 Belmont Ave',
  city: 'Youngstown',
  state: 'OH',
  zip: '44505',
  county: 'Mahoning',
};
const ANA: Person = { first: 'Ana', last: 'Reissova', dateOfBirth: '1982-03-04', driversLicense: 'OH800001' };
const BEN: Person = {
  first: 'Ben',
  last: 'Changewell',
  dateOfBirth: '1983-04-05',
  driversLicense: 'OH800002',
};

interface BallotRow {
  ballot_id: string;
  status: string;
  ballot_style_id: string;
  replaces_ballot_id: string | null;
  void_reason: string | null;
}

describe('voter service: reissue, contact change, cancel', () => {
  let stack: ProcessStack;
  let sink: SmtpSink;
  let office: TestOffice;
  let db: Client;
  let electionId: string;
  const req: Record<'ana' | 'ben', { requestId: string; trackingCode: string }> = {
    ana: { requestId: '', trackingCode: '' },
    ben: { requestId: '', trackingCode: '' },
  };

  const ballotsOf = async (requestId: string) =>
    (
      await db.query<BallotRow>(
        `SELECT ballot_id, status, ballot_style_id, replaces_ballot_id, void_reason FROM ballots
         WHERE request_id = $1 ORDER BY generated_at`,
        [requestId],
      )
    ).rows;
  const transmitted = (requestId: string, count: number) =>
    eventually(
      async () => {
        const rows = await ballotsOf(requestId);
        return rows.filter((b) => b.status === 'transmitted').length === 1 && rows.length === count
          ? rows
          : undefined;
      },
      120_000,
      `${count} ballot(s) of ${requestId}, one transmitted`,
    );
  const problem = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as { type: string; errors?: Array<{ field: string }> };
  };

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    const created = await createOffice({
      prefix: 'vsa',
      roles: ['clerk', 'auditor'],
      settings: { applicationDeadlineDaysBefore: 0 },
    });
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    stack = await startProcessStack();
    office = officeContext(stack.baseUrl, created);
    const defined = await office.defineElection({ date: electionDateThisYear(30) });
    expect(defined.status).toBe(201);
    electionId = ((await defined.json()) as { electionId: string }).electionId;
    expect(
      (await office.importRoll([rollRowOf(ANA, RESIDENCE, 'VS-1'), rollRowOf(BEN, RESIDENCE, 'VS-2')]))
        .status,
    ).toBe(200);
    for (const [key, person] of [
      ['ana', ANA],
      ['ben', BEN],
    ] as const) {
      const res = await office.submitFpca(fpcaRequest(office.jurisdictionId, person, RESIDENCE));
      expect(res.status).toBe(202);
      Object.assign(req[key], (await res.json()) as { requestId: string; trackingCode: string });
    }
    await transmitted(req.ana.requestId, 1);
    await transmitted(req.ben.requestId, 1);
  }, 240_000);

  afterAll(async () => {
    delete process.env.SMTP_URL;
    await db?.end();
    await stack?.stop();
    await sink?.stop();
  });

  it('reissues a ballot: the old one void, the replacement sent, both steps receipted, the voter told', async () => {
    const [old] = await ballotsOf(req.ana.requestId);
    const bad = await problem(
      await office.post(`/ballots/${old.ballot_id}/reissue`, { reason: 'whim' }),
      400,
    );
    expect(bad.errors?.map((e) => e.field)).toEqual(['reason']);
    await problem(
      await office.post(`/ballots/${old.ballot_id}/reissue`, { reason: 'spoiled' }, 'auditor'),
      403,
    );
    expect((await ballotsOf(req.ana.requestId))[0].status).toBe('transmitted'); // nothing written

    const res = await office.post(`/ballots/${old.ballot_id}/reissue`, { reason: 'spoiled' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ballotId: old.ballot_id, status: 'void', reason: 'spoiled' });
    // void now: it cannot be reissued again, nor returned
    expect(
      (await problem(await office.post(`/ballots/${old.ballot_id}/reissue`, { reason: 'lost' }), 409)).type,
    ).toMatch(/illegal-transition$/);
    await problem(
      await office.post('/returns', {
        ballotId: old.ballot_id,
        receivedAt: new Date().toISOString(),
        method: 'mail',
      }),
      409,
    );

    const rows = await transmitted(req.ana.requestId, 2);
    expect(rows[0]).toMatchObject({ ballot_id: old.ballot_id, status: 'void', void_reason: 'reissued' });
    expect(rows[1]).toMatchObject({
      status: 'transmitted',
      replaces_ballot_id: old.ballot_id,
      ballot_style_id: old.ballot_style_id,
    });
    const replacement = rows[1].ballot_id;

    // both steps on the voter's log, each with its receipt
    const steps = await eventually(
      async () => {
        const r = await db.query<{ event_type: string; ballot_id: string | null }>(
          `SELECT event_type, ballot_id FROM tracking_steps WHERE request_id = $1 AND receipt IS NOT NULL`,
          [req.ana.requestId],
        );
        const types = r.rows.map((s) => `${s.event_type}:${s.ballot_id}`);
        return types.includes(`uocava.ballot.voided.v1:${old.ballot_id}`) &&
          types.includes(`uocava.ballot.generated.v1:${replacement}`) &&
          types.includes(`uocava.ballot.transmitted.v1:${replacement}`)
          ? types
          : undefined;
      },
      60_000,
      'receipts of the void and the replacement',
    );
    expect(steps.length).toBeGreaterThanOrEqual(6);

    // the voter: told the old ballot is replaced, then the new link (a second "ready" mail)
    const to = 'ana.reissova@example.org';
    await sink.waitFor((m) => m.envelope.to.includes(to) && /replaced/.test(m.subject), {
      what: 'replaced mail',
    });
    await sink.waitFor((m) => m.envelope.to.includes(to) && m.subject === 'Your ballot is ready', {
      count: 2,
      what: 'two ballot mails',
    });

    // the tracking page shows both ballots: the void one and the new one
    const tracked = await office.get(`/voter-service/search?requestId=${req.ana.requestId}`);
    expect(tracked.status).toBe(200);
    const audit = await db.query<{ action: string; outcome: string }>(
      `SELECT action, outcome FROM audit_log WHERE target = $1 AND action = 'ballot.reissue'`,
      [`ballot:${old.ballot_id}`],
    );
    expect(audit.rows.map((r) => r.outcome)).toContain('ok');
  });

  it('serves the clerk through the voter service page: find, then a form changes the phone (audited via web)', async () => {
    const signIn = await fetch(`${stack.baseUrl}/office/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: office.key('clerk'), next: '/office' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await fetch(`${stack.baseUrl}/office/voter-service?trackingCode=${req.ana.trackingCode}`, {
      headers: { cookie },
    });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Ana Reissova');
    expect(html).toContain('Change contact details or mailing address');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    // the form posts every field as shown, with only the phone filled in
    const form = new URLSearchParams({
      _csrf: csrf,
      email: 'ana.reissova@example.org',
      phone: '+49 30 5550123',
      ballotDelivery: 'email',
      line1: 'Hauptstraße 5',
      line2: '',
      city: 'Berlin',
      region: '',
      postalCode: '10115',
      country: 'DE',
    });
    const posted = await fetch(`${stack.baseUrl}/office/voter-service/${req.ana.requestId}/contact-change`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toContain('done=contact-changed');
    const changes = await db.query<{ fields: string[] }>(
      `SELECT fields FROM request_contact_changes WHERE request_id = $1`,
      [req.ana.requestId],
    );
    expect(changes.rows.map((r) => r.fields)).toEqual([['phone']]);
    const audit = await db.query<{ details: { via?: string } | null }>(
      `SELECT details FROM audit_log WHERE target = $1 AND action = 'ballot-request.contact-change' AND outcome = 'ok'`,
      [`ballot-request:${req.ana.requestId}`],
    );
    expect(audit.rows.length).toBe(1);
    // the same form again changes nothing: the page says so, nothing is written
    const again = await fetch(`${stack.baseUrl}/office/voter-service/${req.ana.requestId}/contact-change`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('nothing to change');
  });

  it("changes a voter's e-mail: checked, re-sealed, the old request kept sealed, told at both addresses", async () => {
    const url = `/ballot-requests/${req.ben.requestId}/contact-change`;
    const bad = await problem(
      await office.post(url, { email: 'not an address', ballotDelivery: 'pigeon' }),
      400,
    );
    expect(bad.errors?.map((e) => e.field).sort()).toEqual(['ballotDelivery', 'email']);
    // valid shapes, but the request would not be: an e-mail voter without an e-mail address
    const invalid = await problem(await office.post(url, { email: null }), 400);
    expect(invalid.errors?.map((e) => e.field)).toContain('contact.email');
    await problem(await office.post(url, { email: 'ben.changewell@example.org' }), 400); // no change
    await problem(await office.post(url, { email: 'ben@example.net' }, 'auditor'), 403);
    await problem(
      await office.post(`/ballot-requests/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/contact-change`, {
        email: 'x@example.org',
      }),
      404,
    );
    expect(
      (await db.query(`SELECT 1 FROM request_contact_changes WHERE request_id = $1`, [req.ben.requestId]))
        .rowCount,
    ).toBe(0);

    const res = await office.post(url, { email: 'ben.new@example.net' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      requestId: req.ben.requestId,
      fields: ['email'],
      ballotDelivery: 'email',
    });
    const history = await db.query<{ fields: string[]; changed_by: string; previous_pii: Buffer }>(
      `SELECT fields, changed_by, previous_pii FROM request_contact_changes WHERE request_id = $1`,
      [req.ben.requestId],
    );
    expect(history.rows).toHaveLength(1);
    expect(history.rows[0].fields).toEqual(['email']);
    expect(history.rows[0].changed_by).toBe(`key:${office.keyIds.clerk}`);
    // sealed: the old address is not readable in the row
    expect(history.rows[0].previous_pii.toString('latin1')).not.toContain('changewell@example.org');

    const found = (await (
      await office.get(`/voter-service/search?requestId=${req.ben.requestId}`)
    ).json()) as {
      items: Array<{ request: { contact: { email?: string } } }>;
    };
    expect(found.items[0].request.contact.email).toBe('ben.new@example.net');
    for (const to of ['ben.new@example.net', 'ben.changewell@example.org'])
      await sink.waitFor(
        (m) => m.envelope.to.includes(to) && m.subject === 'Your contact details were changed',
        {
          what: `contact-changed mail to ${to}`,
        },
      );
    // the event names the field, never the value
    const outbox = await db.query<{ payload: unknown }>(
      `SELECT payload FROM outbox WHERE event_type = 'uocava.request.contact-changed.v1' AND message_key = $1`,
      [req.ben.requestId],
    );
    expect(outbox.rows).toHaveLength(1);
    expect(JSON.stringify(outbox.rows[0].payload)).not.toContain('ben.new');
  });

  it('cancels a request: its ballot void, the voter told, a new request accepted; EAVS says cancelled', async () => {
    const url = `/ballot-requests/${req.ben.requestId}/cancel`;
    await problem(await office.post(url, {}), 400);
    await problem(await office.post(url, { reason: 'voter-request' }, 'auditor'), 403);
    const [ballot] = await ballotsOf(req.ben.requestId);
    const res = await office.post(url, { reason: 'voter-request' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled', voidedBallots: [ballot.ballot_id] });
    expect((await ballotsOf(req.ben.requestId))[0]).toMatchObject({
      status: 'void',
      void_reason: 'request-cancelled',
    });
    expect((await problem(await office.post(url, { reason: 'voter-request' }), 409)).type).toMatch(
      /request-not-standing$/,
    );
    await sink.waitFor(
      (m) =>
        m.envelope.to.includes('ben.new@example.net') && m.subject === 'Your ballot request was cancelled',
      { what: 'cancelled mail' },
    );
    // no replacement for a cancelled request's ballot
    await new Promise((r) => setTimeout(r, 2000));
    expect(await ballotsOf(req.ben.requestId)).toHaveLength(1);

    const eavs = await office.get(`/elections/${electionId}/reports/eavs-section-b.csv`, {}, 'auditor');
    expect(eavs.status).toBe(200);
    const rows = parse(await eavs.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.RequestStatusType).sort()).toEqual(['accepted', 'cancelled']);

    // the voter may ask again: a new request, not a duplicate of the cancelled one
    const again = await office.submitFpca(fpcaRequest(office.jurisdictionId, BEN, RESIDENCE));
    expect(again.status).toBe(202);
    expect(((await again.json()) as { requestId: string }).requestId).not.toBe(req.ben.requestId);
  });
});
