/**
 * A whole election for two jurisdictions side by side, through the office operations API: mail
 * ballots in the work queue and marked transmitted, the MOVE Act monitor before and after day 45,
 * returns on time and late (and a second scan of the same envelope), accept, reject, a cure, a
 * cure deadline swept, a FWAB superseded by the state ballot, the dashboard, the EAVS Section B and
 * NIST SP 1500-101 exports validated against their vendored schemas, and each office's keys seeing
 * only its own data. Requests and generated ballots are seeded in SQL (the intake and ballots
 * services are covered by the walking skeleton); everything after that goes over HTTP and Kafka.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import { Client } from 'pg';
import {
  parseElectionDefinition,
  parseTableSchema,
  validateTable,
  type ElectionSettings,
  type IsoDate,
  type OfficeRole,
} from '@uocava/domain';
import { eventually, startStack, type Stack } from '@uocava/testing';
import { createApiKey, createJurisdiction } from '../apps/cli/src/commands/office';

const STANDARDS = join(__dirname, '../libs/contracts/src/standards');
const ELECTION_DATE = '2026-11-03' as IsoDate;

function definitionOn(date: string): unknown {
  const def = JSON.parse(
    readFileSync(
      join(STANDARDS, 'nist-1500-20-ballot-definition/example_physical_ballot_def_1.json'),
      'utf8',
    ),
  ) as { Election: Array<{ StartDate: string; EndDate: string }> };
  def.Election[0].StartDate = date;
  def.Election[0].EndDate = date;
  return def;
}

interface Office {
  jurisdictionId: string;
  keys: Record<OfficeRole, string>;
  electionId: string;
  /** six requests with a generated mail ballot each: [requestId, ballotId] */
  ballots: Array<{ requestId: string; ballotId: string }>;
}

async function seedOffice(
  pg: Client,
  spec: { state: string; name: string; county: string },
  returnRule: ElectionSettings['returnRule'],
): Promise<Office> {
  const jurisdictionId = `ops-${spec.state.toLowerCase()}-${randomBytes(3).toString('hex')}`;
  await createJurisdiction({ id: jurisdictionId, name: spec.name, state: spec.state, county: spec.county });
  await pg.query(`UPDATE jurisdictions SET settings = settings || $2::jsonb WHERE jurisdiction_id = $1`, [
    jurisdictionId,
    { moveActTargetDays: 3, applicationDeadlineDaysBefore: 7, fwabAsRegistration: spec.state === 'OH' },
  ]);
  const keys = {
    admin: (await createApiKey(jurisdictionId, 'admin')).key,
    clerk: (await createApiKey(jurisdictionId, 'clerk')).key,
    auditor: (await createApiKey(jurisdictionId, 'auditor')).key,
  };
  const settings: ElectionSettings = {
    electionDate: ELECTION_DATE,
    type: 'general',
    federalOffices: true,
    returnRule,
  };
  const parsed = parseElectionDefinition(definitionOn(ELECTION_DATE), settings);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const electionId = randomUUID();
  await pg.query(
    `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition, settings)
     VALUES ($1, $2, $3, $4, 'general', true, $5, $6)`,
    [electionId, jurisdictionId, parsed.definition.name, ELECTION_DATE, parsed.definition, settings],
  );
  const ballots: Office['ballots'] = [];
  for (let i = 0; i < 6; i++) {
    const requestId = randomUUID();
    const ballotId = randomUUID();
    await pg.query(
      `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
         mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, roll_record_id,
         received_at, updated_at)
       VALUES ($1, $2, $3, 'verified', $4, 'mail', 'DE', false, 2026, 'json', $5, 'h', 'd', '\\x00', $6,
         '2026-09-01T12:00:00Z', now())`,
      [
        requestId,
        jurisdictionId,
        `T${randomBytes(6).toString('hex')}`,
        i % 2 === 0 ? 'active-duty' : 'citizen-abroad-intent-to-return',
        randomBytes(16).toString('hex'),
        randomUUID(),
      ],
    );
    await pg.query(
      `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
         page_count, paper_size, download_token_hash, generated_at)
       VALUES ($1, $2, $3, $4, 'style-1', 'generated', $5, 4, 'letter', $6, '2026-09-05T12:00:00Z')`,
      [ballotId, jurisdictionId, requestId, electionId, '0'.repeat(64), randomBytes(16).toString('hex')],
    );
    ballots.push({ requestId, ballotId });
  }
  return { jurisdictionId, keys, electionId, ballots };
}

describe('office operations: one election, two jurisdictions', () => {
  let stack: Stack;
  let pg: Client;
  let oh: Office;
  let ny: Office;

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    oh = await seedOffice(
      pg,
      { state: 'OH', name: 'Mahoning County', county: 'Mahoning' },
      { kind: 'received-by', deadline: '2026-11-03T19:30:00-05:00' },
    );
    ny = await seedOffice(
      pg,
      { state: 'NY', name: 'Kings County', county: 'Kings' },
      {
        kind: 'postmarked-by-election-day',
        electionDate: ELECTION_DATE,
        receiveWithinDays: 7,
        utcOffset: '-05:00',
      },
    );
    // the gateway and the receipts service (which logs every step for the event-log export)
    stack = await startStack(['gateway', 'receipts']);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await pg?.end();
  });

  const call = async <T = Record<string, unknown>>(
    office: Office,
    role: OfficeRole,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; text: string; headers: Headers }> => {
    const res = await fetch(`${stack.baseUrl}/api/v1/office${path}`, {
      method,
      headers: {
        authorization: `Bearer ${office.keys[role]}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  };

  it('runs the election for both offices, each seeing only its own data', async () => {
    for (const [o, other] of [
      [oh, ny],
      [ny, oh],
    ] as const) {
      const ids = o.ballots.map((b) => b.ballotId);
      const [b1, b2, b3, b4, b5, b6] = o.ballots;

      // MOVE Act monitor before day 45 (2026-09-19): nothing sent yet, all due
      const before = await call(o, 'auditor', 'GET', `/elections/${o.electionId}/move-act?date=2026-09-10`);
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({
        total: 6,
        byStatus: { due: 6, 'at-risk': 0, late: 0, 'on-time': 0 },
      });
      const nearly = await call(o, 'auditor', 'GET', `/elections/${o.electionId}/move-act?date=2026-09-18`);
      expect(nearly.body).toMatchObject({ byStatus: { 'at-risk': 6 } });

      // the daily summary event, once per election and date
      const summary = await call(
        o,
        'clerk',
        'POST',
        `/elections/${o.electionId}/move-act/summary?date=2026-09-18`,
      );
      expect(summary.body).toMatchObject({ emitted: true, total: 6, byStatus: { 'at-risk': 6 } });
      const summary2 = await call(
        o,
        'clerk',
        'POST',
        `/elections/${o.electionId}/move-act/summary?date=2026-09-18`,
      );
      expect(summary2.body).toMatchObject({ emitted: false, eventId: summary.body.eventId });
      const summaryRows = await pg.query(
        `SELECT message_key, payload FROM outbox WHERE event_type = 'uocava.office.move-act-summary.v1' AND jurisdiction_id = $1`,
        [o.jurisdictionId],
      );
      expect(summaryRows.rows).toHaveLength(1);
      expect(summaryRows.rows[0]).toMatchObject({
        message_key: o.electionId,
        payload: { date: '2026-09-18' },
      });

      // the mail work queue holds the six ballots, none of the other office's
      const queue = await call<{ items: Array<{ ballotId: string }> }>(o, 'clerk', 'GET', '/work-queue');
      expect(queue.body.items.map((i) => i.ballotId).sort()).toEqual([...ids].sort());
      for (const b of [b1, b2, b3, b4, b5]) {
        const t = await call(o, 'clerk', 'POST', `/ballots/${b.ballotId}/transmitted`, {
          transmittedAt: '2026-09-15T10:00:00-04:00',
          method: 'mail',
        });
        expect(t.status).toBe(200);
      }
      const again = await call(o, 'clerk', 'POST', `/ballots/${b1.ballotId}/transmitted`, {
        transmittedAt: '2026-09-16T10:00:00-04:00',
        method: 'mail',
      });
      expect(again.status).toBe(409);
      const queue2 = await call<{ items: Array<{ ballotId: string }> }>(o, 'clerk', 'GET', '/work-queue');
      expect(queue2.body.items.map((i) => i.ballotId)).toEqual([b6.ballotId]);

      // after the deadline: five on time, one late
      const after = await call(o, 'auditor', 'GET', `/elections/${o.electionId}/move-act?date=2026-09-25`);
      expect(after.body).toMatchObject({
        total: 6,
        byStatus: { 'on-time': 5, late: 1, due: 0, 'at-risk': 0 },
      });

      // a FWAB arrives before the state ballot of request 5
      const fwab = await call(o, 'clerk', 'POST', '/fwab', {
        electionId: o.electionId,
        requestId: b5.requestId,
        receivedAt: '2026-10-25T10:00:00-04:00',
        method: 'mail',
      });
      expect(fwab.status).toBe(201);
      expect(fwab.body).toMatchObject({ counts: 'fwab', disposition: 'counted' });

      // returns: on time (by barcode), late, and a second scan of the same envelope
      const r1 = await call(o, 'clerk', 'POST', '/returns', {
        barcode: b1.ballotId.toUpperCase(),
        receivedAt: '2026-10-20T10:00:00-04:00',
        method: 'mail',
      });
      expect(r1.body).toMatchObject({ timely: true, alreadyRecorded: false });
      const r1again = await call(o, 'clerk', 'POST', '/returns', {
        barcode: b1.ballotId,
        receivedAt: '2026-10-21T10:00:00-04:00',
        method: 'mail',
      });
      expect(r1again.body).toMatchObject({
        timely: true,
        alreadyRecorded: true,
        receivedAt: r1.body.receivedAt,
      });
      const r2 = await call(o, 'clerk', 'POST', '/returns', {
        ballotId: b2.ballotId,
        receivedAt: '2026-11-06T10:00:00-05:00',
        method: 'mail',
        postmarkDate: '2026-11-05',
      });
      expect(r2.body).toMatchObject({ timely: false });
      for (const b of [b3, b4, b5]) {
        const r = await call(o, 'clerk', 'POST', '/returns', {
          ballotId: b.ballotId,
          receivedAt: '2026-10-28T10:00:00-04:00',
          method: 'fax',
        });
        expect(r.body).toMatchObject({ timely: true });
      }
      const unknown = await call(o, 'clerk', 'POST', '/returns', {
        barcode: randomUUID(),
        receivedAt: '2026-10-28T10:00:00-04:00',
        method: 'mail',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      // the other office cannot record this office's envelope
      const foreign = await call(other, 'clerk', 'POST', '/returns', {
        barcode: b6.ballotId,
        receivedAt: '2026-10-28T10:00:00-04:00',
        method: 'mail',
      });
      expect(foreign.status).toBe(404);

      // a FWAB from a voter with no request and no registration: under Ohio's (test) policy it is also
      // the registration application and counts; New York's office has no such policy
      const walkIn = await call(o, 'clerk', 'POST', '/fwab', {
        electionId: o.electionId,
        receivedAt: '2026-10-20T10:00:00-04:00',
        voterRegistered: false,
      });
      expect(walkIn.status).toBe(201);
      expect(walkIn.body).toMatchObject(
        o === oh
          ? { counts: 'fwab', disposition: 'counted', registrationApplication: true }
          : { counts: 'none', disposition: 'rejected', reason: 'voter-unregistered' },
      );
      const walkInKey = await pg.query(
        `SELECT DISTINCT message_key FROM outbox WHERE payload->>'fwabId' = $1`,
        [walkIn.body.fwabId],
      );
      expect(walkInKey.rows).toEqual([{ message_key: walkIn.body.fwabId }]);

      // the state ballot supersedes the FWAB
      const fwabs = await call<{ items: Array<{ requestId: string; disposition: string; reason: string }> }>(
        o,
        'auditor',
        'GET',
        `/elections/${o.electionId}/fwabs`,
      );
      expect(fwabs.body.items.filter((f) => f.requestId === b5.requestId)).toEqual([
        expect.objectContaining({ disposition: 'superseded', reason: 'state-ballot-counted' }),
      ]);
      expect(fwabs.body.items).toHaveLength(2);

      // FWAB events keyed by the request id: recorded, counted, then superseded
      const fwabEvents = await pg.query(
        `SELECT event_type, message_key, payload->>'disposition' AS disposition FROM outbox
         WHERE event_type LIKE 'uocava.fwab.%' AND jurisdiction_id = $1 AND message_key = $2 ORDER BY outbox_id`,
        [o.jurisdictionId, b5.requestId],
      );
      expect(fwabEvents.rows).toEqual([
        { event_type: 'uocava.fwab.recorded.v1', message_key: b5.requestId, disposition: null },
        { event_type: 'uocava.fwab.resolved.v1', message_key: b5.requestId, disposition: 'counted' },
        { event_type: 'uocava.fwab.resolved.v1', message_key: b5.requestId, disposition: 'superseded' },
      ]);

      // decisions
      expect((await call(o, 'clerk', 'POST', `/ballots/${b1.ballotId}/accept`)).status).toBe(200);
      const acceptLate = await call(o, 'clerk', 'POST', `/ballots/${b2.ballotId}/accept`);
      expect(acceptLate.status).toBe(409);
      const lateReason = o === oh ? 'not-timely' : 'postmark';
      expect(
        (await call(o, 'clerk', 'POST', `/ballots/${b2.ballotId}/reject`, { reasons: [lateReason] })).status,
      ).toBe(200);
      const cure = await call(o, 'clerk', 'POST', `/ballots/${b3.ballotId}/request-cure`, {
        reasons: ['missing-voter-signature'],
        cureDeadline: '2099-11-10T17:00:00-05:00',
      });
      expect(cure.status).toBe(200);
      expect((await call(o, 'clerk', 'POST', `/ballots/${b3.ballotId}/cure`, {})).status).toBe(200);
      expect((await call(o, 'clerk', 'POST', `/ballots/${b3.ballotId}/accept`)).status).toBe(200);
      await call(o, 'clerk', 'POST', `/ballots/${b4.ballotId}/request-cure`, {
        reasons: ['mismatch-voter-signature'],
        cureDeadline: '2026-11-10T17:00:00-05:00',
      });
      const sweep = await call<{ rejected: string[] }>(o, 'clerk', 'POST', '/cure-sweep');
      expect(sweep.body.rejected).toEqual([b4.ballotId]);
      expect((await call<{ rejected: string[] }>(o, 'clerk', 'POST', '/cure-sweep')).body.rejected).toEqual(
        [],
      );
      expect((await call(o, 'clerk', 'POST', `/ballots/${b5.ballotId}/accept`)).status).toBe(200);
      // an auditor may not decide
      expect(
        (await call(o, 'auditor', 'POST', `/ballots/${b6.ballotId}/reject`, { reasons: ['undeliverable'] }))
          .status,
      ).toBe(403);

      // dashboard
      const dash = await call(o, 'auditor', 'GET', `/elections/${o.electionId}/dashboard`);
      expect(dash.body).toMatchObject({
        requests: 6,
        ballots: { returned: 5, returnedOnTime: 4, returnedLate: 1, accepted: 3, rejected: 2 },
        fwabs: { superseded: 1 },
      });
      expect(JSON.stringify(dash.body)).not.toContain(other.electionId);
    }
  }, 120_000);

  it('exports EAVS Section B per office, valid against the vendored table schema', async () => {
    const schema = parseTableSchema(
      JSON.parse(readFileSync(join(STANDARDS, 'eavs-section-b/tableschema.json'), 'utf8')),
    );
    for (const [o, other, file] of [
      [oh, ny, 'esbdata-2026-11-03-Ohio-Mahoning.csv'],
      [ny, oh, 'esbdata-2026-11-03-New_York-Kings.csv'],
    ] as const) {
      const res = await call(o, 'auditor', 'GET', `/elections/${o.electionId}/reports/eavs-section-b.csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file}"`);
      const [header, ...rows] = parse(res.text) as string[][];
      expect(validateTable(schema, header, rows)).toEqual([]);
      expect(rows).toHaveLength(6);
      const col = (name: string) => header.indexOf(name);
      expect(rows.map((r) => r[col('TransactionId')]).sort()).toEqual(
        o.ballots.map((b) => b.requestId).sort(),
      );
      expect(rows.filter((r) => r[col('BallotRejectionType')] !== 'na')).toHaveLength(2);
      expect(res.text).not.toContain(other.ballots[0].requestId);
      // the other office's key gets a 404 for this election
      expect(
        (await call(other, 'auditor', 'GET', `/elections/${o.electionId}/reports/eavs-section-b.csv`)).status,
      ).toBe(404);
    }
  });

  it('exports the event log in NIST SP 1500-101 JSON, each office only its own events', async () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(
      JSON.parse(
        readFileSync(
          join(STANDARDS, 'nist-1500-101-event-logging/NIST_V1_election_event_logging.json'),
          'utf8',
        ),
      ) as object,
    );
    for (const [o, other] of [
      [oh, ny],
      [ny, oh],
    ] as const) {
      // the receipts service logs every lifecycle event (tracking steps), asynchronously
      const log = await eventually(
        async () => {
          const res = await call<{ Device: Array<{ Event?: Array<{ Id: string }> }> }>(
            o,
            'auditor',
            'GET',
            `/elections/${o.electionId}/reports/event-log.json`,
          );
          const n = res.body.Device[0].Event?.length ?? 0;
          return n >= 5 + 5 + 3 + 2 + 2 ? res : undefined;
        },
        60_000,
        'the event log of every step',
      );
      expect(validate(log.body)).toBe(true);
      const ids = new Set(log.body.Device[0].Event?.map((e) => e.Id));
      for (const id of [
        'ballot.transmitted',
        'ballot.returned',
        'ballot.accepted',
        'ballot.rejected',
        'ballot.cured',
      ])
        expect(ids.has(id)).toBe(true);
      expect(log.text).not.toContain(other.ballots[0].ballotId);
    }
  }, 90_000);

  it('has an audit trail of every staff action, for the auditor of each office only', async () => {
    const res = await call<{ items: Array<{ action: string; outcome: string; target: string | null }> }>(
      oh,
      'auditor',
      'GET',
      '/audit-log?action=ballot.accept',
    );
    expect(res.status).toBe(200);
    expect(res.body.items.filter((i) => i.outcome === 'ok')).toHaveLength(3);
    expect(res.body.items.some((i) => i.outcome === 'error')).toBe(true); // the late ballot's refused accept
    expect(JSON.stringify(res.body)).not.toContain(ny.ballots[0].ballotId);
    expect((await call(oh, 'clerk', 'GET', '/audit-log')).status).toBe(403);
  });
});
