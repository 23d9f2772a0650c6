/**
 * Cure and FWAB documents end to end (apps as separate processes, real Postgres and Kafka): a
 * voter whose state ballot has not come back downloads the FWAB packet from the tracking page;
 * the office sends the returned ballot to cure; the voter downloads the cure affidavit, uploads it
 * signed (API and the page's form); the office sees the uploads, opens one, records one by mail,
 * and accepts the cure through the ballot's cure and accept routes. The office downloads a
 * prefilled FPCA, and imports a VRI file with one bad record, twice.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import ohioExample from '@uocava/contracts/standards/nist-1500-102-voter-records/example_ohio_registration.json';
import {
  createOffice,
  electionDateThisYear,
  eventually,
  fpcaRequest,
  officeContext,
  ownerClient,
  rollRowOf,
  type Person,
  type TestOffice,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

jest.setTimeout(600_000);

const RESIDENCE = {
  street: '3818 Belmont Ave',
  city: 'Youngstown',
  state: 'OH',
  zip: '44505',
  county: 'Mahoning',
};
const CURED: Person = {
  first: 'Cora',
  last: 'Curewell',
  dateOfBirth: '1980-03-04',
  driversLicense: 'OH700001',
};
const WAITING: Person = {
  first: 'Walt',
  last: 'Waitwell',
  dateOfBirth: '1981-05-06',
  driversLicense: 'OH700002',
};
const ELECTION_DATE = electionDateThisYear(30);
const OFFICE_BLOCK = {
  mailingAddress: ['345 Oak Hill Ave', 'Youngstown, OH 44502'],
  fax: '+1 330 783 2801',
  email: 'uocava@mahoning.example.org',
};

function pdfText(bytes: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cure-docs-'));
  try {
    fs.writeFileSync(path.join(dir, 'f.pdf'), bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', path.join(dir, 'f.pdf'), '-'])
      .toString('utf8')
      .replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A VRI request (the NIST Ohio example as an FPCA) of a voter of this office, signed today. */
function vriRecord(jurisdictionId: string, first: string, dateOfBirth: string): Record<string, unknown> {
  const r = JSON.parse(JSON.stringify(ohioExample)) as Record<string, unknown>;
  r.GeneratedDate = new Date().toISOString().slice(0, 10);
  r.Type = ['registration', 'ballot-request'];
  r.Form = 'fpca';
  delete r.OtherForm;
  r.AdditionalInfo = [{ '@type': 'VRI.AdditionalInfo', Name: 'JurisdictionId', StringValue: jurisdictionId }];
  r.BallotRequest = { '@type': 'VRI.PermanentBallotRequest', BallotReceiptPreference: ['email-or-online'] };
  const s = r.Subject as Record<string, unknown>;
  s.Name = { ...(s.Name as object), FirstName: first };
  s.DateOfBirth = dateOfBirth;
  // each voter their own license number (two requests with one number are not both verified)
  (s.VoterId as Array<Record<string, unknown>>)[0].StringValue = `VR${dateOfBirth.replace(/-/g, '')}`;
  (s.VoterClassification as unknown[]).push({
    '@type': 'VRI.VoterClassification',
    Assertion: 'yes',
    Type: 'citizen-abroad-intent-to-return',
  });
  s.Signature = {
    '@type': 'VRI.Signature',
    Date: new Date().toISOString().slice(0, 10),
    Source: 'voter',
    Type: 'electronic',
  };
  s.MailingAddress = {
    '@type': 'addr.GeneralAddressClass_type',
    GeneralAddress: 'Hauptstraße 5',
    CompletePlaceName: {
      '@type': 'addr_type.CompletePlaceName_type',
      PlaceName: [
        { '@type': 'addr_type.PlaceName_type', PlaceNameType: 'MunicipalJurisdiction', Value: 'Berlin' },
      ],
    },
    ZipCode: '10115',
    CountryName: 'Germany',
  };
  return r;
}

describe('cure and FWAB documents', () => {
  let stack: ProcessStack;
  let office: TestOffice;
  let pg: Client;
  let cured: { requestId: string; trackingCode: string; ballotId: string };
  let waiting: { requestId: string; trackingCode: string; ballotId: string };

  beforeAll(async () => {
    pg = await ownerClient();
    // a busy shared machine: the apps may take a while to answer /health
    stack = await startProcessStack(['gateway', 'verification', 'ballots'], { startTimeoutMs: 300_000 });
    office = officeContext(
      stack.baseUrl,
      await createOffice({
        prefix: 'curedocs',
        roles: ['admin', 'clerk', 'auditor'],
        officeAddress: OFFICE_BLOCK.mailingAddress,
        officeFax: OFFICE_BLOCK.fax,
        officeEmail: OFFICE_BLOCK.email,
        settings: { applicationDeadlineDaysBefore: 0, moveActTargetDays: 3 },
      }),
    );
    const election = await office.defineElection({ date: ELECTION_DATE });
    expect(election.status === 201 ? 201 : await election.text()).toBe(201);
    const { electionId } = (await election.json()) as { electionId: string };
    const roll = await office.importRoll([
      rollRowOf(CURED, RESIDENCE, 'CD-1'),
      rollRowOf(WAITING, RESIDENCE, 'CD-2'),
    ]);
    expect(roll.status).toBe(200);
    const submitted: Array<{ requestId: string; trackingCode: string }> = [];
    for (const v of [CURED, WAITING]) {
      const res = await office.submitFpca(
        fpcaRequest(office.jurisdictionId, v, RESIDENCE, { ballotDelivery: 'mail' }),
      );
      expect(res.status === 202 ? 202 : await res.text()).toBe(202);
      submitted.push((await res.json()) as { requestId: string; trackingCode: string });
    }
    const work = await eventually(
      async () => {
        const body = (await (await office.get('/work-queue')).json()) as {
          items: Array<{ ballotId: string; requestId: string; electionId: string }>;
        };
        const mine = body.items.filter((i) => i.electionId === electionId);
        return mine.length >= 2 ? mine : undefined;
      },
      180_000,
      'both mail ballots in the work queue',
    );
    const ballotOf = (requestId: string) => work.find((w) => w.requestId === requestId)!.ballotId;
    cured = { ...submitted[0], ballotId: ballotOf(submitted[0].requestId) };
    waiting = { ...submitted[1], ballotId: ballotOf(submitted[1].requestId) };
    for (const b of [cured.ballotId, waiting.ballotId]) {
      const sent = await office.post(`/ballots/${b}/transmitted`, {
        transmittedAt: new Date().toISOString(),
        method: 'mail',
      });
      expect(sent.status).toBe(200);
    }
  }, 600_000);

  afterAll(async () => {
    await stack?.stop();
    await pg?.end();
  });

  /** The tracking page of a voter (tracking code + date of birth), as HTML. */
  const trackPage = async (code: string, dateOfBirth: string) => {
    const res = await fetch(`${stack.baseUrl}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, dateOfBirth }).toString(),
    });
    expect(res.status).toBe(200);
    return res.text();
  };
  const tokenIn = (html: string): string => {
    // the documents links (the packet link has a token of its own)
    const m = /(?:fwab-packet|cure-affidavit)\?token=([0-9a-f]{43})/.exec(html.replace(/&amp;/g, '&'));
    if (m === null) throw new Error('no documents token on the tracking page');
    return m[1];
  };
  const api = (code: string) => `${stack.baseUrl}/api/v1/tracking/${code}`;

  it('offers the FWAB packet while the ballot is out, with the office address', async () => {
    const html = await trackPage(waiting.trackingCode, WAITING.dateOfBirth);
    expect(html).toContain('data-fwab-packet');
    expect(html).not.toContain('data-cure-affidavit');
    const token = tokenIn(html);
    const res = await fetch(`${api(waiting.trackingCode)}/fwab-packet?token=${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = pdfText(bytes);
    expect(text).toContain('Federal Write-In Absentee Ballot');
    expect(text).toContain('Walt Waitwell');
    expect(text).toContain('345 Oak Hill Ave');
    expect(text).toContain('U.S. Senator');
    // the same bytes on every download
    const again = Buffer.from(
      await (await fetch(`${api(waiting.trackingCode)}/fwab-packet?token=${token}`)).arrayBuffer(),
    );
    expect(again.equals(bytes)).toBe(true);
    // another request's token, or a made-up one: the same 404
    const other = tokenIn(await trackPage(cured.trackingCode, CURED.dateOfBirth));
    for (const t of [other, 'f'.repeat(43), 'nope']) {
      const wrong = await fetch(`${api(waiting.trackingCode)}/fwab-packet?token=${t}`);
      expect(wrong.status).toBe(404);
      expect(wrong.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
  });

  it('voter downloads the cure affidavit, uploads it signed; the office sees it and accepts the cure', async () => {
    const returned = await office.post('/returns', {
      ballotId: cured.ballotId,
      receivedAt: new Date().toISOString(),
      method: 'mail',
    });
    expect(returned.status).toBe(200);
    const cureDeadline = new Date(Date.now() + 7 * 86400_000).toISOString();
    const asked = await office.post(`/ballots/${cured.ballotId}/request-cure`, {
      reasons: ['missing-voter-signature'],
      cureDeadline,
    });
    expect(asked.status).toBe(200);

    const html = await trackPage(cured.trackingCode, CURED.dateOfBirth);
    expect(html).toContain('data-cure-affidavit');
    expect(html).toContain('data-cure-upload');
    expect(html).not.toContain('data-fwab-packet');
    const token = tokenIn(html);
    const base = `${api(cured.trackingCode)}/ballots/${cured.ballotId}`;
    const res = await fetch(`${base}/cure-affidavit?token=${token}`);
    expect(res.status).toBe(200);
    const affidavit = Buffer.from(await res.arrayBuffer());
    const text = pdfText(affidavit);
    expect(text).toContain('Cure affidavit: missing signature');
    expect(text).toContain('Cora Curewell');
    expect(text).toContain(cured.trackingCode);
    expect(text).toContain('Fax: fax the signed page to +1 330 783 2801');
    const again = Buffer.from(await (await fetch(`${base}/cure-affidavit?token=${token}`)).arrayBuffer());
    expect(again.equals(affidavit)).toBe(true);
    // the ballot is back: no FWAB any more
    expect((await fetch(`${api(cured.trackingCode)}/fwab-packet?token=${token}`)).status).toBe(409);
    // the other voter's ballot has no affidavit, and not through this voter's token
    expect(
      (await fetch(`${api(cured.trackingCode)}/ballots/${waiting.ballotId}/cure-affidavit?token=${token}`))
        .status,
    ).toBe(404);

    // the upload: a bad file is refused naming the field, nothing stored
    const upload = (file: Blob | undefined, t = token) => {
      const form = new FormData();
      if (file !== undefined) form.append('file', file, 'affidavit.pdf');
      return fetch(`${base}/cure-responses?token=${t}`, { method: 'POST', body: form });
    };
    for (const bad of [new Blob(['<html>not a scan</html>'], { type: 'application/pdf' }), undefined]) {
      const refused = await upload(bad);
      expect(refused.status).toBe(400);
      const body = (await refused.json()) as { errors: Array<{ field: string }> };
      expect(body.errors.map((e) => e.field)).toEqual(['file']);
    }
    expect((await upload(new Blob([affidavit], { type: 'application/pdf' }), 'f'.repeat(43))).status).toBe(
      404,
    );
    const count = async () =>
      Number(
        (await pg.query(`SELECT count(*) FROM cure_responses WHERE ballot_id = $1`, [cured.ballotId])).rows[0]
          .count,
      );
    expect(await count()).toBe(0);

    const signed = Buffer.concat([affidavit, Buffer.from('\n% signed by the voter\n')]);
    const ok = await upload(new Blob([signed], { type: 'application/pdf' }));
    expect(ok.status).toBe(201);
    const uploaded = (await ok.json()) as { responseId: string; contentType: string; byteSize: number };
    expect(uploaded).toMatchObject({ contentType: 'application/pdf', byteSize: signed.length });
    // the page's form (no JavaScript): a PNG photo of the signed page
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'image/png' }), 'photo.png');
    const page = await fetch(
      `${stack.baseUrl}/track/cure-response?code=${cured.trackingCode}&ballot=${cured.ballotId}&token=${token}`,
      { method: 'POST', body: form, headers: { accept: 'text/html' } },
    );
    expect(page.status).toBe(201);
    expect(await page.text()).toContain('We received your signed affidavit');

    // stored sealed, audited without a key
    const row = await pg.query<{ sealed_file: Buffer }>(
      `SELECT sealed_file FROM cure_responses WHERE response_id = $1`,
      [uploaded.responseId],
    );
    expect(row.rows[0].sealed_file.includes(Buffer.from('%PDF-'))).toBe(false);
    expect(row.rows[0].sealed_file.includes(Buffer.from('signed by the voter'))).toBe(false);
    const audit = await pg.query(
      `SELECT details FROM audit_log WHERE jurisdiction_id = $1 AND action = 'cure-response.upload' AND key_id IS NULL`,
      [office.jurisdictionId],
    );
    expect(audit.rows.length).toBe(2);

    // the office: lists them, opens the upload, records one that came by mail
    const list = await office.get(`/ballots/${cured.ballotId}/cure-responses`, {}, 'auditor');
    expect(list.status).toBe(200);
    const items = (
      (await list.json()) as { items: Array<{ responseId: string; method: string; contentType: string }> }
    ).items;
    expect(items.map((i) => [i.method, i.contentType])).toEqual([
      ['upload', 'application/pdf'],
      ['upload', 'image/png'],
    ]);
    const file = await office.get(`/ballots/${cured.ballotId}/cure-responses/${uploaded.responseId}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(signed)).toBe(true);
    expect(
      (
        await office.get(
          `/ballots/${cured.ballotId}/cure-responses/${uploaded.responseId}/file`,
          {},
          'auditor',
        )
      ).status,
    ).toBe(403);
    const badMail = await office.post(`/ballots/${cured.ballotId}/cure-responses`, {
      method: 'pigeon',
      receivedAt: 'soon',
    });
    expect(badMail.status).toBe(400);
    const badFields = ((await badMail.json()) as { errors: Array<{ field: string }> }).errors
      .map((e) => e.field)
      .sort();
    expect(badFields).toEqual(['method', 'receivedAt']);
    const mail = await office.post(`/ballots/${cured.ballotId}/cure-responses`, {
      method: 'mail',
      receivedAt: new Date().toISOString(),
    });
    expect(mail.status).toBe(201);
    expect(await count()).toBe(3);
    expect(
      (
        await office.post(`/ballots/${waiting.ballotId}/cure-responses`, {
          method: 'fax',
          receivedAt: new Date().toISOString(),
        })
      ).status,
    ).toBe(409);

    // the decision: the existing cure, then accept
    expect((await office.post(`/ballots/${cured.ballotId}/cure`, {})).status).toBe(200);
    expect((await office.post(`/ballots/${cured.ballotId}/accept`, {})).status).toBe(200);
    // after the cure: no affidavit, no upload
    expect((await fetch(`${base}/cure-affidavit?token=${token}`)).status).toBe(409);
    expect((await upload(new Blob([signed], { type: 'application/pdf' }))).status).toBe(409);
    const status = await pg.query(`SELECT status FROM ballots WHERE ballot_id = $1`, [cured.ballotId]);
    expect(status.rows[0].status).toBe('accepted');
  });

  it('gives the office the FPCA prefilled for a wet signature, audited', async () => {
    const res = await office.get(`/ballot-requests/${cured.requestId}/fpca.pdf`);
    expect(res.status).toBe(200);
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('Federal Post Card Application');
    expect(text).toContain('Cora Curewell');
    expect(text).toContain('1980-03-04');
    expect(text).toContain('Signature of the voter (in ink)');
    expect((await office.get(`/ballot-requests/${cured.requestId}/fpca.pdf`, {}, 'auditor')).status).toBe(
      403,
    );
    expect((await office.get('/ballot-requests/00000000-0000-4000-8000-000000000000/fpca.pdf')).status).toBe(
      404,
    );
    const audit = await pg.query(
      `SELECT outcome, role FROM audit_log WHERE jurisdiction_id = $1 AND action = 'ballot-request.fpca-pdf' AND target LIKE $2`,
      [office.jurisdictionId, `%${cured.requestId}%`],
    );
    expect(audit.rows).toContainEqual({ outcome: 'ok', role: 'clerk' });
  });

  it('imports a VRI file record by record, names the bad record and field, and is idempotent', async () => {
    const j = office.jurisdictionId;
    const bad = vriRecord(j, 'BETTY', '1991-02-03');
    delete (bad.Subject as Record<string, unknown>).DateOfBirth;
    const file = [vriRecord(j, 'ANNA', '1990-01-02'), bad, vriRecord(j, 'CARL', '1992-03-04')]
      .map((r) => JSON.stringify(r))
      .join('\n');
    const post = (body: string, type = 'application/x-ndjson') =>
      fetch(`${stack.baseUrl}/api/v1/office/vri-imports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${office.key('clerk')}`, 'content-type': type },
        body,
      });
    const requests = async () =>
      Number(
        (await pg.query(`SELECT count(*) FROM ballot_requests WHERE jurisdiction_id = $1`, [j])).rows[0]
          .count,
      );
    const before = await requests();
    const first = await post(file);
    expect(first.status).toBe(200);
    const report = (await first.json()) as {
      accepted: number;
      invalid: number;
      results: Array<{
        record: number;
        status: string;
        errors?: Array<{ field: string }>;
        requestId?: string;
      }>;
    };
    expect(report).toMatchObject({ records: 3, accepted: 2, invalid: 1, alreadyImported: 0 });
    expect(report.results.map((r) => r.status)).toEqual(['accepted', 'invalid', 'accepted']);
    expect(report.results[1].record).toBe(2);
    expect(report.results[1].errors?.map((e) => e.field).join(' ')).toMatch(/DateOfBirth/);
    expect(await requests()).toBe(before + 2);

    const second = await post(file);
    const again = (await second.json()) as typeof report;
    expect(again).toMatchObject({ records: 3, accepted: 0, alreadyImported: 2, invalid: 1 });
    expect(again.results[0].requestId).toBe(report.results[0].requestId);
    expect(await requests()).toBe(before + 2);

    expect((await post('', 'application/x-ndjson')).status).toBe(400);
    expect((await post('{}', 'application/json')).status).toBe(415);
    const auditor = await fetch(`${stack.baseUrl}/api/v1/office/vri-imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${office.key('auditor')}`, 'content-type': 'application/x-ndjson' },
      body: file,
    });
    expect(auditor.status).toBe(403);
  });
});
