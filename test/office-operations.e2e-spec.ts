/**
 * A whole election for two jurisdictions side by side, run through the system: each office is
 * created with the operator CLI and defines its election over HTTP; voters' requests come in
 * through the public intake API (POST /api/v1/ballot-requests), are verified against the roll the
 * office imported, one of them after the office reviewed it; the ballots service generates the
 * mail ballots. Then, through the office operations API: the mail work queue and the
 * "transmitted" action, the MOVE Act monitor before and after the due date, returns on time and
 * late (and a second scan of the same envelope), accept, reject, a cure, a cure deadline swept, a
 * FWAB superseded by the state ballot and FWABs from voters without a request, the dashboard,
 * the EAVS Section B and NIST SP 1500-101 exports validated against their vendored schemas, and
 * each office's keys seeing only its own data. Only the assertions read the database directly.
 *
 * Dates follow the clock: the election is 30 days ahead (at the latest on 31 December, since a
 * request covers its calendar year), so every request arrives after day 45 and is due within the
 * office's target (3 days); the day-45 branch of the monitor is covered by the domain's unit tests.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'csv-parse/sync';
import type { Client } from 'pg';
import {
  parseTableSchema,
  validateTable,
  type ElectionSettings,
  type IsoDate,
  type OfficeRole,
} from '@uocava/domain';
import {
  addDays,
  createOffice,
  EXAMPLE_PRECINCT,
  electionDateThisYear,
  eventually,
  fpcaRequest,
  gatewayClient,
  ownerClient,
  rollRowOf,
  type Person,
  type Residence,
} from '@uocava/testing';
import { startStack, type Stack } from './harness/in-process';
import { Clock } from '../apps/gateway/src/common/clock';
import { CuresService } from '../apps/gateway/src/cures/cures.service';
import { MoveActService } from '../apps/gateway/src/move-act/move-act.service';

const STANDARDS = join(__dirname, '../libs/contracts/src/standards');
const ELECTION_DATE = electionDateThisYear(30) as IsoDate;

interface Office {
  jurisdictionId: string;
  keys: Record<OfficeRole, string>;
  electionId: string;
  /** six requests, each with its generated mail ballot */
  ballots: Array<{ requestId: string; ballotId: string; trackingCode: string }>;
  /** the UTC date the requests were received */
  receivedOn: string;
}

interface Spec {
  prefix: string;
  place: { name: string; state: string; county: string };
  residence: Residence;
  returnRule: ElectionSettings['returnRule'];
  /** six voters: the first five are on the roll, the sixth is not and is reviewed */
  voters: Person[];
}

const OHIO: Spec = {
  prefix: 'ops-oh',
  place: { name: 'Mahoning County', state: 'OH', county: 'Mahoning' },
  residence: {
    street: '3818 Belmont Ave',
    city: 'Youngstown',
    state: 'OH',
    zip: '44505',
    county: 'Mahoning',
  },
  returnRule: { kind: 'received-by', deadline: `${ELECTION_DATE}T19:30:00-05:00` },
  voters: [
    { first: 'Ada', last: 'Ashford', dateOfBirth: '1981-01-11', driversLicense: 'OH100001' },
    { first: 'Ben', last: 'Birch', dateOfBirth: '1982-02-12', driversLicense: 'OH100002' },
    { first: 'Cleo', last: 'Crane', dateOfBirth: '1983-03-13', driversLicense: 'OH100003' },
    { first: 'Dev', last: 'Dunmore', dateOfBirth: '1984-04-14', driversLicense: 'OH100004' },
    { first: 'Eve', last: 'Easton', dateOfBirth: '1985-05-15', driversLicense: 'OH100005' },
    { first: 'Fay', last: 'Fenwick', dateOfBirth: '1986-06-16', driversLicense: 'OH100006' },
  ],
};

const NEW_YORK: Spec = {
  prefix: 'ops-ny',
  place: { name: 'Kings County', state: 'NY', county: 'Kings' },
  residence: { street: '75 Henry St', city: 'Brooklyn', state: 'NY', zip: '11201', county: 'Kings' },
  returnRule: {
    kind: 'postmarked-by-election-day',
    electionDate: ELECTION_DATE,
    receiveWithinDays: 7,
    utcOffset: '-05:00',
  },
  voters: [
    { first: 'Gus', last: 'Garnet', dateOfBirth: '1971-07-17', driversLicense: 'NY200001' },
    { first: 'Hal', last: 'Hollis', dateOfBirth: '1972-08-18', driversLicense: 'NY200002' },
    { first: 'Ida', last: 'Irving', dateOfBirth: '1973-09-19', driversLicense: 'NY200003' },
    { first: 'Jon', last: 'Jessup', dateOfBirth: '1974-10-20', driversLicense: 'NY200004' },
    { first: 'Kay', last: 'Kessler', dateOfBirth: '1975-11-21', driversLicense: 'NY200005' },
    { first: 'Lou', last: 'Lindqvist', dateOfBirth: '1976-12-22', driversLicense: 'NY200006' },
  ],
};

/** The office, its election and roll, and the six requests submitted by the voters themselves. */
async function openOffice(
  baseUrl: string,
  spec: Spec,
): Promise<
  Omit<Office, 'ballots' | 'receivedOn'> & {
    requests: Array<{ requestId: string; trackingCode: string }>;
  }
> {
  const http = gatewayClient(baseUrl);
  // applicationDeadlineDaysBefore 0: the requests of this run, made today, are in time even when
  // the election is only days away (late December)
  const { jurisdictionId, keys } = await createOffice({
    prefix: spec.prefix,
    roles: ['admin', 'clerk', 'auditor'],
    ...spec.place,
    settings: {
      moveActTargetDays: 3,
      applicationDeadlineDaysBefore: 0,
      fwabAsRegistration: spec.place.state === 'OH',
    },
  });
  const clerk = keys.clerk!;
  const settings: ElectionSettings = {
    electionDate: ELECTION_DATE,
    type: 'general',
    federalOffices: true,
    returnRule: spec.returnRule,
  };
  const election = await http.defineElection(clerk, ELECTION_DATE, undefined, settings);
  expect(election.status === 201 ? 201 : await election.text()).toBe(201);
  const { electionId } = (await election.json()) as { electionId: string };
  const roll = await http.importRoll(
    clerk,
    spec.voters.slice(0, 5).map((v, i) => rollRowOf(v, spec.residence, `${spec.place.state}-${i + 1}`)),
  );
  expect(await roll.json()).toMatchObject({ applied: 5, refused: 0 });
  const requests: Array<{ requestId: string; trackingCode: string }> = [];
  for (const [i, voter] of spec.voters.entries()) {
    const res = await http.submit(
      fpcaRequest(jurisdictionId, voter, spec.residence, {
        ballotDelivery: 'mail',
        voterClass: i % 2 === 0 ? 'active-duty' : 'citizen-abroad-intent-to-return',
      }),
    );
    expect(res.status === 202 ? 202 : await res.text()).toBe(202);
    requests.push((await res.json()) as { requestId: string; trackingCode: string });
  }
  return {
    jurisdictionId,
    keys: { admin: keys.admin!, clerk, auditor: keys.auditor! },
    electionId,
    requests,
  };
}

describe('office operations: one election, two jurisdictions', () => {
  let stack: Stack;
  let pg: Client;
  let oh: Office;
  let ny: Office;
  /** the FWAB of a voter with no request, per jurisdiction */
  const walkIns = new Map<string, string>();
  const savedSweep = process.env.CURE_SWEEP_INTERVAL_MS;

  beforeAll(async () => {
    pg = await ownerClient(); // assertions below the API only
    // the cure sweep runs when the test says so (it calls the gateway's sweep loop itself)
    process.env.CURE_SWEEP_INTERVAL_MS = '0';
    stack = await startStack(['gateway', 'verification', 'ballots', 'receipts']);
    const http = gatewayClient(stack.baseUrl);
    const opened = [
      { spec: OHIO, office: await openOffice(stack.baseUrl, OHIO) },
      { spec: NEW_YORK, office: await openOffice(stack.baseUrl, NEW_YORK) },
    ];
    // the sixth voter is not on the roll: the office reviews the request and registers the voter
    for (const { spec, office } of opened) {
      const sixth = office.requests[5];
      const item = await eventually(
        async () => {
          const res = await http.office(office.keys.clerk, '/review-queue');
          const { items } = (await res.json()) as {
            items: Array<{ requestId: string; reasons: Array<{ code: string }> }>;
          };
          return items.find((i) => i.requestId === sixth.requestId);
        },
        60_000,
        'the unlisted voter in the review queue',
      );
      expect(item.reasons.map((r) => r.code)).toEqual(['not-on-roll']);
      const approved = await http.officePost(
        office.keys.clerk,
        `/ballot-requests/${sixth.requestId}/approve`,
        {
          createRollRecord: { stateVoterId: `${spec.place.state}-6`, precinct: EXAMPLE_PRECINCT },
        },
      );
      expect(approved.status === 200 ? 200 : await approved.text()).toBe(200);
    }
    // every request gets its mail ballot from the ballots service
    [oh, ny] = await Promise.all(
      opened.map(async ({ office }): Promise<Office> => {
        const ballots: Office['ballots'] = [];
        const received: string[] = [];
        for (const r of office.requests) {
          const t = await eventually(
            async () => {
              const page = await http.track(r.trackingCode);
              return page.status === 'verified' && page.ballots.length === 1 ? page : undefined;
            },
            120_000,
            `the mail ballot of request ${r.requestId}`,
          );
          expect(t.ballots[0].status).toBe('generated');
          ballots.push({
            requestId: r.requestId,
            ballotId: t.ballots[0].ballotId,
            trackingCode: r.trackingCode,
          });
          received.push(t.receivedAt.slice(0, 10));
        }
        return { ...office, ballots, receivedOn: received.sort()[received.length - 1] };
      }),
    );
  }, 300_000);

  afterAll(async () => {
    if (savedSweep === undefined) delete process.env.CURE_SWEEP_INTERVAL_MS;
    else process.env.CURE_SWEEP_INTERVAL_MS = savedSweep;
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

  /** A moment on a day relative to election day, with an explicit offset. */
  const onDay = (days: number, time = '10:00:00-05:00') => `${addDays(ELECTION_DATE, days)}T${time}`;

  it('runs the election for both offices, each seeing only its own data', async () => {
    const cures = stack.apps.gateway!.get(CuresService);
    const moveAct = stack.apps.gateway!.get(MoveActService);
    for (const [o, other] of [
      [oh, ny],
      [ny, oh],
    ] as const) {
      const ids = o.ballots.map((b) => b.ballotId);
      const [b1, b2, b3, b4, b5, b6] = o.ballots;
      // requests received after day 45 are due within the office's target of 3 days
      const due = addDays(o.receivedOn, 3);

      // MOVE Act monitor before the due date: nothing sent yet, all due, then at risk
      const before = await call(
        o,
        'auditor',
        'GET',
        `/elections/${o.electionId}/move-act?date=${o.receivedOn}`,
      );
      expect(before.status).toBe(200);
      expect(before.body).toMatchObject({
        total: 6,
        byStatus: { due: 6, 'at-risk': 0, late: 0, 'on-time': 0 },
        byDueDate: [expect.objectContaining({ dueDate: due, total: 6 })],
      });
      const nearly = addDays(o.receivedOn, 1);
      const atRisk = await call(o, 'auditor', 'GET', `/elections/${o.electionId}/move-act?date=${nearly}`);
      expect(atRisk.body).toMatchObject({ byStatus: { 'at-risk': 6 } });

      // the daily summary event, once per election and date
      const summary = await call(
        o,
        'clerk',
        'POST',
        `/elections/${o.electionId}/move-act/summary?date=${nearly}`,
      );
      expect(summary.body).toMatchObject({ emitted: true, total: 6, byStatus: { 'at-risk': 6 } });
      const summary2 = await call(
        o,
        'clerk',
        'POST',
        `/elections/${o.electionId}/move-act/summary?date=${nearly}`,
      );
      expect(summary2.body).toMatchObject({ emitted: false, eventId: summary.body.eventId });
      const summaryRows = await pg.query(
        `SELECT message_key, payload FROM outbox WHERE event_type = 'uocava.office.move-act-summary.v1' AND jurisdiction_id = $1`,
        [o.jurisdictionId],
      );
      expect(summaryRows.rows).toHaveLength(1);
      expect(summaryRows.rows[0]).toMatchObject({ message_key: o.electionId, payload: { date: nearly } });

      // the mail work queue holds the six ballots, none of the other office's
      const queue = await call<{ items: Array<{ ballotId: string }> }>(o, 'clerk', 'GET', '/work-queue');
      expect(queue.body.items.map((i) => i.ballotId).sort()).toEqual([...ids].sort());
      for (const b of [b1, b2, b3, b4, b5]) {
        const t = await call(o, 'clerk', 'POST', `/ballots/${b.ballotId}/transmitted`, {
          transmittedAt: new Date().toISOString(),
          method: 'mail',
        });
        expect(t.status).toBe(200);
      }
      const again = await call(o, 'clerk', 'POST', `/ballots/${b1.ballotId}/transmitted`, {
        transmittedAt: new Date().toISOString(),
        method: 'mail',
      });
      expect(again.status).toBe(409);
      const queue2 = await call<{ items: Array<{ ballotId: string }> }>(o, 'clerk', 'GET', '/work-queue');
      expect(queue2.body.items.map((i) => i.ballotId)).toEqual([b6.ballotId]);

      // after the due date: five on time, one late
      const after = await call(
        o,
        'auditor',
        'GET',
        `/elections/${o.electionId}/move-act?date=${addDays(due, 2)}`,
      );
      expect(after.body).toMatchObject({
        total: 6,
        byStatus: { 'on-time': 5, late: 1, due: 0, 'at-risk': 0 },
      });

      // a FWAB arrives before the state ballot of request 5
      const fwab = await call(o, 'clerk', 'POST', '/fwab', {
        electionId: o.electionId,
        requestId: b5.requestId,
        receivedAt: onDay(-9),
        method: 'mail',
      });
      expect(fwab.status).toBe(201);
      expect(fwab.body).toMatchObject({ counts: 'fwab', disposition: 'counted' });

      // returns are recorded as they arrive: the gateway's clock is moved to five days after election
      // day for them (the ballots went out today, the envelopes come back in the weeks ahead)
      const clock = stack.apps.gateway!.get(Clock);
      const afterElection = jest.spyOn(clock, 'now').mockReturnValue(new Date(onDay(5)));
      // a receipt in the future, or one before the ballot went out, is refused and nothing is recorded
      const future = await call(o, 'clerk', 'POST', '/returns', {
        ballotId: b1.ballotId,
        receivedAt: onDay(6),
        method: 'mail',
      });
      expect(future.status).toBe(400);
      expect((future.body.errors as Array<{ field: string }>).map((e) => e.field)).toEqual(['receivedAt']);
      const beforeSent = await call(o, 'clerk', 'POST', '/returns', {
        ballotId: b1.ballotId,
        receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
        method: 'mail',
      });
      expect(beforeSent.status).toBe(400);
      expect(JSON.stringify(beforeSent.body)).toContain('before the ballot was sent');
      const notRecorded = await pg.query(`SELECT returned_at FROM ballots WHERE ballot_id = $1`, [
        b1.ballotId,
      ]);
      expect(notRecorded.rows).toEqual([{ returned_at: null }]);
      // returns: on time (by barcode), late, and a second scan of the same envelope
      const r1 = await call(o, 'clerk', 'POST', '/returns', {
        barcode: b1.ballotId.toUpperCase(),
        receivedAt: onDay(-14),
        method: 'mail',
      });
      expect(r1.body).toMatchObject({ timely: true, alreadyRecorded: false });
      const r1again = await call(o, 'clerk', 'POST', '/returns', {
        barcode: b1.ballotId,
        receivedAt: onDay(-13),
        method: 'mail',
      });
      expect(r1again.body).toMatchObject({
        timely: true,
        alreadyRecorded: true,
        receivedAt: r1.body.receivedAt,
      });
      const r2 = await call(o, 'clerk', 'POST', '/returns', {
        ballotId: b2.ballotId,
        receivedAt: onDay(3),
        method: 'mail',
        postmarkDate: addDays(ELECTION_DATE, 2),
      });
      expect(r2.body).toMatchObject({ timely: false });
      for (const b of [b3, b4, b5]) {
        const r = await call(o, 'clerk', 'POST', '/returns', {
          ballotId: b.ballotId,
          receivedAt: onDay(-6),
          // Ohio and New York take voted ballots by mail only (docs/state-rules.md)
          method: 'mail',
        });
        expect(r.body).toMatchObject({ timely: true });
      }
      const unknown = await call(o, 'clerk', 'POST', '/returns', {
        barcode: randomUUID(),
        receivedAt: onDay(-6),
        method: 'mail',
      });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toContain('application/problem+json');
      // the other office cannot record this office's envelope
      const foreign = await call(other, 'clerk', 'POST', '/returns', {
        barcode: b6.ballotId,
        receivedAt: onDay(-6),
        method: 'mail',
      });
      expect(foreign.status).toBe(404);

      afterElection.mockRestore();

      // a FWAB from a voter with no request and no registration: under Ohio's (test) policy it is also
      // the registration application and counts; New York's office has no such policy
      const walkIn = await call(o, 'clerk', 'POST', '/fwab', {
        electionId: o.electionId,
        receivedAt: onDay(-14),
        method: 'email',
        voterRegistered: false,
      });
      expect(walkIn.status).toBe(201);
      expect(walkIn.body).toMatchObject(
        o === oh
          ? { counts: 'fwab', disposition: 'counted', registrationApplication: true }
          : { counts: 'none', disposition: 'rejected', reason: 'voter-unregistered' },
      );
      walkIns.set(o.jurisdictionId, String(walkIn.body.fwabId));
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

      // a FWAB of a voter whose timely state ballot is in hand: superseded, until that ballot is rejected
      const fwab4 = await call(o, 'clerk', 'POST', '/fwab', {
        electionId: o.electionId,
        requestId: b4.requestId,
        receivedAt: onDay(-8),
        method: 'mail',
      });
      expect(fwab4.body).toMatchObject({ counts: 'state-ballot', disposition: 'superseded' });

      // decisions
      expect((await call(o, 'clerk', 'POST', `/ballots/${b1.ballotId}/accept`)).status).toBe(200);
      const acceptLate = await call(o, 'clerk', 'POST', `/ballots/${b2.ballotId}/accept`);
      expect(acceptLate.status).toBe(409);
      // both states' tables have a postmark rule (docs/state-rules.md): late by its postmark
      const lateReason = 'postmark';
      expect(
        (await call(o, 'clerk', 'POST', `/ballots/${b2.ballotId}/reject`, { reasons: [lateReason] })).status,
      ).toBe(200);
      const cure = await call(o, 'clerk', 'POST', `/ballots/${b3.ballotId}/request-cure`, {
        reasons: ['missing-voter-signature'],
        // within both states' cure windows (Ohio's ends 4 days after election day)
        cureDeadline: `${addDays(ELECTION_DATE, 2)}T17:00:00-05:00`,
      });
      expect(cure.status).toBe(200);
      expect((await call(o, 'clerk', 'POST', `/ballots/${b3.ballotId}/cure`, {})).status).toBe(200);
      expect((await call(o, 'clerk', 'POST', `/ballots/${b3.ballotId}/accept`)).status).toBe(200);
      // a cure deadline that has passed: rejected by the sweep (the route here, the gateway's own
      // loop over every jurisdiction for the second office)
      const cure4 = await call(o, 'clerk', 'POST', `/ballots/${b4.ballotId}/request-cure`, {
        reasons: ['mismatch-voter-signature'],
        cureDeadline: new Date(Date.now() - 3_600_000).toISOString(),
      });
      expect(cure4.status).toBe(200);
      if (o === oh) {
        const sweep = await call<{ rejected: string[] }>(o, 'clerk', 'POST', '/cure-sweep');
        expect(sweep.body.rejected).toEqual([b4.ballotId]);
      } else {
        expect(await cures.sweepAll(new Date())).toBeGreaterThanOrEqual(1);
      }
      expect((await call<{ rejected: string[] }>(o, 'clerk', 'POST', '/cure-sweep')).body.rejected).toEqual(
        [],
      );
      // the state ballot of request 4 was rejected: its FWAB counts now, and integrators are told
      const fwab4Now = await call<{ items: Array<{ fwabId: string; counts: string; disposition: string }> }>(
        o,
        'auditor',
        'GET',
        `/elections/${o.electionId}/fwabs`,
      );
      expect(fwab4Now.body.items.find((f) => f.fwabId === fwab4.body.fwabId)).toMatchObject({
        counts: 'fwab',
        disposition: 'counted',
      });
      const fwab4Events = await pg.query(
        `SELECT payload->>'disposition' AS disposition FROM outbox
         WHERE event_type = 'uocava.fwab.resolved.v1' AND payload->>'fwabId' = $1 ORDER BY outbox_id`,
        [fwab4.body.fwabId],
      );
      expect(fwab4Events.rows.map((r: { disposition: string }) => r.disposition)).toEqual([
        'superseded',
        'counted',
      ]);
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
        fwabs: { superseded: 1, ...(o === oh ? { counted: 2 } : { counted: 1, rejected: 1 }) },
      });
      expect(JSON.stringify(dash.body)).not.toContain(other.electionId);
    }

    // the gateway's daily loop over every jurisdiction emits today's summary of both elections
    await moveAct.emitDueSummaries(new Date());
    const today = new Date().toISOString().slice(0, 10);
    for (const o of [oh, ny]) {
      const rows = await pg.query(
        `SELECT 1 FROM outbox WHERE event_type = 'uocava.office.move-act-summary.v1' AND jurisdiction_id = $1
           AND payload->>'date' = $2`,
        [o.jurisdictionId, today],
      );
      expect(rows.rows).toHaveLength(1);
    }
  }, 180_000);

  it('exports EAVS Section B per office, valid against the vendored table schema, FWAB-only voters included', async () => {
    const schema = parseTableSchema(
      JSON.parse(readFileSync(join(STANDARDS, 'eavs-section-b/tableschema.json'), 'utf8')),
    );
    for (const [o, other, file] of [
      [oh, ny, `esbdata-${ELECTION_DATE}-Ohio-Mahoning.csv`],
      [ny, oh, `esbdata-${ELECTION_DATE}-New_York-Kings.csv`],
    ] as const) {
      const res = await call(o, 'auditor', 'GET', `/elections/${o.electionId}/reports/eavs-section-b.csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file}"`);
      const [header, ...rows] = parse(res.text) as string[][];
      expect(validateTable(schema, header, rows)).toEqual([]);
      // six requests, and the FWAB of the voter who had none
      expect(rows).toHaveLength(7);
      const col = (name: string) => header.indexOf(name);
      const walkIn = walkIns.get(o.jurisdictionId)!;
      expect(rows.map((r) => r[col('TransactionId')]).sort()).toEqual(
        [...o.ballots.map((b) => b.requestId), walkIn].sort(),
      );
      const fwabRow = rows.find((r) => r[col('TransactionId')] === walkIn)!;
      expect({
        type: fwabRow[col('RequestType')],
        method: fwabRow[col('RequestMethod')],
        ballot: fwabRow[col('BallotType')],
        received: fwabRow[col('BallotReceivedMethod')],
        receivedOn: fwabRow[col('BallotReceivedDate')],
        status: fwabRow[col('RequestStatusType')],
        rejection: fwabRow[col('BallotRejectionType')],
      }).toEqual({
        type: 'fwab',
        method: 'email',
        ballot: 'fwab',
        received: 'email',
        receivedOn: new Date(onDay(-14)).toISOString().slice(0, 10),
        status: o === oh ? 'accepted' : 'rejected',
        rejection: o === oh ? 'na' : '["voter-unregistered"]',
      });
      // the late ballot and the uncured one; in New York also the unregistered voter's FWAB
      expect(rows.filter((r) => r[col('BallotRejectionType')] !== 'na')).toHaveLength(o === oh ? 2 : 3);
      expect(rows.filter((r) => r[col('RequestType')] === 'fpca')).toHaveLength(6);
      expect(res.text).not.toContain(other.ballots[0].requestId);
      expect(res.text).not.toContain(walkIns.get(other.jurisdictionId)!);
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
          const ids = res.body.Device[0].Event?.map((e) => e.Id) ?? [];
          const count = (id: string) => ids.filter((i) => i === id).length;
          return count('ballot.transmitted') >= 5 &&
            count('ballot.returned') >= 5 &&
            count('ballot.accepted') >= 3 &&
            count('ballot.rejected') >= 2 &&
            count('ballot.cured') >= 1
            ? res
            : undefined;
        },
        60_000,
        'the event log of every step',
      );
      expect(validate(log.body)).toBe(true);
      const ids = new Set(log.body.Device[0].Event?.map((e) => e.Id));
      for (const id of [
        'request.submitted',
        'request.verified',
        'ballot.generated',
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

  it("shows this year's and next year's elections side by side, each office its own", async () => {
    const nextYear = `${Number(ELECTION_DATE.slice(0, 4)) + 1}-03-02` as IsoDate;
    const defined = await gatewayClient(stack.baseUrl).defineElection(oh.keys.clerk, nextYear);
    expect(defined.status === 201 ? 201 : await defined.text()).toBe(201);
    const { electionId: next } = (await defined.json()) as { electionId: string };
    type Row = { electionId: string; date: string; requests: number; day45?: string; returned: number };
    const res = await call<{ elections: Row[] }>(oh, 'auditor', 'GET', '/elections-overview');
    expect(res.status).toBe(200);
    expect(res.body.elections.map((e) => e.electionId)).toEqual([oh.electionId, next]);
    expect(res.body.elections[0]).toMatchObject({ requests: 6, returned: 5, accepted: 3, rejected: 2 });
    expect(res.body.elections[1]).toMatchObject({
      date: nextYear,
      returned: 0,
      day45: addDays(nextYear, -45),
    });
    const theirs = await call<{ elections: Row[] }>(ny, 'auditor', 'GET', '/elections-overview');
    expect(theirs.body.elections.map((e) => e.electionId)).toEqual([ny.electionId]);
  });
});
