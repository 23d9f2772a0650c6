/**
 * State rules as data, end to end (apps as separate processes; docs/state-rules.md): two offices
 * in two states whose FPCA rules differ. An FPCA sent today stands in Florida through the end of
 * the year of its next general election, in Ohio through 31 December only, so an election of next
 * year gets the Florida voter a ballot and not the Ohio voter, through the public API. (Before
 * state rules every FPCA covered only its calendar year: the Florida half of this test failed.)
 * The offices read their states' tables; a ballot faxed back is a return in Florida and refused in
 * Ohio (mail only); a Virginia voter who gives only the last four digits of the SSN goes to review
 * (Virginia's ID rules); an admin overrides one value, audited.
 */
import { Client } from 'pg';
import {
  createOffice,
  eventually,
  fpcaRequest,
  gatewayClient,
  generalElectionSettings,
  electionDateThisYear,
  ownerDatabaseUrl,
  rollRowOf,
  type Person,
  type Residence,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

jest.setTimeout(600_000);

const FLORIDA: Residence = {
  street: '111 NW 1st St',
  city: 'Miami',
  state: 'FL',
  zip: '33128',
  county: 'Miami-Dade',
};
const OHIO: Residence = {
  street: '3818 Belmont Ave',
  city: 'Youngstown',
  state: 'OH',
  zip: '44505',
  county: 'Mahoning',
};
const VIRGINIA: Residence = {
  street: '900 E Broad St',
  city: 'Richmond',
  state: 'VA',
  zip: '23219',
  county: 'Richmond City',
};
const VERA: Person = {
  first: 'Vera',
  last: 'Castellano',
  dateOfBirth: '1985-01-17',
  driversLicense: 'V12345678',
};
const ROSA: Person = {
  first: 'Rosa',
  last: 'Quintero',
  dateOfBirth: '1979-04-02',
  driversLicense: 'Q123456789012',
};
const OTTO: Person = {
  first: 'Otto',
  last: 'Lindgren',
  dateOfBirth: '1968-09-30',
  driversLicense: 'OL445566',
};

/** A federal election of next year (a March special general): past the Ohio FPCA's reach. */
const NEXT_YEAR_ELECTION = `${new Date().getUTCFullYear() + 1}-03-02`;

interface Office {
  jurisdictionId: string;
  keys: { admin: string; clerk: string; auditor: string };
  adminKeyId: string;
}

describe('state rules: two states, two FPCA rules', () => {
  let stack: ProcessStack;
  let db: Client;
  let fl: Office;
  let oh: Office;
  const tracking: Record<string, string> = {};

  const open = async (prefix: string, place: Residence): Promise<Office> => {
    const o = await createOffice({
      prefix,
      roles: ['admin', 'clerk', 'auditor'],
      name: `${place.county} County`,
      state: place.state,
      county: place.county,
      settings: { applicationDeadlineDaysBefore: 0 },
    });
    return {
      jurisdictionId: o.jurisdictionId,
      keys: { admin: o.keys.admin!, clerk: o.keys.clerk!, auditor: o.keys.auditor! },
      adminKeyId: o.keyIds.admin!,
    };
  };

  beforeAll(async () => {
    fl = await open('sr-fl', FLORIDA);
    oh = await open('sr-oh', OHIO);
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    // a busy shared machine can take over the default 90 s to start three apps
    stack = await startProcessStack(['gateway', 'verification', 'ballots'], { startTimeoutMs: 240_000 });
    const http = gatewayClient(stack.baseUrl);
    for (const [office, place, person] of [
      [fl, FLORIDA, ROSA],
      [oh, OHIO, OTTO],
    ] as const) {
      const roll = await http.importRoll(office.keys.clerk, [
        rollRowOf(person, place, `SR-${place.state}-1`),
      ]);
      expect(roll.status).toBeLessThan(300);
      const res = await http.submit(fpcaRequest(office.jurisdictionId, person, place));
      if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
      tracking[place.state] = ((await res.json()) as { trackingCode: string }).trackingCode;
    }
    for (const state of ['FL', 'OH'])
      await eventually(
        async () => ((await http.track(tracking[state])).status === 'verified' ? true : undefined),
        60_000,
        `the ${state} request verified`,
      );
  });

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const electionIdsOfBallots = async (state: string): Promise<string[]> => {
    const body = (await gatewayClient(stack.baseUrl).track(tracking[state])) as unknown as {
      ballots: Array<{ electionId: string }>;
    };
    return body.ballots.map((b) => b.electionId).sort();
  };

  it("each office reads its own state's table", async () => {
    const http = gatewayClient(stack.baseUrl);
    const read = async (o: Office) => {
      const res = await http.office(o.keys.auditor, '/state-rules');
      expect(res.status).toBe(200);
      return (await res.json()) as {
        state: string;
        hasTable: boolean;
        effective: { fpcaValidity: { value: unknown } };
      };
    };
    const f = await read(fl);
    const o = await read(oh);
    expect([f.state, f.hasTable, o.state, o.hasTable]).toEqual(['FL', true, 'OH', true]);
    expect(f.effective.fpcaValidity.value).toMatchObject({ kind: 'general-elections', count: 1 });
    expect(o.effective.fpcaValidity.value).toEqual({ kind: 'calendar-year' });
  });

  it('an election of next year gets the Florida voter a ballot and not the Ohio voter', async () => {
    const http = gatewayClient(stack.baseUrl);
    const define = async (o: Office, date: string): Promise<string> => {
      const res = await http.defineElection(o.keys.clerk, date, undefined, generalElectionSettings(date));
      if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
      return ((await res.json()) as { electionId: string }).electionId;
    };
    const flNext = await define(fl, NEXT_YEAR_ELECTION);
    const ohNext = await define(oh, NEXT_YEAR_ELECTION);
    // and one of this year in Ohio, defined after: once its ballot is out, the worker has seen both
    const ohThisYear = await define(oh, electionDateThisYear(30));
    await eventually(
      async () => ((await electionIdsOfBallots('FL')).includes(flNext) ? true : undefined),
      60_000,
      "the Florida voter's ballot for next year's election",
    );
    await eventually(
      async () => ((await electionIdsOfBallots('OH')).includes(ohThisYear) ? true : undefined),
      60_000,
      "the Ohio voter's ballot for this year's election",
    );
    expect(await electionIdsOfBallots('FL')).toEqual([flNext]);
    expect(await electionIdsOfBallots('OH')).toEqual([ohThisYear]);
    expect(await electionIdsOfBallots('OH')).not.toContain(ohNext);
    // what the requests carry: the last day each FPCA stands
    const { rows } = await db.query<{ state: string; through: string }>(
      `SELECT j.state, to_char(r.fpca_valid_through, 'YYYY-MM-DD') AS through
       FROM ballot_requests r JOIN jurisdictions j USING (jurisdiction_id)
       WHERE r.jurisdiction_id = ANY($1::text[]) ORDER BY j.state`,
      [[fl.jurisdictionId, oh.jurisdictionId]],
    );
    const year = new Date().getUTCFullYear();
    expect(rows.find((r) => r.state === 'OH')?.through).toBe(`${year}-12-31`);
    expect(Number(rows.find((r) => r.state === 'FL')?.through.slice(0, 4))).toBeGreaterThan(year);
  });

  it('a faxed-back ballot is a return in Florida and is refused in Ohio, naming the field', async () => {
    const http = gatewayClient(stack.baseUrl);
    const post = (o: Office, path: string, body: unknown) =>
      http.office(o.keys.clerk, path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const faxBack = async (o: Office, state: string) => {
      // the e-mail ballot goes out by itself (the ballots app transmits it)
      const ballotId = await eventually(
        async () => {
          const t = (await http.track(tracking[state])) as unknown as {
            ballots: Array<{ ballotId: string; status: string }>;
          };
          return t.ballots[0]?.status === 'transmitted' ? t.ballots[0].ballotId : undefined;
        },
        60_000,
        `the ${state} ballot transmitted`,
      );
      return {
        ballotId,
        res: await post(o, '/returns', { ballotId, receivedAt: new Date().toISOString(), method: 'fax' }),
      };
    };
    const florida = await faxBack(fl, 'FL');
    expect(florida.res.status).toBe(200);
    expect(await florida.res.json()).toMatchObject({ status: 'returned', alreadyRecorded: false });
    const ohio = await faxBack(oh, 'OH');
    expect(ohio.res.status).toBe(400);
    expect(ohio.res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await ohio.res.json()) as {
      errors: Array<{ pointer: string; code: string; message: string }>;
    };
    expect(problem.errors).toEqual([
      expect.objectContaining({ pointer: '/method', code: 'not-allowed-by-state' }),
    ]);
    expect(problem.errors[0].message).toMatch(
      /^Ohio does not take voted ballots by fax: only by mail, in person/,
    );
    const { rows } = await db.query<{ ballot_id: string; status: string; returned_at: Date | null }>(
      `SELECT ballot_id, status, returned_at FROM ballots WHERE ballot_id::text = ANY($1::text[]) ORDER BY status`,
      [[florida.ballotId, ohio.ballotId]],
    );
    expect(rows.map((r) => [r.ballot_id, r.status, r.returned_at === null])).toEqual([
      [florida.ballotId, 'returned', false],
      [ohio.ballotId, 'transmitted', true],
    ]);
  });

  it("sends a Virginia voter who gives only the SSN's last four digits to review (Virginia's ID rules)", async () => {
    const va = await open('sr-va', VIRGINIA);
    const http = gatewayClient(stack.baseUrl);
    // on the roll with the same last four: in Ohio or Florida this voter would be verified
    const roll = await http.importRoll(va.keys.clerk, [
      { ...rollRowOf(VERA, VIRGINIA, 'SR-VA-1'), ssn4: '4821' },
    ]);
    expect(roll.status).toBeLessThan(300);
    const request = fpcaRequest(va.jurisdictionId, VERA, VIRGINIA);
    request.identification = { type: 'ssn4', value: '4821' };
    const res = await http.submit(request);
    if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
    const decided = await eventually(
      async () => {
        const { rows } = await db.query<{ status: string; reasons: string[] }>(
          `SELECT status, reasons FROM ballot_requests WHERE jurisdiction_id = $1`,
          [va.jurisdictionId],
        );
        return rows[0]?.status !== undefined && rows[0].status !== 'received' ? rows[0] : undefined;
      },
      60_000,
      'the Virginia request decided',
    );
    expect(decided).toEqual({ status: 'needs-review', reasons: ['identification-not-accepted-by-state'] });
  });

  it('an admin overrides a value of its own state, audited; bad fields are named; a clerk may not', async () => {
    const http = gatewayClient(stack.baseUrl);
    const put = (key: string, body: unknown) =>
      http.office(key, '/state-rules/overrides', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const witness = {
      value: 'witness',
      statutes: [],
      guides: ['https://www.example.gov/mahoning-county-guide'],
      confidence: 'needs-confirmation',
    };
    expect((await put(oh.keys.clerk, { oathAttestation: witness })).status).toBe(403);
    const bad = await put(oh.keys.admin, {
      oathAttestation: { ...witness, value: 'a friend' },
      witness: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const pointers = ((await bad.json()) as { errors: Array<{ pointer: string }> }).errors.map(
      (e) => e.pointer,
    );
    expect(pointers).toEqual(expect.arrayContaining(['/oathAttestation/value', '/witness']));
    const ok = await put(oh.keys.admin, { oathAttestation: witness });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as {
      overrides: { version: number };
      effective: { oathAttestation: { value: string } };
      table: { oathAttestation: { value: string } };
    };
    expect([
      body.overrides.version,
      body.effective.oathAttestation.value,
      body.table.oathAttestation.value,
    ]).toEqual([1, 'witness', 'none']);
    // Florida's rules are untouched by Ohio's override
    const f = (await (await http.office(fl.keys.auditor, '/state-rules')).json()) as { overrides: unknown };
    expect(f.overrides).toBeNull();
    const audit = await db.query<{ action: string; role: string }>(
      `SELECT action, role FROM audit_log WHERE key_id = $1 AND action = 'state-rules.override'`,
      [oh.adminKeyId],
    );
    expect(audit.rows.length).toBeGreaterThanOrEqual(2);
    expect(audit.rows.every((r) => r.role === 'admin')).toBe(true);
  });
});
