/**
 * A mail voter's and a fax voter's whole season, end to end (apps as separate processes, real
 * Postgres and Kafka): paper FPCAs keyed in by the office (method mail / fax) are verified against
 * the roll, their packets are issued; the mail ballot goes into a print batch whose PDF (checked
 * with pdf-lib: the packet's pages, the outbound envelope page, the Intelligent Mail barcode's 65
 * bars as USPS-B-3200 encodes the piece's digits) is downloaded twice with the same bytes, and the
 * batch is marked sent (one ballot.transmitted, method mail, idempotent; a misprinted batch cancelled
 * first, its ballot in a new batch with a fresh serial); the fax ballot's packet is
 * downloaded by the clerk and its fax recorded. Both come back (the fax voter's faxed-back ballot
 * refused: Ohio takes voted ballots by mail only), are decided, and the EAVS Section B
 * export shows each with its request method, transmission method, return method and reasons.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import { PDFArray, PDFDocument, PDFRawStream, type PDFPage } from 'pdf-lib';
import { imbBars, LABEL_SIZE, type ImbBar } from '@uocava/ballot-pdf';
import {
  createOffice,
  electionDateThisYear,
  eventually,
  fpcaRequest,
  officeContext,
  ownerDatabaseUrl,
  rollRowOf,
  type Person,
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
const MAIL_VOTER: Person = {
  first: 'Maren',
  last: 'Postel',
  dateOfBirth: '1979-05-05',
  driversLicense: 'OH700001',
};
const FAX_VOTER: Person = {
  first: 'Faxon',
  last: 'Telling',
  dateOfBirth: '1980-06-06',
  driversLicense: 'OH700002',
};
const ELECTION_DATE = electionDateThisYear(30);
const MAILER_ID = '654321';
// createOffice writes the `office` block of the settings from the name and the address
const OFFICE = {
  name: 'Mahoning County Election Office',
  mailingAddress: ['2801 Market Street', 'Youngstown, OH 44507'],
};

function pdfText(bytes: Uint8Array, first: number, last = first): string {
  const dir = mkdtempSync(join(tmpdir(), 'mail-season-'));
  try {
    const file = join(dir, 'p.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-f', String(first), '-l', String(last), '-enc', 'UTF-8', file, '-'], {
      encoding: 'utf8',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The filled rectangles a page draws, from its decoded content streams. */
function rectangles(page: PDFPage): Array<{ x: number; y: number; w: number; h: number }> {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  const out: Array<{ x: number; y: number; w: number; h: number }> = [];
  for (const ref of streams) {
    const stream = page.doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const raw = Buffer.from(stream.getContents());
    const text = (stream.dict.toString().includes('FlateDecode') ? inflateSync(raw) : raw).toString('latin1');
    // pdf-lib draws a rectangle as a translation and a closed path: `1 0 0 1 x y cm … 0 0 m 0 h l w h l w 0 l h f`
    const re =
      /1 0 0 1 (-?[\d.]+) (-?[\d.]+) cm\n(?:1 0 0 1 0 0 cm\n)*0 0 m\n0 (-?[\d.]+) l\n(-?[\d.]+) -?[\d.]+ l\n-?[\d.]+ 0 l\nh\nf/g;
    for (const m of text.matchAll(re))
      out.push({ x: Number(m[1]), y: Number(m[2]), w: Number(m[4]), h: Number(m[3]) });
  }
  return out;
}

/** Reads the IMb back from the bars drawn on a label page: full, ascender, descender, tracker. */
function barsOn(page: PDFPage): ImbBar[] {
  const bars = rectangles(page)
    .filter((r) => Math.abs(r.w - 0.02 * 72) < 0.01)
    .sort((a, b) => a.x - b.x);
  const bottom = Math.min(...bars.map((b) => b.y));
  const top = Math.max(...bars.map((b) => b.y + b.h));
  return bars.map((b) => {
    const up = Math.abs(b.y + b.h - top) < 0.01;
    const down = Math.abs(b.y - bottom) < 0.01;
    return up && down ? 'F' : up ? 'A' : down ? 'D' : 'T';
  });
}

describe('mail and fax voters: a whole season', () => {
  let stack: ProcessStack;
  let office: TestOffice;
  let db: Client;
  let electionId: string;
  const voters: Record<'mail' | 'fax', { requestId: string; trackingCode: string; ballotId?: string }> = {
    mail: { requestId: '', trackingCode: '' },
    fax: { requestId: '', trackingCode: '' },
  };
  let batch: {
    batchId: string;
    pieceCount: number;
    pieces: Array<{ ballotId: string; position: number; imb: string }>;
  };

  beforeAll(async () => {
    const created = await createOffice({
      prefix: 'mail',
      roles: ['clerk', 'auditor'],
      officeAddress: OFFICE.mailingAddress,
      // requests made today are in time even though the election is 30 days away
      settings: { mailerId: MAILER_ID, applicationDeadlineDaysBefore: 0 },
    });
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    stack = await startProcessStack();
    office = officeContext(stack.baseUrl, created);
  }, 180_000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  it('keys in the paper FPCAs (one by mail, one by fax), verified against the roll, packets issued', async () => {
    const defined = await office.defineElection({ date: ELECTION_DATE });
    expect(defined.status).toBe(201);
    electionId = ((await defined.json()) as { electionId: string }).electionId;
    expect(
      (
        await office.importRoll([
          rollRowOf(MAIL_VOTER, RESIDENCE, 'MS-1'),
          rollRowOf(FAX_VOTER, RESIDENCE, 'MS-2'),
        ])
      ).status,
    ).toBe(200);
    for (const [kind, person] of [
      ['mail', MAIL_VOTER],
      ['fax', FAX_VOTER],
    ] as const) {
      const fpca = fpcaRequest(office.jurisdictionId, person, RESIDENCE, { ballotDelivery: kind });
      if (kind === 'fax') fpca.contact = { fax: '+49 30 1234567' };
      else fpca.contact = {};
      const res = await office.post('/ballot-requests', {
        fpca,
        method: kind,
        receivedAt: new Date().toISOString(),
      });
      expect(res.status).toBe(202);
      Object.assign(voters[kind], (await res.json()) as { requestId: string; trackingCode: string });
    }
    const queue = await eventually(
      async () => {
        const body = (await (await office.get('/work-queue')).json()) as {
          items: Array<{ ballotId: string; requestId: string; deliveryMethod: string }>;
        };
        const mine = body.items.filter((i) =>
          [voters.mail.requestId, voters.fax.requestId].includes(i.requestId),
        );
        return mine.length === 2 ? mine : undefined;
      },
      120_000,
      'both ballots in the work queue',
    );
    for (const item of queue) {
      const kind = item.requestId === voters.mail.requestId ? 'mail' : 'fax';
      expect(item.deliveryMethod).toBe(kind);
      voters[kind].ballotId = item.ballotId;
    }
  });

  it('makes a print batch of the mail ballot only, with an IMb of the Mailer ID and a fresh serial', async () => {
    // bad filters are named field by field, nothing is written
    const bad = await office.post('/print-batches', { electionId, readyFrom: '2026-02-30x', country: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const fields = ((await bad.json()) as { errors: Array<{ field: string }> }).errors
      .map((e) => e.field)
      .sort();
    expect(fields).toEqual(['country', 'readyFrom']);
    const res = await office.post('/print-batches', { electionId, country: 'DE' });
    expect(res.status).toBe(201);
    batch = (await res.json()) as typeof batch;
    expect(batch.pieceCount).toBe(1);
    expect(batch.pieces.map((p) => p.ballotId)).toEqual([voters.mail.ballotId]);
    // barcode id 00, service type 040, the Mailer ID, a 9-digit serial; no routing ZIP abroad
    expect(batch.pieces[0].imb).toMatch(new RegExp(`^00040${MAILER_ID}[0-9]{9}$`));
    // the ballot is in a batch now: a second batch has nothing to take (409), and no auditor may make one
    expect((await office.post('/print-batches', { electionId })).status).toBe(409);
    expect((await office.post('/print-batches', { electionId }, 'auditor')).status).toBe(403);
    const rows = await db.query(
      `SELECT batch_id, mailer_id, serial FROM print_batch_pieces WHERE ballot_id = $1`,
      [voters.mail.ballotId],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ batch_id: batch.batchId, mailer_id: MAILER_ID });
    expect(batch.pieces[0].imb.endsWith(String(rows.rows[0].serial).padStart(9, '0'))).toBe(true);
  });

  it('cancels a misprinted batch: its ballot goes into a new batch with a fresh serial; the old one is neither printed nor sent', async () => {
    const first = batch;
    expect(
      (await office.post(`/print-batches/${first.batchId}/cancel`, { reason: 'misprint' }, 'auditor')).status,
    ).toBe(403);
    const cancelled = await office.post(`/print-batches/${first.batchId}/cancel`, { reason: 'misprint' });
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({
      cancelReason: 'misprint',
      pieceCount: 1,
      alreadyCancelled: false,
    });
    const again = await office.post(`/print-batches/${first.batchId}/cancel`, { reason: 'other' });
    expect(await again.json()).toMatchObject({ cancelReason: 'misprint', alreadyCancelled: true });
    expect((await office.get(`/print-batches/${first.batchId}/pdf`)).status).toBe(409);
    expect(
      (await office.post(`/print-batches/${first.batchId}/sent`, { sentAt: new Date().toISOString() }))
        .status,
    ).toBe(409);
    const res = await office.post('/print-batches', { electionId, country: 'DE' });
    expect(res.status).toBe(201);
    batch = (await res.json()) as typeof batch;
    expect(batch.pieces.map((p) => p.ballotId)).toEqual([voters.mail.ballotId]);
    expect(batch.pieces[0].imb).not.toBe(first.pieces[0].imb);
    // both pieces kept (the old serial is never handed out again); only the new one is live
    const pieces = await db.query<{ batch_id: string; released: boolean }>(
      `SELECT batch_id, released_at IS NOT NULL AS released FROM print_batch_pieces WHERE ballot_id = $1 ORDER BY released`,
      [voters.mail.ballotId],
    );
    expect(pieces.rows).toEqual([
      { batch_id: batch.batchId, released: false },
      { batch_id: first.batchId, released: true },
    ]);
    const audit = await db.query(
      `SELECT role FROM audit_log WHERE action = 'print-batch.cancel' AND target = $1 AND outcome = 'ok'`,
      [`print-batch:${first.batchId}`],
    );
    expect(audit.rows).toEqual([{ role: 'clerk' }, { role: 'clerk' }]);
  });

  it('downloads one print-ready PDF: the packet, then the envelope page with the address and the IMb; again the same bytes', async () => {
    const res = await office.get(`/print-batches/${batch.batchId}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/pdf/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const sha = res.headers.get('x-content-sha256');
    const doc = await PDFDocument.load(bytes);
    // the packet's pages as issued, then one #10 envelope page
    const packetPages = (
      await db.query<{ page_count: number }>(`SELECT page_count FROM ballots WHERE ballot_id = $1`, [
        voters.mail.ballotId,
      ])
    ).rows[0].page_count;
    expect(doc.getPageCount()).toBe(packetPages + 1);
    const label = doc.getPage(doc.getPageCount() - 1);
    expect([label.getWidth(), label.getHeight()]).toEqual(LABEL_SIZE);
    // the Intelligent Mail barcode drawn is the piece's, bar for bar
    expect(barsOn(label)).toEqual(imbBars(batch.pieces[0].imb));
    const labelText = pdfText(bytes, doc.getPageCount());
    for (const line of ['Maren Postel', 'Hauptstraße 5', '10115 Berlin', 'GERMANY', ...OFFICE.mailingAddress])
      expect(labelText).toContain(line);
    // the packet's own return envelope: the office's address and the voter's return address
    const returnEnvelope = pdfText(bytes, packetPages);
    for (const line of [OFFICE.name, ...OFFICE.mailingAddress, 'Maren Postel', 'Hauptstraße 5', 'GERMANY'])
      expect(returnEnvelope).toContain(line);
    // reproducible, and each download is audited with its hash
    const again = await office.get(`/print-batches/${batch.batchId}/pdf`);
    expect(again.status).toBe(200);
    await again.arrayBuffer();
    expect(again.headers.get('x-content-sha256')).toBe(sha);
    expect(again.headers.get('x-reproduced')).toBe('true');
    const audit = await db.query<{ role: string; details: { pdfSha256: string; reproduced: boolean } }>(
      `SELECT role, details FROM audit_log WHERE action = 'print-batch.pdf' AND target = $1 ORDER BY audit_id`,
      [`print-batch:${batch.batchId}`],
    );
    expect(audit.rows.map((r) => [r.role, r.details.pdfSha256, r.details.reproduced])).toEqual([
      ['clerk', sha, true],
      ['clerk', sha, true],
    ]);
    expect((await office.get(`/print-batches/${batch.batchId}/pdf`, {}, 'auditor')).status).toBe(403);
  });

  it("shows the batch and the fax ballot's download on the clerk's pages, with the same PDF", async () => {
    const signIn = await fetch(`${stack.baseUrl}/office/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: office.key('clerk'), next: '/office' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const page = async (path: string) => {
      const res = await fetch(`${stack.baseUrl}${path}`, { headers: { cookie, accept: 'text/html' } });
      expect([path, res.status]).toEqual([path, 200]);
      return res;
    };
    const batches = await (await page('/office/print-batches')).text();
    expect(batches).toContain(`/office/print-batches/${batch.batchId}/pdf`);
    expect(batches).toContain(`/office/print-batches/${batch.batchId}/sent`);
    const apiSha = (await office.get(`/print-batches/${batch.batchId}/pdf`)).headers.get('x-content-sha256');
    const pdf = await page(`/office/print-batches/${batch.batchId}/pdf`);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    await pdf.arrayBuffer();
    expect(pdf.headers.get('x-content-sha256')).toBe(apiSha);
    const queue = await (await page('/office/work-queue')).text();
    expect(queue).toContain(`/office/work-queue/${voters.fax.ballotId}/packet`);
    expect(queue).not.toContain(`/office/work-queue/${voters.mail.ballotId}/packet`);
    // the pages' forms: a refused action shows the page again with the reason, and is audited
    const csrf = /name="_csrf" value="([^"]+)"/.exec(batches)?.[1] ?? '';
    expect(csrf).not.toBe('');
    const form = async (path: string, fields: Record<string, string>) => {
      const res = await fetch(`${stack.baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
      });
      return { status: res.status, text: await res.text() };
    };
    const notSent = await form(`/office/print-batches/${batch.batchId}/sent`, { sentOn: '2026-02-30' });
    expect(notSent.status).toBe(400);
    expect(notSent.text).toContain('Not done:');
    const notFaxed = await form(`/office/work-queue/${voters.fax.ballotId}/transmitted`, {
      method: 'carrier-pigeon',
      transmittedOn: new Date().toISOString().slice(0, 10),
    });
    expect(notFaxed.status).toBe(400);
    expect(notFaxed.text).toContain('Not done:');
    const audited = await db.query<{ action: string; outcome: string }>(
      `SELECT action, outcome FROM audit_log WHERE jurisdiction_id = $1 AND details->>'via' = 'web'
         AND action IN ('print-batch.sent', 'ballot.transmitted') ORDER BY audit_id`,
      [office.jurisdictionId],
    );
    expect(audited.rows.map((r) => `${r.action} ${r.outcome}`)).toEqual([
      'print-batch.sent error',
      'ballot.transmitted error',
    ]);
  });

  it('marks the batch sent: one ballot.transmitted (mail) through the outbox, and only one when repeated', async () => {
    const bad = await office.post(`/print-batches/${batch.batchId}/sent`, { sentAt: 'today' });
    expect(bad.status).toBe(400);
    const sentAt = new Date().toISOString();
    const first = await office.post(`/print-batches/${batch.batchId}/sent`, { sentAt });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ transmitted: 1, alreadySent: false, pieceCount: 1 });
    const second = await office.post(`/print-batches/${batch.batchId}/sent`, { sentAt });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ transmitted: 0, alreadySent: true });
    const events = await db.query<{ payload: { method: string; ballotId: string } }>(
      `SELECT payload FROM outbox WHERE event_type = 'uocava.ballot.transmitted.v1' AND payload->>'ballotId' = $1`,
      [voters.mail.ballotId],
    );
    expect(events.rows.map((r) => r.payload.method)).toEqual(['mail']);
    const tracked = await eventually(
      async () => {
        const t = await office.http.track(voters.mail.trackingCode);
        return t.ballots[0]?.status === 'transmitted' ? t : undefined;
      },
      60_000,
      'the mail ballot transmitted on the tracking page',
    );
    expect(tracked.ballots[0].ballotId).toBe(voters.mail.ballotId);
  });

  it('lets the clerk download the fax ballot packet (audited) and record the fax', async () => {
    const ballotId = voters.fax.ballotId!;
    expect((await office.get(`/ballots/${ballotId}/packet`, {}, 'auditor')).status).toBe(403);
    const res = await office.get(`/ballots/${ballotId}/packet`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const recorded = await db.query<{ pdf_sha256: string }>(
      `SELECT pdf_sha256 FROM ballots WHERE ballot_id = $1`,
      [ballotId],
    );
    expect(res.headers.get('x-content-sha256')).toBe(recorded.rows[0].pdf_sha256);
    expect((await PDFDocument.load(bytes)).getPageCount()).toBeGreaterThanOrEqual(5);
    const audit = await db.query(
      `SELECT role FROM audit_log WHERE action = 'ballot.packet-download' AND target = $1 AND outcome = 'ok'`,
      [`ballot:${ballotId}`],
    );
    expect(audit.rows).toEqual([{ role: 'clerk' }]);
    const fax = await office.post(`/ballots/${ballotId}/transmitted`, {
      transmittedAt: new Date().toISOString(),
      method: 'fax',
    });
    expect(fax.status).toBe(200);
  });

  it('records both returns and decisions, and exports each in EAVS Section B with its methods and reasons', async () => {
    const now = () => new Date().toISOString();
    expect(
      (await office.post('/returns', { ballotId: voters.mail.ballotId, receivedAt: now(), method: 'mail' }))
        .status,
    ).toBe(200);
    expect((await office.post(`/ballots/${voters.mail.ballotId}/accept`, {})).status).toBe(200);
    // Ohio takes voted ballots by mail only (docs/state-rules.md): a faxed-back ballot is not a
    // return; the field is named and nothing is recorded; the voter mails it
    const faxedBack = await office.post('/returns', {
      ballotId: voters.fax.ballotId,
      receivedAt: now(),
      method: 'fax',
    });
    expect(faxedBack.status).toBe(400);
    expect((await faxedBack.json()) as unknown).toMatchObject({
      errors: [{ pointer: '/method', code: 'not-allowed-by-state' }],
    });
    const still = await db.query<{ status: string }>(`SELECT status FROM ballots WHERE ballot_id = $1`, [
      voters.fax.ballotId,
    ]);
    expect(still.rows).toEqual([{ status: 'transmitted' }]);
    expect(
      (await office.post('/returns', { ballotId: voters.fax.ballotId, receivedAt: now(), method: 'mail' }))
        .status,
    ).toBe(200);
    expect(
      (await office.post(`/ballots/${voters.fax.ballotId}/reject`, { reasons: ['mismatch-voter-signature'] }))
        .status,
    ).toBe(200);
    const res = await office.get(`/elections/${electionId}/reports/eavs-section-b.csv`, {}, 'auditor');
    expect(res.status).toBe(200);
    const [header, ...rows] = parse(await res.text()) as string[][];
    const col = (name: string) => header.indexOf(name);
    const rowOf = (requestId: string) => {
      const r = rows.find((x) => x[col('TransactionId')] === requestId);
      if (r === undefined) throw new Error(`no EAVS row for ${requestId}`);
      const pick = (...names: string[]) => Object.fromEntries(names.map((n) => [n, r[col(n)]]));
      return pick(
        'RequestMethod',
        'RequestStatusType',
        'RequestStatusReasonType',
        'BallotTransmissionMethod',
        'BallotReceivedMethod',
        'BallotRejectionType',
        'VoterMailingCountry',
      );
    };
    expect(rows).toHaveLength(2);
    expect(rowOf(voters.mail.requestId)).toEqual({
      RequestMethod: 'mail',
      RequestStatusType: 'accepted',
      RequestStatusReasonType: 'na',
      BallotTransmissionMethod: 'mail',
      BallotReceivedMethod: 'mail',
      BallotRejectionType: 'na',
      VoterMailingCountry: 'DE',
    });
    expect(rowOf(voters.fax.requestId)).toEqual({
      RequestMethod: 'fax',
      RequestStatusType: 'accepted',
      RequestStatusReasonType: 'na',
      BallotTransmissionMethod: 'fax',
      BallotReceivedMethod: 'mail',
      BallotRejectionType: '["mismatch-voter-signature"]',
      VoterMailingCountry: 'DE',
    });
  });
});
