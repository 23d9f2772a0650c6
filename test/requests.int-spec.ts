/**
 * Ballot requests over HTTP against the real gateway, verification worker, Postgres and Kafka:
 * every verification outcome (with its event on uocava.requests.v1 and its step on the tracking
 * endpoint), the hostile request table answered with problem+json and no database change, the
 * NIST VRI content type, and duplicate resubmissions.
 */
import { Kafka, type Consumer } from 'kafkajs';
import { kafkaClientConfig } from '@uocava/messaging';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, KeyRing, ROLL_UPSERT_CHUNK_ROWS } from '@uocava/database';
import { HOSTILE_REQUESTS, type IsoDate } from '@uocava/domain';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { TOPICS } from '@uocava/contracts';
import ohioExample from '@uocava/contracts/standards/nist-1500-102-voter-records/example_ohio_registration.json';
import {
  createOffice,
  eventually,
  openTestOffice,
  ownerDatabaseUrl,
  ROLL_HEADER_LINE,
  officeContext,
  type TestOffice,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

const rollRow = (id: string, first: string, last: string, dob: string, dl: string) =>
  `${id},${first},,${last},,${dob},${dl},,1 Main St,Youngstown,OH,44505,Mahoning,p-1,,active\n`;

const today = () => new Date().toISOString().slice(0, 10) as IsoDate;

interface Seen {
  type: string;
  key: string;
  body: string;
}

describe('ballot requests over HTTP', () => {
  let stack: ProcessStack;
  let db: Client;
  let spy: Consumer;
  let mahoning: TestOffice;
  let jurisdictionId: string;
  let vriJurisdictionId: string;
  const seen: Seen[] = [];

  /** imports roll records (CSV lines after the header) and expects the import's report */
  async function importRoll(office: TestOffice, records: string) {
    const res = await office.importRoll(ROLL_HEADER_LINE + records);
    expect(res.status).toBe(200);
    return (await res.json()) as {
      applied: number;
      refused: number;
      aborted: boolean;
      refusals: Array<{ line: number; reasons: string[] }>;
    };
  }

  beforeAll(async () => {
    const mahoningOffice = await createOffice({ prefix: 'rq' });
    // the NIST VRI example names its county by number: this office is state-wide (no county)
    const vriOffice = await createOffice({ prefix: 'rq', name: 'Ohio', state: 'OH' });
    jurisdictionId = mahoningOffice.jurisdictionId;
    vriJurisdictionId = vriOffice.jurisdictionId;
    db = new Client({ connectionString: ownerDatabaseUrl() }); // below the API: the owner
    await db.connect();
    const kafka = new Kafka(kafkaClientConfig({ clientId: 'rq-spy', extra: { logLevel: 1 } }));
    // the stack creates the topics
    stack = await startProcessStack(['gateway', 'verification', 'receipts']);
    mahoning = officeContext(stack.baseUrl, mahoningOffice);
    const vri = officeContext(stack.baseUrl, vriOffice);
    spy = kafka.consumer({ groupId: `spy-${jurisdictionId}` });
    await spy.connect();
    await spy.subscribe({ topics: [TOPICS.requests], fromBeginning: true });
    await spy.run({
      eachMessage: async ({ message }) => {
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        if (headers.ce_jurisdiction !== jurisdictionId && headers.ce_jurisdiction !== vriJurisdictionId)
          return;
        seen.push({ type: headers.ce_type, key: String(message.key), body: String(message.value) });
      },
    });
    expect(
      await importRoll(
        mahoning,
        rollRow('OH-V1', 'Jane', 'Doe', '1993-11-12', 'AA999888') +
          rollRow('OH-M1', 'Mike', 'Many', '1960-06-06', 'MM100001') +
          rollRow('OH-M2', 'Mike', 'Many', '1960-06-06', 'MM100002') +
          rollRow('OH-I1', 'Ivy', 'Mismatch', '1970-07-07', 'II111222') +
          rollRow('OH-N1', 'Ned', 'Noid', '1985-03-03', 'NN222333'),
      ),
    ).toEqual(expect.objectContaining({ applied: 5, refused: 0 }));
    expect(await importRoll(vri, rollRow('OH-V9', 'Jane', 'Doe', '1993-11-12', 'AA999888'))).toEqual(
      expect.objectContaining({ applied: 1, refused: 0 }),
    );
  }, 180000);

  afterAll(async () => {
    await spy?.disconnect();
    await db?.end();
    await stack?.stop();
  });

  const post = (body: string | undefined, contentType?: string) =>
    fetch(`${stack.baseUrl}/api/v1/ballot-requests`, {
      method: 'POST',
      headers: contentType ? { 'content-type': contentType } : {},
      body,
    });

  const voter = (change?: (r: BallotRequestInput) => void): BallotRequestInput => mahoning.fpca(change);

  /**
   * What a request can write: its row, a duplicate record, and intake events in the outbox. (Other
   * outbox rows keep coming from the workers finishing earlier requests, e.g. receipts.)
   */
  async function counts(): Promise<Record<string, number>> {
    const queries: Record<string, string> = {
      ballot_requests: `SELECT count(*)::int AS n FROM ballot_requests`,
      request_duplicates: `SELECT count(*)::int AS n FROM request_duplicates`,
      intake_events: `SELECT count(*)::int AS n FROM outbox
                      WHERE event_type IN ('uocava.request.submitted.v1', 'uocava.request.duplicate.v1')`,
    };
    const out: Record<string, number> = {};
    for (const [name, sql] of Object.entries(queries)) {
      const r = await db.query(sql);
      out[name] = (r.rows[0] as { n: number }).n;
    }
    return out;
  }

  describe('hostile and malformed bodies', () => {
    let before: Record<string, number>;
    beforeAll(async () => {
      before = await counts();
    });

    const replay = async (hostile: (typeof HOSTILE_REQUESTS)[number]) => {
      const text = JSON.stringify(hostile.body);
      const res = await post(text, 'application/json');
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      if (Buffer.byteLength(text) > 64 * 1024) {
        expect(res.status).toBe(413);
        return;
      }
      const problem = (await res.json()) as {
        status: number;
        detail?: string;
        errors?: Array<{ field: string }>;
      };
      expect({ status: res.status, problem: problem.status }).toEqual({ status: 400, problem: 400 });
      const fields = (problem.errors ?? []).map((e) => e.field);
      expect({ fields, detail: problem.detail }).toEqual({
        fields: expect.arrayContaining(hostile.expectedFields),
        detail: problem.detail,
      });
    };
    // JSON scalars (null, "text", 42) are parsed (strict: false) and refused by validation, naming (body)
    it.each(HOSTILE_REQUESTS.map((h) => [h.name, h] as const))('%s', (_name, hostile) => replay(hostile));

    it('a body over the 64 kB limit is 413', async () => {
      const big = voter((v) => (v.mailingAddress.lines = Array.from({ length: 700 }, () => 'x'.repeat(100))));
      const res = await post(JSON.stringify(big), 'application/json');
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('a text/plain body is 415', async () => {
      const res = await post(JSON.stringify(voter()), 'text/plain');
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('a body without a content type is 415', async () => {
      const res = await post(undefined);
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('malformed JSON is 400', async () => {
      const res = await post('{"name": {"first": "Jane",', 'application/json');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('an empty JSON body is 400 naming the required fields', async () => {
      const res = await post('', 'application/json');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await res.json()) as { errors?: Array<{ field: string }> };
      expect((problem.errors ?? []).length).toBeGreaterThan(0);
    });

    it('a malformed VRI body is 400 naming VRI paths', async () => {
      const res = await post(JSON.stringify({ Subject: {} }), 'application/vnd.nist.vri+json');
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('left the database unchanged', async () => {
      expect(await counts()).toEqual(before);
    });
  });

  const birthday17 = () => {
    const d = new Date();
    return `${d.getUTCFullYear() - 17}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(
      Math.min(d.getUTCDate(), 28),
    ).padStart(2, '0')}` as IsoDate;
  };

  const OUTCOMES: Array<{
    name: string;
    change: (v: BallotRequestInput) => void;
    status: 'verified' | 'needs-review' | 'rejected';
    reasons: string[];
  }> = [
    { name: 'on the roll with the same ID', change: () => undefined, status: 'verified', reasons: [] },
    {
      name: 'not on the roll',
      change: (v) => {
        v.name = { first: 'Olga', last: 'Outsider' };
        v.dateOfBirth = '1980-01-01' as IsoDate;
      },
      status: 'needs-review',
      reasons: ['not-on-roll'],
    },
    {
      name: 'several roll records match',
      change: (v) => {
        v.name = { first: 'Mike', last: 'Many' };
        v.dateOfBirth = '1960-06-06' as IsoDate;
        v.identification = { type: 'drivers-license', value: 'MM100001' };
      },
      status: 'needs-review',
      reasons: ['roll-multiple-candidates'],
    },
    {
      name: 'ID number differs from the roll',
      change: (v) => {
        v.name = { first: 'Ivy', last: 'Mismatch' };
        v.dateOfBirth = '1970-07-07' as IsoDate;
        v.identification = { type: 'drivers-license', value: 'ZZ999999' };
      },
      status: 'needs-review',
      reasons: ['roll-id-mismatch'],
    },
    {
      name: 'no ID number given',
      change: (v) => {
        v.name = { first: 'Ned', last: 'Noid' };
        v.dateOfBirth = '1985-03-03' as IsoDate;
        v.identification = { type: 'none', attestNoId: true };
      },
      status: 'needs-review',
      reasons: ['missing-identification'],
    },
    {
      name: 'under 18 on election day',
      change: (v) => {
        v.name = { first: 'Kim', last: 'Young' };
        v.dateOfBirth = birthday17();
      },
      status: 'rejected',
      reasons: ['under-18-on-election-day'],
    },
    {
      name: 'voting residence outside the jurisdiction',
      change: (v) => {
        v.name = { first: 'Penny', last: 'Penn' };
        v.votingResidence = { street: '1 Liberty Ave', city: 'Pittsburgh', state: 'PA', zip: '15222' };
      },
      status: 'rejected',
      reasons: ['residence-outside-jurisdiction'],
    },
  ];

  it.each(OUTCOMES.map((o) => [o.name, o] as const))(
    '%s',
    async (_name, outcome) => {
      const res = await post(JSON.stringify(voter(outcome.change)), 'application/json');
      expect(res.status === 202 ? 202 : await res.text()).toBe(202);
      const accepted = (await res.json()) as { requestId: string; trackingCode: string };
      const eventType = `uocava.request.${outcome.status}.v1`;
      const page = await stack.explained(
        ['verification', 'receipts'],
        eventually(
          async () => {
            const r = await fetch(`${stack.baseUrl}/api/v1/tracking/${accepted.trackingCode}`);
            const body = (await r.json()) as {
              status: string;
              reasons: string[];
              steps: Array<{ type: string }>;
            };
            return body.steps.some((s) => s.type === eventType) ? body : undefined;
          },
          60000,
          `${eventType} on the tracking page`,
        ),
      );
      expect({ status: page.status, reasons: page.reasons }).toEqual({
        status: outcome.status,
        reasons: outcome.reasons,
      });
      const events = await eventually(
        async () => {
          const mine = seen.filter((e) => e.key === accepted.requestId);
          return mine.some((e) => e.type === eventType) ? mine : undefined;
        },
        30000,
        `${eventType} on Kafka`,
      );
      expect(events.map((e) => e.type)).toEqual(['uocava.request.submitted.v1', eventType]);
      // binary content mode: the message value is the event's data
      const decision = JSON.parse(events[1].body) as { reasons?: string[]; decidedBy?: string };
      if (outcome.status !== 'verified') expect(decision.reasons).toEqual(outcome.reasons);
      if (outcome.status !== 'needs-review') expect(decision.decidedBy).toBe('automatic');
    },
    90000,
  );

  it('records a duplicate resubmission, with no new request, and tells the sender no tracking code', async () => {
    const v = voter((x) => {
      x.name = { first: 'Dora', last: 'Double' };
      x.dateOfBirth = '1977-07-17' as IsoDate;
    });
    const first = await post(JSON.stringify(v), 'application/json');
    expect(first.status).toBe(202);
    const a = (await first.json()) as { requestId: string; trackingCode: string };
    const again = await post(JSON.stringify(v), 'application/json');
    expect(again.status).toBe(200);
    const answer = (await again.json()) as Record<string, unknown>;
    expect(answer).toMatchObject({ duplicate: true, status: 'duplicate' });
    expect(JSON.stringify(answer)).not.toContain(a.trackingCode);
    expect(answer).not.toHaveProperty('requestId');
    const dups = await db.query(`SELECT same_body FROM request_duplicates WHERE request_id = $1`, [
      a.requestId,
    ]);
    expect(dups.rows).toEqual([{ same_body: true }]);
    const requests = await db.query(
      `SELECT count(*)::int AS n FROM ballot_requests WHERE jurisdiction_id = $1 AND voter_key = (SELECT voter_key FROM ballot_requests WHERE request_id = $2)`,
      [jurisdictionId, a.requestId],
    );
    expect(requests.rows[0]).toEqual({ n: 1 });
    await eventually(
      async () =>
        seen.some((e) => e.key === a.requestId && e.type === 'uocava.request.duplicate.v1')
          ? true
          : undefined,
      30000,
      'request.duplicate on Kafka',
    );
  }, 60000);

  describe('voter roll import (COPY staging)', () => {
    let importOffice: TestOffice;
    let importId: string;
    const rows = async () =>
      (
        await db.query(
          `SELECT state_voter_id, roll_record_id, precinct FROM voter_roll WHERE jurisdiction_id = $1 ORDER BY 1`,
          [importId],
        )
      ).rows as Array<{ state_voter_id: string; roll_record_id: string; precinct: string }>;
    beforeAll(async () => {
      importOffice = await openTestOffice(stack.baseUrl, {
        prefix: 'rq',
        name: 'Import County',
        county: 'Mahoning',
      });
      importId = importOffice.jurisdictionId;
    });

    it('applies good rows, refuses bad ones with line numbers, and the later row of a voter wins', async () => {
      const report = await importRoll(
        importOffice,
        rollRow('OH-A1', 'Ann', 'Able', '1950-01-01', 'AB123456') +
          'OH-BAD,Bad,,Row,,1950-02-30,,,1 Main St,Youngstown,OH,44505,Mahoning,p-1,,active\n' +
          rollRow('OH-A2', 'Al', "O'Table", '1951-01-01', '').replace('p-1', 'p\\2') +
          rollRow('OH-A1', 'Ann', 'Able', '1950-01-01', 'AB123456').replace('p-1', 'p-9'),
      );
      expect(report).toMatchObject({ applied: 2, refused: 1, aborted: false });
      expect(report.refusals).toEqual([{ line: 3, reasons: [expect.stringMatching(/date_of_birth/)] }]);
      expect((await rows()).map((r) => [r.state_voter_id, r.precinct])).toEqual([
        ['OH-A1', 'p-9'],
        ['OH-A2', 'p\\2'], // COPY escaping: a backslash survives
      ]);
    });

    it('opens the record of a new voter listed twice, an upsert chunk apart (the later row wins)', async () => {
      // a fresh office: every voter new to its roll, so each row of OH-C0 gets a new roll record id
      const office = await openTestOffice(stack.baseUrl, { prefix: 'rq', name: 'Chunk County' });
      let csv = rollRow('OH-C0', 'Cy', 'Chunk', '1970-01-01', '').replace('p-1', 'p-first');
      // a chunk ends at the end of a batch of 2,000 rows once it holds 25,000: 4,000 more rows put
      // the later row past the first chunk's end
      const fillers = ROLL_UPSERT_CHUNK_ROWS + 4000;
      for (let i = 1; i <= fillers; i++) csv += rollRow(`OH-F${i}`, 'Fill', 'Er', '1970-01-02', '');
      csv += rollRow('OH-C0', 'Cy', 'Chunk', '1970-01-01', '').replace('p-1', 'p-later');
      expect(await importRoll(office, csv)).toMatchObject({
        applied: fillers + 1,
        refused: 0,
      });
      const [row] = (
        await db.query(
          `SELECT roll_record_id, pii, precinct FROM voter_roll WHERE jurisdiction_id = $1 AND state_voter_id = 'OH-C0'`,
          [office.jurisdictionId],
        )
      ).rows as Array<{ roll_record_id: string; pii: Buffer; precinct: string }>;
      expect(row.precinct).toBe('p-later');
      const ds = await new DataSource(
        dataSourceOptions({ url: process.env.DATABASE_URL!, poolSize: 1 }),
      ).initialize();
      try {
        const keys = await new KeyRing(ds, process.env.MASTER_KEY).forJurisdiction(office.jurisdictionId);
        // sealed under its roll record id: before the fix the row kept the first row's id
        expect(keys.openJson(`roll:${row.roll_record_id}`, row.pii)).toMatchObject({
          id: 'OH-C0',
          precinct: 'p-later',
        });
      } finally {
        await ds.destroy();
      }
    });

    it('keeps the roll record id on re-import, and a file that cannot be read to its end changes nothing', async () => {
      const before = await rows();
      const again = await importRoll(importOffice, rollRow('OH-A1', 'Ann', 'Able', '1950-01-01', 'AB123456'));
      expect(again).toMatchObject({ applied: 1, refused: 0 });
      const after = await rows();
      expect(after.find((r) => r.state_voter_id === 'OH-A1')).toEqual({
        ...before.find((r) => r.state_voter_id === 'OH-A1'),
        precinct: 'p-1',
      });
      const broken = await importRoll(
        importOffice,
        rollRow('OH-A3', 'New', 'Voter', '1960-01-01', '') + 'OH-A4,"Unclosed,quote\n',
      );
      expect(broken).toMatchObject({ applied: 0, aborted: true });
      expect(await rows()).toEqual(after);
    });

    it('leaves a voter whose record did not change untouched; a later changed row of the file still wins', async () => {
      const stored = async () =>
        (
          await db.query(
            `SELECT state_voter_id, precinct, pii, record_hash, updated_at FROM voter_roll
             WHERE jurisdiction_id = $1 ORDER BY 1`,
            [importId],
          )
        ).rows as Array<{
          state_voter_id: string;
          precinct: string;
          pii: Buffer;
          record_hash: string | null;
        }>;
      const a1 = rollRow('OH-A1', 'Ann', 'Able', '1950-01-01', 'AB123456');
      const before = await stored();
      expect(before.find((r) => r.state_voter_id === 'OH-A1')?.record_hash).toMatch(/\S/);
      const same = await importRoll(importOffice, a1);
      expect(same).toMatchObject({ applied: 0, unchanged: 1, refused: 0 });
      expect(await stored()).toEqual(before); // same sealed bytes, same updated_at: not rewritten
      // a changed row, then the stored record again: the later row wins, so the voter is restored
      const flip = await importRoll(importOffice, a1.replace('p-1', 'p-7') + a1);
      expect(flip).toMatchObject({ applied: 1, unchanged: 0 });
      expect((await rows()).find((r) => r.state_voter_id === 'OH-A1')?.precinct).toBe('p-1');
      // the stored record, then a changed one: the change is applied
      const change = await importRoll(importOffice, a1 + a1.replace('p-1', 'p-8'));
      expect(change).toMatchObject({ applied: 1, unchanged: 1 });
      expect((await rows()).find((r) => r.state_voter_id === 'OH-A1')?.precinct).toBe('p-8');
    });

    it('keeps every voter and the later row over batches checked on the import threads', async () => {
      const voter = (i: number) => rollRow(`OH-M${i}`, 'Many', 'Voter', '1970-01-01', `MV${1000 + i}`);
      // 4,100 voters: three batches of 2,000 rows (the first checked in the gateway's thread, the others on its threads)
      const file = Array.from({ length: 4100 }, (_, i) => voter(i)).join('');
      const bad = 'OH-MBAD,Bad,,Row,,1950-02-30,,,1 Main St,Youngstown,OH,44505,Mahoning,p-1,,active\n';
      const loaded = await importRoll(importOffice, file + bad);
      expect(loaded).toMatchObject({ applied: 4100, unchanged: 0, refused: 1, aborted: false });
      expect(loaded.refusals).toEqual([{ line: 4102, reasons: [expect.stringMatching(/date_of_birth/)] }]);
      const first = new Map((await rows()).map((r) => [r.state_voter_id, r.roll_record_id]));
      // OH-M5 changed in the first batch and as stored in the last: the later row wins
      const again = file.replace(voter(5), voter(5).replace('p-1', 'p-7')) + voter(5);
      expect(await importRoll(importOffice, again)).toMatchObject({
        applied: 1,
        unchanged: 4099,
        refused: 0,
      });
      const after = await rows();
      expect(after.find((r) => r.state_voter_id === 'OH-M5')?.precinct).toBe('p-1');
      expect(new Map(after.map((r) => [r.state_voter_id, r.roll_record_id]))).toEqual(first);
      // malformed after three batches of changes: nothing applied, the rows before it still reported
      const broken = await importRoll(
        importOffice,
        file.replaceAll(',p-1,', ',p-2,') + bad + 'OH-MX,"Unclosed,quote\n',
      );
      expect(broken).toMatchObject({ applied: 0, unchanged: 0, aborted: true, refused: 2 });
      expect(broken.refusals.map((r) => r.line)).toEqual([4102, 4103]);
      expect(await rows()).toEqual(after);
    });
  });

  it('accepts a NIST SP 1500-102 VRI request (application/vnd.nist.vri+json) end to end', async () => {
    const r = JSON.parse(JSON.stringify(ohioExample)) as Record<string, unknown>;
    r.GeneratedDate = today();
    r.Type = ['registration', 'ballot-request'];
    r.Form = 'fpca';
    delete r.OtherForm;
    r.AdditionalInfo = [
      { '@type': 'VRI.AdditionalInfo', Name: 'JurisdictionId', StringValue: vriJurisdictionId },
    ];
    r.BallotRequest = { '@type': 'VRI.PermanentBallotRequest', BallotReceiptPreference: ['email-or-online'] };
    const s = r.Subject as Record<string, unknown>;
    s.DateOfBirth = '1993-11-12';
    (s.VoterClassification as unknown[]).push({
      '@type': 'VRI.VoterClassification',
      Assertion: 'yes',
      Type: 'citizen-abroad-intent-to-return',
    });
    s.Signature = { '@type': 'VRI.Signature', Date: today(), Source: 'voter', Type: 'electronic' };
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
    const res = await post(JSON.stringify(r), 'application/vnd.nist.vri+json');
    expect(res.status === 202 ? 202 : await res.text()).toBe(202);
    const accepted = (await res.json()) as { requestId: string; trackingCode: string };
    const stored = await db.query(`SELECT source FROM ballot_requests WHERE request_id = $1`, [
      accepted.requestId,
    ]);
    expect(stored.rows).toEqual([{ source: 'nist-vri' }]);
    await eventually(
      async () => {
        const t = await fetch(`${stack.baseUrl}/api/v1/tracking/${accepted.trackingCode}`);
        const body = (await t.json()) as { status: string; steps: Array<{ type: string }> };
        return body.steps.some((x) => x.type === 'uocava.request.verified.v1') ? body : undefined;
      },
      60000,
      'request.verified on the tracking page',
    );
    const submitted = await eventually(
      async () => seen.find((e) => e.key === accepted.requestId && e.type === 'uocava.request.submitted.v1'),
      30000,
      'request.submitted on Kafka',
    );
    expect(JSON.parse(submitted.body)).toMatchObject({ source: 'nist-vri' });
  }, 90000);
});
