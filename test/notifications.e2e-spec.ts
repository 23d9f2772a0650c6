/**
 * E-mail to voters through every app, over HTTP and real Kafka, delivered by SMTP to a real SMTP
 * server in this process (startSmtpSink): the mails of a voter's journey in order, the ballot link
 * opening the packet, a mail voter who gets no link, a review and rejection, a return, a cure and
 * the acceptance, then an SMTP outage during which the notifications app restarts — every message
 * delivered once, none lost. Text messages (SMS) go through the same apps into the SMS sink
 * (SMS_PROVIDER=sink): an opted-in voter gets a text for the same steps as the e-mails, a voter
 * who gave a number without opting in gets none, and the office's opt-out stops them.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { TOPICS } from '@uocava/contracts';
import { validFpcaExample, type IsoDate } from '@uocava/domain';
import {
  createOffice,
  electionDateThisYear,
  EXAMPLE_PRECINCT,
  eventually,
  gatewayClient,
  startSmtpSink,
  waitForConsumerGroup,
  ownerDatabaseUrl,
  type ReceivedMail,
  type RollRow,
  type SmtpSink,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

interface Voter {
  input: BallotRequestInput;
  email: string;
  requestId: string;
  trackingCode: string;
}

const SUBJECT = {
  received: 'We received your ballot request',
  review: 'Your ballot request is being checked',
  requestRejected: 'Your ballot request was not accepted',
  ready: 'Your ballot is ready',
  sentByPost: 'Your ballot was sent by post',
  returned: 'Your ballot arrived at the election office',
  accepted: 'Your ballot was accepted',
  cured: 'Thank you: the problem with your ballot is fixed',
};

describe('notifications: e-mail to voters through SMTP', () => {
  let sink: SmtpSink;
  let stack: ProcessStack;
  let db: Client;
  let jurisdictionId: string;
  let clerk: string;
  const run = randomBytes(3).toString('hex');
  const voters: Voter[] = [];
  const today = new Date().toISOString().slice(0, 10);

  /** A roll record for each voter who should match (the others need a review). */
  const people: Array<{
    key: string;
    first: string;
    last: string;
    dob: string;
    dl: string;
    onRoll: boolean;
  }> = [
    { key: 'jane', first: 'Jane', last: 'Doe', dob: '1993-11-12', dl: 'AA999888', onRoll: true },
    { key: 'mark', first: 'Mark', last: 'Mailer', dob: '1980-02-03', dl: 'MM100200', onRoll: true },
    { key: 'carl', first: 'Carl', last: 'Curewell', dob: '1975-06-07', dl: 'CC300400', onRoll: true },
    { key: 'nora', first: 'Nora', last: 'Norollson', dob: '1990-09-09', dl: 'NN500600', onRoll: false },
    { key: 'olga', first: 'Olga', last: 'Outage', dob: '1988-08-08', dl: 'OO700800', onRoll: true },
    { key: 'sofia', first: 'Sofia', last: 'Sanabria', dob: '1991-04-05', dl: 'SS900100', onRoll: true },
    { key: 'lucia', first: 'Lucia', last: 'Lenguaje', dob: '1992-05-06', dl: 'LL200300', onRoll: true },
    { key: 'tina', first: 'Tina', last: 'Textwell', dob: '1994-03-04', dl: 'TT400500', onRoll: true },
    { key: 'tom', first: 'Tom', last: 'Notexts', dob: '1987-07-08', dl: 'TN600700', onRoll: true },
  ];
  /** the SMS sink's directory: one `<sms id>.json` per text (SMS_SINK_DIR) */
  const smsDir = mkdtempSync(join(tmpdir(), 'uocava-sms-e2e-'));
  interface SinkText {
    to: string;
    text: string;
    idempotencyKey: string;
    sentAt: string;
  }
  const texts = (): SinkText[] =>
    readdirSync(smsDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(smsDir, f), 'utf8')) as SinkText)
      .sort((a, b) => a.sentAt.localeCompare(b.sentAt));
  const textsTo = (mobile: string) => texts().filter((x) => x.to === mobile);

  beforeAll(async () => {
    sink = await startSmtpSink();
    process.env.SMTP_URL = sink.url;
    process.env.MAIL_FROM = 'Mahoning County Ballots <ballots@mahoning.example.gov>';
    process.env.MAIL_RETRY_BASE_MS = '200';
    process.env.MAIL_RETRY_MAX_MS = '1000';
    process.env.MAIL_SWEEP_INTERVAL_MS = '1000';
    process.env.SMS_PROVIDER = 'sink';
    process.env.SMS_SINK_DIR = smsDir;
    process.env.SMS_SWEEP_INTERVAL_MS = '1000';
    const office = await createOffice({ prefix: 'mail', roles: ['clerk'] });
    jurisdictionId = office.jurisdictionId;
    clerk = office.keys.clerk!;
    // below the API: the office's settings are written as the owner of the tables
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    await db.query(
      `UPDATE jurisdictions SET settings = jsonb_set(settings, '{office}', settings->'office' || $2::jsonb)
       WHERE jurisdiction_id = $1`,
      [jurisdictionId, { email: 'uocava@mahoning.example.gov', phone: '+1 330 555 0100' }],
    );
    stack = await startProcessStack();
    // the apps read the shared topics from the beginning: let the notifications consumer get
    // through what earlier tests left there before this test measures the order of its mails
    await waitForConsumerGroup(`${stack.consumerGroupPrefix}notifications`, [
      TOPICS.requests,
      TOPICS.ballots,
    ]);
    const http = gatewayClient(stack.baseUrl);
    const created = await http.defineElection(clerk, electionDateThisYear(40));
    expect(created.status === 201 ? 201 : await created.text()).toBe(201);
    const rows: RollRow[] = people
      .filter((p) => p.onRoll)
      .map((p, i) => ({
        state_voter_id: `OH-M${i}`,
        first_name: p.first,
        last_name: p.last,
        date_of_birth: p.dob,
        drivers_license: p.dl,
        residence_street: '3818 Belmont Ave',
        residence_city: 'Youngstown',
        residence_state: 'OH',
        residence_zip: '44505',
        county: 'Mahoning',
        precinct: EXAMPLE_PRECINCT,
        status: 'active',
      }));
    const roll = await http.importRoll(clerk, rows);
    expect(await roll.json()).toMatchObject({ applied: rows.length, refused: 0 });
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
    await sink?.stop();
    await db?.end();
    rmSync(smsDir, { recursive: true, force: true });
  });

  const http = () => gatewayClient(stack.baseUrl);

  async function submit(
    key: string,
    change: (r: BallotRequestInput) => void = () => undefined,
    headers: Record<string, string> = {},
  ): Promise<Voter> {
    const p = people.find((x) => x.key === key)!;
    const input = validFpcaExample();
    input.jurisdictionId = jurisdictionId;
    input.name = { first: p.first, last: p.last };
    input.dateOfBirth = p.dob as IsoDate;
    input.identification = { type: 'drivers-license', value: p.dl };
    input.affirmation.signedOn = today as IsoDate;
    const email = `${key}-${run}@example.org`;
    input.contact = { email };
    change(input);
    const res = await http().submit(input, headers);
    expect(res.status === 202 ? 202 : await res.text()).toBe(202);
    const body = (await res.json()) as { requestId: string; trackingCode: string };
    const voter = { input, email, ...body };
    voters.push(voter);
    return voter;
  }

  const mailsTo = (v: Voter) => sink.to(v.email);
  const waitForSubjects = async (v: Voter, subjects: string[], timeoutMs = 60000) => {
    await eventually(
      async () => {
        const got = mailsTo(v).map((m) => m.subject);
        return subjects.every((s) => got.includes(s)) ? got : undefined;
      },
      timeoutMs,
      `${v.email}: ${subjects.join(', ')}`,
    );
    return mailsTo(v);
  };
  const bySubject = (v: Voter, subject: string): ReceivedMail => {
    const m = mailsTo(v).find((x) => x.subject === subject);
    if (!m) throw new Error(`${v.email}: no "${subject}"`);
    return m;
  };
  const post = (path: string, body: unknown) => http().officePost(clerk, path, body);
  const ballotOf = async (v: Voter) =>
    eventually(async () => (await http().track(v.trackingCode)).ballots[0]?.ballotId, 60000, 'the ballot');

  /** What no e-mail may contain: the voter's data beyond the first name, and any attachment or HTML. */
  function expectClean(v: Voter, mail: ReceivedMail) {
    const raw = mail.raw.toString('utf8');
    for (const personal of [
      v.input.dateOfBirth,
      (v.input.identification as { value: string }).value,
      v.input.votingResidence.street,
      v.input.mailingAddress.lines[0],
    ])
      expect(raw).not.toContain(personal);
    expect(`${mail.subject}\n${mail.text}`).not.toContain(v.input.name.last);
    expect(mail.parsed.attachments).toHaveLength(0);
    expect(mail.parsed.html).toBe(false);
    expect(mail.parsed.headers.get('content-type')).toMatchObject({ value: 'text/plain' });
    const greeting =
      v.input.language === 'es' ? `Hola, ${v.input.name.first}:` : `Hello ${v.input.name.first},`;
    expect(mail.text.startsWith(greeting)).toBe(true);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@mahoning\.example\.gov>$/);
    expect(mail.envelope.to).toEqual([v.email]);
  }

  it('e-mails an e-mail voter the receipt of the request, then the ballot link, which opens the packet', async () => {
    const jane = await submit('jane');
    const mails = await waitForSubjects(jane, [SUBJECT.received, SUBJECT.ready]);
    expect(mails.map((m) => m.subject)).toEqual([SUBJECT.received, SUBJECT.ready]);
    const trackingLink = `${stack.baseUrl}/track?code=${jane.trackingCode}`;
    expect(mails[0].text).toContain(`Your tracking code: ${jane.trackingCode}`);
    expect(mails[0].text).toContain(trackingLink);
    expect(mails[0].text).toContain('uocava@mahoning.example.gov');

    const ready = mails[1];
    const link = new RegExp(
      `${stack.baseUrl.replace(/[.]/g, '\\.')}/ballot/([0-9a-f-]{36})\\?token=([0-9a-f]+)\\n`,
    ).exec(ready.text);
    expect(link).not.toBeNull();
    const [, ballotId, token] = link!;
    expect(await ballotOf(jane)).toBe(ballotId);
    const pdf = await fetch(`${stack.baseUrl}/api/v1/ballots/${ballotId}/packet?token=${token}`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // the token is the key: a wrong one opens nothing
    const wrong = await fetch(
      `${stack.baseUrl}/api/v1/ballots/${ballotId}/packet?token=${'0'.repeat(token.length)}`,
    );
    expect(wrong.status).toBe(404);
    for (const m of mails) expectClean(jane, m);
  });

  it('answers a resubmission without the tracking code and e-mails it to the first address, once a day', async () => {
    const jane = voters[0];
    const resend = async (email: string) => {
      const res = await http().submit({ ...jane.input, contact: { email } });
      expect(res.status).toBe(200);
      const answer = await res.text();
      expect(answer).not.toContain(jane.trackingCode);
      expect(JSON.parse(answer)).toMatchObject({ duplicate: true, status: 'duplicate' });
    };
    // someone who knows Jane's name and birth date sends her FPCA with their own address
    const stranger = `stranger-${run}@example.org`;
    await resend(stranger);
    const [reminder] = await sink.waitFor(
      (m) => m.envelope.to.includes(jane.email) && m.subject === 'Your ballot request was sent again',
      { timeoutMs: 60000, what: 'the resubmission e-mail' },
    );
    expect(reminder.text).toContain(`Your tracking code: ${jane.trackingCode}`);
    expect(reminder.text).toContain('If you did not send it, tell your election office.');
    expectClean(jane, reminder);
    // a second resubmission the same day: processed, but no second e-mail
    await resend(stranger);
    await eventually(
      async () => {
        const { rows } = await db.query(
          `SELECT count(*)::int AS n FROM inbox WHERE jurisdiction_id = $1 AND consumer = $2
             AND event_type = 'uocava.request.duplicate.v1'`,
          [jurisdictionId, `${stack.consumerGroupPrefix}notifications`],
        );
        return rows[0].n >= 2 ? true : undefined;
      },
      60000,
      'both resubmissions through the notifications consumer',
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      sink.to(jane.email).filter((m) => m.subject === 'Your ballot request was sent again'),
    ).toHaveLength(1);
    expect(sink.to(stranger)).toEqual([]);
  });

  it('tells a mail voter each step without ever sending the ballot link', async () => {
    const mark = await submit('mark', (r) => {
      r.ballotDelivery = 'mail';
    });
    const [received] = await waitForSubjects(mark, [SUBJECT.received]);
    expect(received.text).toContain('will send your ballot by post');
    // the ballot waits in the office's work queue, and no ballot e-mail goes out
    const ballotId = await eventually(
      async () => {
        const res = await http().office(clerk, '/work-queue');
        const body = (await res.json()) as { items: Array<{ ballotId: string; requestId: string }> };
        return body.items.find((i) => i.requestId === mark.requestId)?.ballotId;
      },
      60000,
      'the mail ballot in the work queue',
    );
    const sent = await post(`/ballots/${ballotId}/transmitted`, {
      transmittedAt: new Date().toISOString(),
      method: 'mail',
    });
    expect(sent.status).toBe(200);
    const mails = await waitForSubjects(mark, [SUBJECT.sentByPost]);
    expect(mails.map((m) => m.subject)).toEqual([SUBJECT.received, SUBJECT.sentByPost]);
    for (const m of mails) {
      expect(m.text).not.toContain('/ballot/');
      expect(m.text).not.toContain('token=');
      expectClean(mark, m);
    }
  });

  it('tells a voter whose request needs a person, and then why it was rejected and what to do', async () => {
    const nora = await submit('nora');
    await waitForSubjects(nora, [SUBJECT.received, SUBJECT.review]);
    const rejected = await post(`/ballot-requests/${nora.requestId}/reject`, {
      reasons: ['residence-outside-jurisdiction'],
    });
    expect(rejected.status === 200 ? 200 : await rejected.text()).toBe(200);
    const mails = await waitForSubjects(nora, [SUBJECT.requestRejected]);
    expect(mails.map((m) => m.subject)).toEqual([SUBJECT.received, SUBJECT.review, SUBJECT.requestRejected]);
    const text = bySubject(nora, SUBJECT.requestRejected).text;
    expect(text).toContain('The voting residence is not in the area this election office serves.');
    expect(text).toContain('Federal Write-In Absentee Ballot (FWAB)');
    for (const m of mails) expectClean(nora, m);
  });

  it('e-mails the return and the acceptance of a ballot', async () => {
    const jane = voters.find((v) => v.email.startsWith('jane-'))!;
    const ballotId = await ballotOf(jane);
    const ret = await post('/returns', {
      ballotId,
      receivedAt: new Date().toISOString(),
      method: 'mail',
      postmarkDate: today,
    });
    expect(await ret.json()).toMatchObject({ timely: true });
    await waitForSubjects(jane, [SUBJECT.returned]);
    expect((await post(`/ballots/${ballotId}/accept`, {})).status).toBe(200);
    const mails = await waitForSubjects(jane, [SUBJECT.accepted]);
    expect(mails.map((m) => m.subject)).toEqual([
      SUBJECT.received,
      SUBJECT.ready,
      'Your ballot request was sent again',
      SUBJECT.returned,
      SUBJECT.accepted,
    ]);
    expect(bySubject(jane, SUBJECT.returned).text).toContain('It arrived in time.');
    for (const m of mails) expectClean(jane, m);
  });

  it("writes in the request's language: the FPCA's preference, else the browser's Accept-Language", async () => {
    const es = ['Recibimos su solicitud de boleta', 'Su boleta está lista'];
    // the FPCA states Spanish (and the browser asks for English: the preference wins)
    const sofia = await submit('sofia', (r) => (r.language = 'es'), { 'accept-language': 'en-US' });
    // no preference on the FPCA: the browser's Accept-Language (es-MX) decides, and sticks to the request
    const lucia = await submit('lucia', () => undefined, { 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' });
    lucia.input.language = 'es';
    for (const v of [sofia, lucia]) {
      const mails = await waitForSubjects(v, es);
      expect(mails.map((m) => m.subject)).toEqual(es);
      expect(mails[0].text).toContain(`Su código de seguimiento: ${v.trackingCode}`);
      expect(mails[0].text).toContain('Correo electrónico: uocava@mahoning.example.gov');
      expect(mails[1].text).toMatch(/Abra esta página para descargarla:\n\S+\/ballot\/[0-9a-f-]{36}\?token=/);
      for (const m of mails) {
        expect(m.text).not.toMatch(/\bYour\b|\bHello\b/);
        expectClean(v, m);
      }
    }
    // an invalid language is a 400 naming the field, never stored
    const bad = { ...sofia.input, language: 'xx' };
    const res = await http().submit(bad);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      errors: expect.arrayContaining([expect.objectContaining({ field: 'language' })]),
    });
  });

  it('asks for a cure with what to fix and the deadline, then confirms the cure and the acceptance', async () => {
    const carl = await submit('carl');
    await waitForSubjects(carl, [SUBJECT.ready]);
    const ballotId = await ballotOf(carl);
    await post('/returns', {
      ballotId,
      receivedAt: new Date().toISOString(),
      method: 'mail',
      postmarkDate: today,
    });
    const deadline = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
    const cure = await post(`/ballots/${ballotId}/request-cure`, {
      reasons: ['missing-voter-signature'],
      cureDeadline: `${deadline}T17:00:00-05:00`,
    });
    expect(cure.status === 200 ? 200 : await cure.text()).toBe(200);
    const d = new Date(`${deadline}T22:00:00Z`);
    const day = `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${d.getUTCFullYear()}`;
    const subject = `Action needed: fix a problem with your ballot by ${day}`;
    await waitForSubjects(carl, [subject]);
    const text = bySubject(carl, subject).text;
    expect(text).toContain('The declaration on your ballot envelope was not signed.');
    expect(text).toContain(`${day}, 22:00 UTC (17:00 at the election office, UTC-05:00).`);

    expect((await post(`/ballots/${ballotId}/cure`, {})).status).toBe(200);
    await waitForSubjects(carl, [SUBJECT.cured]);
    expect((await post(`/ballots/${ballotId}/accept`, {})).status).toBe(200);
    const mails = await waitForSubjects(carl, [SUBJECT.accepted]);
    expect(mails.map((m) => m.subject)).toEqual([
      SUBJECT.received,
      SUBJECT.ready,
      SUBJECT.returned,
      subject,
      SUBJECT.cured,
      SUBJECT.accepted,
    ]);
    for (const m of mails) expectClean(carl, m);
  });

  it('texts an opted-in voter for the same steps as the e-mails, never one who did not opt in, and stops at the opt-out', async () => {
    const tinaMobile = `+4917${randomBytes(4).readUInt32BE(0) % 100000000}`.padEnd(13, '0');
    const tomMobile = `+4915${randomBytes(4).readUInt32BE(0) % 100000000}`.padEnd(13, '0');
    const tina = await submit('tina', (r) => {
      r.contact = { ...r.contact, mobile: tinaMobile, smsOptIn: true };
    });
    // a number without the opt-in: no text, ever
    const tom = await submit('tom', (r) => {
      r.contact = { ...r.contact, mobile: tomMobile };
    });
    const mails = await waitForSubjects(tina, [SUBJECT.received, SUBJECT.ready]);
    await waitForSubjects(tom, [SUBJECT.received, SUBJECT.ready]);
    const sms = await eventually(
      async () => (textsTo(tinaMobile).length >= 2 ? textsTo(tinaMobile) : undefined),
      60000,
      "Tina's two texts",
    );
    expect(sms).toHaveLength(2);
    expect(sms[0].text).toContain('We received your ballot request.');
    expect(sms[0].text).toContain(`${stack.baseUrl}/track?code=${tina.trackingCode}`);
    // the ballot text carries the same packet link as the ballot e-mail
    const link = /(\S+\/ballot\/[0-9a-f-]{36}\?token=[0-9A-Za-z_-]+)/.exec(mails[1].text)![1];
    expect(sms[1].text).toBe(`${sms[1].text.split(':')[0]}: Your ballot is ready. Download it: ${link}`);
    for (const x of sms) {
      for (const personal of [
        tina.input.name.first,
        tina.input.name.last,
        tina.input.dateOfBirth,
        'TT400500',
        tina.input.votingResidence.street,
        tina.input.mailingAddress.lines[0],
        tina.email,
      ])
        expect(x.text).not.toContain(personal);
      expect(x.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    }

    // Tom's mails were queued, in the same transactions as a text would have been: none for him
    const smsRows = async (requestId: string) => {
      await db.query('BEGIN');
      try {
        await db.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [jurisdictionId]);
        const { rows } = await db.query<{ kind: string; status: string; cleared: boolean }>(
          `SELECT kind, status, content IS NULL AS cleared FROM sms_queue
           WHERE jurisdiction_id = $1 AND request_id = $2 ORDER BY event_time`,
          [jurisdictionId, requestId],
        );
        return rows;
      } finally {
        await db.query('COMMIT');
      }
    };
    expect(await smsRows(tom.requestId)).toEqual([]);
    expect(textsTo(tomMobile)).toEqual([]);
    expect(await smsRows(tina.requestId)).toEqual([
      { kind: 'request-received', status: 'sent', cleared: true },
      { kind: 'ballot-ready', status: 'sent', cleared: true },
    ]);

    // the office ends her texts (the voter asked): the change's e-mail goes out, no text any more
    const off = await post(`/ballot-requests/${tina.requestId}/contact-change`, { smsOptIn: false });
    expect(off.status === 200 ? await off.json() : await off.text()).toMatchObject({ fields: ['sms'] });
    const changed = await waitForSubjects(tina, ['Your contact details were changed']);
    expect(changed.at(-1)!.text).toContain('text messages (SMS)');
    await new Promise((r) => setTimeout(r, 2500));
    expect(textsTo(tinaMobile)).toHaveLength(2);
    expect((await smsRows(tina.requestId)).map((r) => r.kind)).toEqual(['request-received', 'ballot-ready']);
    for (const m of changed) expectClean(tina, m);
  });

  it('keeps every e-mail through an SMTP outage and a restart of the notifications app, and sends each once', async () => {
    const queueOf = async (requestId: string) => {
      await db.query('BEGIN');
      try {
        await db.query(`SELECT set_config('app.jurisdiction_id', $1, true)`, [jurisdictionId]);
        const { rows } = await db.query<{
          kind: string;
          status: string;
          attempts: number;
          last_error: string | null;
        }>(
          `SELECT kind, status, attempts, last_error FROM mail_queue
           WHERE jurisdiction_id = $1 AND request_id = $2 ORDER BY event_time`,
          [jurisdictionId, requestId],
        );
        return rows;
      } finally {
        await db.query('COMMIT');
      }
    };
    await sink.stop();
    const olga = await submit('olga');
    // both mails are queued and tried against the relay that is down
    const tried = await eventually(
      async () => {
        const rows = await queueOf(olga.requestId);
        return rows.length === 2 && rows[0].attempts > 0 ? rows : undefined;
      },
      60000,
      'the queued mails tried',
    );
    expect(tried.map((r) => [r.kind, r.status])).toEqual([
      ['request-received', 'pending'],
      ['ballot-ready', 'pending'],
    ]);
    expect(tried[0].last_error).toMatch(/^(ESOCKET|ECONNECTION|ETIMEDOUT)/); // the relay is unreachable

    // the notifications app goes down with mail queued; meanwhile the office records Mark's return
    await stack.stopApp('notifications');
    const mark = voters.find((v) => v.email.startsWith('mark-'))!;
    const markBallot = await ballotOf(mark);
    const ret = await post('/returns', {
      ballotId: markBallot,
      receivedAt: new Date().toISOString(),
      method: 'mail',
      postmarkDate: today,
    });
    expect(ret.status).toBe(200);
    await sink.start();
    await new Promise((r) => setTimeout(r, 1500));
    expect(mailsTo(olga)).toHaveLength(0); // nothing sends while the app is down

    await stack.startApp('notifications');
    const mails = await waitForSubjects(olga, [SUBJECT.received, SUBJECT.ready]);
    expect(mails.map((m) => m.subject)).toEqual([SUBJECT.received, SUBJECT.ready]);
    await waitForSubjects(mark, [SUBJECT.returned]);
    for (const m of mails) expectClean(olga, m);

    // each message of the whole test exactly once, and the queue empty
    await new Promise((r) => setTimeout(r, 2500));
    const mine = sink.messages.filter((m) => voters.some((v) => m.envelope.to.includes(v.email)));
    const ids = mine.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    // jane 5 (one for the resubmissions), mark 3, nora 3, sofia 2, lucia 2, carl 6, tina 3, tom 2, olga 2
    expect(mine.length).toBe(28);
    const summary = (await (await http().office(clerk, '/notifications')).json()) as {
      counts: { pending: number; sent: number; failed: number };
      sms: { pending: number; sent: number; failed: number };
    };
    expect(summary.counts).toEqual({ pending: 0, sent: mine.length, failed: 0 });
    expect(summary.sms).toEqual({ pending: 0, sent: 2, failed: 0 }); // Tina's two
  });
});
