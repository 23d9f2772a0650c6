/**
 * Election definitions and ballot packets end to end, over HTTP and real Kafka: definition import
 * (the shared NIST SP 1500-20 examples and invalid ones), an election defined after requests were
 * verified, a closed primary by party, style assignment by the office, `ballot.generated` (hash,
 * style, pages, paper size) and the packet download with its hash check.
 */
import { createHash } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { kafkaClientConfig } from '@uocava/messaging';
import { DataSource } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import { dataSourceOptions, KeyRing, openDataSource } from '@uocava/database';
import { validFpcaExample, type BallotRequestInput } from '@uocava/domain';
import { downloadToken } from '@uocava/packets';
import {
  createOffice,
  electionDateThisYear as dayThisYear,
  electionSettings as settings,
  eventually,
  gatewayClient,
  nistDefinitionOn,
  ownerDatabaseUrl,
  ROLL_HEADER_LINE,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

const EXAMPLES = [
  'example_physical_ballot_def_1.json',
  'example_physical_ballot_def_2.json',
  'example_controlling_contest_partisan_preference.json',
];

type Json = Record<string, unknown>;

const definitionFile = (file: string, date: string): Json => nistDefinitionOn(date, file);

interface Seen {
  type: string;
  key: string;
  data: Json;
}

describe('election definitions and ballot packets', () => {
  let stack: ProcessStack;
  let ds: DataSource;
  let appDs: DataSource;
  let keyRing: KeyRing;
  let jurisdictionId: string;
  let clerkKey: string;
  let auditorKey: string;
  let http: ReturnType<typeof gatewayClient>;
  const seen: Seen[] = [];
  let stopSpy: () => Promise<void>;

  beforeAll(async () => {
    const office = await createOffice({ prefix: 'e2e-b', roles: ['clerk', 'auditor'] });
    jurisdictionId = office.jurisdictionId;
    clerkKey = office.keys.clerk!;
    auditorKey = office.keys.auditor!;
    stack = await startProcessStack();
    http = gatewayClient(stack.baseUrl);
    // below the API (assertions, the tampering insider): the owner of the tables
    ds = await new DataSource(dataSourceOptions({ url: ownerDatabaseUrl(), poolSize: 2 })).initialize();
    // the test derives download tokens the way the ballots service does (same MASTER_KEY)
    appDs = await openDataSource({ url: process.env.DATABASE_URL!, poolSize: 1 });
    keyRing = new KeyRing(appDs, process.env.MASTER_KEY);
    const kafka = new Kafka(kafkaClientConfig({ clientId: 'e2e-ballots-spy', extra: { logLevel: 1 } }));
    const consumer = kafka.consumer({ groupId: `spy-${jurisdictionId}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [TOPICS.ballots, TOPICS.elections], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const h = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        if (h.ce_jurisdiction !== jurisdictionId) return;
        seen.push({
          type: h.ce_type,
          key: String(message.key),
          data: JSON.parse(String(message.value)) as Json,
        });
      },
    });
    stopSpy = () => consumer.disconnect();
  }, 180000);

  afterAll(async () => {
    await stopSpy?.();
    await stack?.stop();
    await ds?.destroy();
    await appDs?.destroy();
  });

  const office = (path: string, init: RequestInit = {}, key = clerkKey) => http.office(key, path, init);
  const post = (path: string, body: unknown, key = clerkKey) => http.officePost(key, path, body);

  const generated = (requestId: string, electionId: string) =>
    eventually(
      async () =>
        seen.find(
          (e) =>
            e.type === 'uocava.ballot.generated.v1' &&
            e.data.requestId === requestId &&
            e.data.electionId === electionId,
        ),
      60000,
      `ballot.generated for ${electionId}`,
    );

  describe('definition import over HTTP', () => {
    it.each(EXAMPLES)('accepts the shared example %s', async (file) => {
      const date = dayThisYear(40);
      const res = await post('/elections', {
        definition: definitionFile(file, date),
        settings: settings(date, 'general', false),
      });
      expect(res.status === 201 ? 201 : await res.text()).toBe(201);
      const body = (await res.json()) as {
        electionId: string;
        date: string;
        contests: number;
        ballotStyles: string[];
      };
      expect(body.date).toBe(date);
      expect(body.contests).toBeGreaterThan(0);
      expect(body.ballotStyles.length).toBeGreaterThan(0);

      const one = await office(`/elections/${body.electionId}`, {}, auditorKey);
      expect(one.status).toBe(200);
      const detail = (await one.json()) as {
        ballotStyles: Array<{ id: string }>;
        contests: Array<{ id: string }>;
      };
      expect(detail.ballotStyles.map((s) => s.id)).toEqual(body.ballotStyles);
      expect(detail.contests).toHaveLength(body.contests);
    });

    it('documents the election routes in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      expect(Object.keys(doc.paths['/api/v1/office/elections'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(doc.paths['/api/v1/office/elections/{electionId}']).toHaveProperty('get');
      expect(
        Object.keys(doc.paths['/api/v1/office/elections/{electionId}/style-assignments'] ?? {}).sort(),
      ).toEqual(['get', 'post']);
    });

    it('lists the elections', async () => {
      const res = await office('/elections', {}, auditorKey);
      const body = (await res.json()) as { items: Array<{ electionId: string }> };
      expect(res.status).toBe(200);
      expect(body.items.length).toBeGreaterThanOrEqual(EXAMPLES.length);
    });

    it.each([
      {
        name: 'the NIST schema file itself (not a definition)',
        make: (date: string) => definitionFile('NIST_V1_ballot_definition.json', date),
        pointer: '/@type',
      },
      {
        name: 'a ballot style for an unknown GpUnit',
        make: (date: string) => {
          const def = definitionFile('example_physical_ballot_def_1.json', date) as {
            Election: Array<{ BallotStyle: Array<{ GpUnitIds: string[] }> }>;
          };
          def.Election[0].BallotStyle[0].GpUnitIds = ['gpu-nowhere'];
          return def;
        },
        pointer: '/Election/0/BallotStyle/0/GpUnitIds/0',
      },
    ])('refuses $name and names the path', async ({ make, pointer }) => {
      const date = dayThisYear(40);
      const res = await post('/elections', {
        definition: make(date),
        settings: settings(date, 'general', true),
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors: Array<{ pointer: string; message: string }> };
      expect(problem.errors.map((e) => e.pointer)).toContain(pointer);
    });

    it('refuses (422) a definition whose candidate names the ballot fonts cannot draw, naming contest and candidate, and stores nothing', async () => {
      const date = dayThisYear(41);
      const def = definitionFile('example_physical_ballot_def_1.json', date) as {
        Election: Array<{
          Candidate: Array<{
            '@id': string;
            BallotName: { Text: Array<{ Content: string; Language: string }> };
          }>;
        }>;
      };
      const harris = def.Election[0].Candidate.find((c) => c['@id'] === 'can-kamala-harris')!;
      harris.BallotName.Text = [{ ...harris.BallotName.Text[0], Content: 'Kamala ካማላ Harris' }];
      const before = ((await (await office('/elections', {}, auditorKey)).json()) as { items: unknown[] })
        .items.length;
      const res = await post('/elections', { definition: def, settings: settings(date, 'general', true) });
      expect(res.status).toBe(422);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as {
        type: string;
        errors: Array<{ field: string; message: string }>;
      };
      expect(problem.type).toContain('undrawable-text');
      expect(problem.errors).toEqual([
        expect.objectContaining({
          field: 'definition: contest "cc-president" candidate "cs-biden-harris" name',
          message: expect.stringContaining('ካ (U+12AB), ማ (U+121B), ላ (U+120B)'),
        }),
      ]);
      const after = ((await (await office('/elections', {}, auditorKey)).json()) as { items: unknown[] })
        .items.length;
      expect(after).toBe(before);
    });

    it('an auditor cannot define an election', async () => {
      const date = dayThisYear(40);
      const res = await post(
        '/elections',
        { definition: definitionFile(EXAMPLES[0], date), settings: settings(date, 'general', true) },
        auditorKey,
      );
      expect(res.status).toBe(403);
    });
  });

  describe('ballots', () => {
    const general = dayThisYear(20);
    const primary = dayThisYear(25);
    let generalId: string;
    let primaryId: string;
    const requests: Record<'abroad' | 'apo', { requestId: string; trackingCode: string }> = {
      abroad: { requestId: '', trackingCode: '' },
      apo: { requestId: '', trackingCode: '' },
    };

    it('issues a ballot to each verified request, A4 for a German address and Letter for an APO address', async () => {
      const created = await post('/elections', {
        definition: definitionFile('example_physical_ballot_def_1.json', general),
        settings: settings(general, 'general', true),
      });
      expect(created.status).toBe(201);
      generalId = ((await created.json()) as { electionId: string }).electionId;
      const definedEvent = await eventually(
        async () =>
          seen.find((e) => e.type === 'uocava.election.defined.v1' && e.data.electionId === generalId),
        30000,
        'election.defined',
      );
      expect(definedEvent.key).toBe(generalId);

      const abroad: BallotRequestInput = { ...validFpcaExample(), jurisdictionId };
      delete abroad.paperSize; // no preference: the German mailing address decides
      const apo: BallotRequestInput = {
        ...validFpcaExample(),
        jurisdictionId,
        voterClass: 'active-duty',
        name: { first: 'Sam', last: 'Rivera' },
        dateOfBirth: '1990-04-02' as BallotRequestInput['dateOfBirth'],
        identification: { type: 'drivers-license', value: 'BB111222' },
        mailingAddress: {
          lines: ['Unit 2050 Box 4190'],
          city: 'APO',
          region: 'AE',
          postalCode: '09096',
          country: 'US',
        },
        contact: { email: 'sam.rivera@example.org' },
      };
      delete apo.paperSize;
      const csv =
        ROLL_HEADER_LINE +
        `OH0001,Jane,A,Doe,,${abroad.dateOfBirth},AA999888,,3818 Belmont Ave,Youngstown,OH,44505,Mahoning,gpu-p-001-BRA,par-dem,active\n` +
        `OH0002,Sam,,Rivera,,${apo.dateOfBirth},BB111222,,3818 Belmont Ave,Youngstown,OH,44505,Mahoning,,,active\n`;
      const roll = await http.importRoll(clerkKey, csv);
      expect(await roll.json()).toMatchObject({ applied: 2, refused: 0 });

      for (const [which, body] of [
        ['abroad', abroad],
        ['apo', apo],
      ] as const) {
        const res = await http.submit(body);
        expect(res.status === 202 ? 202 : await res.text()).toBe(202);
        requests[which] = (await res.json()) as { requestId: string; trackingCode: string };
      }

      const a = await generated(requests.abroad.requestId, generalId);
      expect(a.data).toMatchObject({ ballotStyleId: '001-bra', paperSize: 'a4', missingGlyphs: [] });
      expect(a.data.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(a.data.pageCount).toBeGreaterThanOrEqual(5);
      // a single style without parties serves a voter whose roll record has no precinct
      const b = await generated(requests.apo.requestId, generalId);
      expect(b.data).toMatchObject({ ballotStyleId: '001-bra', paperSize: 'letter' });
    }, 120000);

    it('a closed primary defined later issues ballots to the earlier requests by party, and lists the rest', async () => {
      const created = await post('/elections', {
        definition: definitionFile('example_controlling_contest_partisan_preference.json', primary),
        settings: settings(primary, 'primary', true),
      });
      expect(created.status).toBe(201);
      const body = (await created.json()) as { electionId: string; ballotStyles: string[] };
      primaryId = body.electionId;
      expect(body.ballotStyles.sort()).toEqual(['ru-senate-par-dem', 'ru-senate-par-rep']);

      const a = await generated(requests.abroad.requestId, primaryId);
      expect(a.data).toMatchObject({ ballotStyleId: 'ru-senate-par-dem', paperSize: 'a4' });

      // the APO voter has no party and no precinct on the roll: listed for the office
      const listed = await eventually(
        async () => {
          const res = await office(`/elections/${primaryId}/style-assignments`, {}, auditorKey);
          const items = ((await res.json()) as { items: Array<{ requestId: string; reason: string }> }).items;
          return items.length > 0 ? items : undefined;
        },
        30000,
        'the style-assignment list',
      );
      expect(listed).toEqual([
        expect.objectContaining({
          requestId: requests.apo.requestId,
          trackingCode: requests.apo.trackingCode,
        }),
      ]);
      const none = await ds.query(`SELECT 1 FROM ballots WHERE request_id = $1 AND election_id = $2`, [
        requests.apo.requestId,
        primaryId,
      ]);
      expect(none).toHaveLength(0);
    }, 120000);

    it('a clerk assigns the style; the ballot is generated with it and the voter leaves the list', async () => {
      const wrong = await post(`/elections/${primaryId}/style-assignments`, {
        requestId: requests.apo.requestId,
        ballotStyleId: 'no-such-style',
      });
      expect(wrong.status).toBe(400);
      const byAuditor = await post(
        `/elections/${primaryId}/style-assignments`,
        { requestId: requests.apo.requestId, ballotStyleId: 'ru-senate-par-rep' },
        auditorKey,
      );
      expect(byAuditor.status).toBe(403);

      const res = await post(`/elections/${primaryId}/style-assignments`, {
        requestId: requests.apo.requestId,
        ballotStyleId: 'ru-senate-par-rep',
      });
      expect(res.status).toBe(202);
      const b = await generated(requests.apo.requestId, primaryId);
      expect(b.data).toMatchObject({ ballotStyleId: 'ru-senate-par-rep', paperSize: 'letter' });
      const after = await office(`/elections/${primaryId}/style-assignments`);
      expect(((await after.json()) as { items: unknown[] }).items).toEqual([]);
      const again = await post(`/elections/${primaryId}/style-assignments`, {
        requestId: requests.apo.requestId,
        ballotStyleId: 'ru-senate-par-dem',
      });
      expect(again.status).toBe(409);
    }, 120000);

    it('each request has exactly one ballot per election', async () => {
      const rows: Array<{ n: string }> = await ds.query(
        `SELECT count(*) AS n FROM ballots WHERE jurisdiction_id = $1 GROUP BY request_id, election_id HAVING count(*) > 1`,
        [jurisdictionId],
      );
      expect(rows).toEqual([]);
      const count = seen.filter((e) => e.type === 'uocava.ballot.generated.v1').length;
      expect(count).toBe(4);
    });

    it('serves the packet whose bytes hash to the ballot.generated pdfSha256, and nothing on a wrong token', async () => {
      const event = await generated(requests.abroad.requestId, generalId);
      const ballotId = String(event.data.ballotId);
      const keys = await keyRing.forJurisdiction(jurisdictionId);
      const token = downloadToken(keys, ballotId);
      const res = await fetch(`${stack.baseUrl}/api/v1/ballots/${ballotId}/packet?token=${token}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('application/pdf');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(event.data.pdfSha256);

      const wrongToken = await fetch(
        `${stack.baseUrl}/api/v1/ballots/${ballotId}/packet?token=${'0'.repeat(43)}`,
      );
      const unknown = await fetch(
        `${stack.baseUrl}/api/v1/ballots/00000000-0000-4000-8000-000000000000/packet?token=${token}`,
      );
      expect(wrongToken.status).toBe(404);
      expect(unknown.status).toBe(404);
      // the same answer, apart from the request's own path
      const answer = async (r: Response) => ({ ...((await r.json()) as Json), instance: undefined });
      expect(await answer(wrongToken)).toEqual(await answer(unknown));
      const noToken = await fetch(`${stack.baseUrl}/api/v1/ballots/${ballotId}/packet`);
      expect(noToken.status).toBe(404);
    }, 60000);

    it('holds a packet whose voter name the fonts cannot draw: not sent, listed for the office, sent when released', async () => {
      const voter: BallotRequestInput = {
        ...validFpcaExample(),
        jurisdictionId,
        name: { first: 'Mei', last: 'ሊ' },
        dateOfBirth: '1985-07-07' as BallotRequestInput['dateOfBirth'],
        identification: { type: 'drivers-license', value: 'CC333444' },
        contact: { email: 'mei.wang@example.org' },
        ballotDelivery: 'email',
      };
      const roll = await http.importRoll(
        clerkKey,
        ROLL_HEADER_LINE +
          `OH0003,Mei,,ሊ,,1985-07-07,CC333444,,3818 Belmont Ave,Youngstown,OH,44505,Mahoning,,,active\n`,
      );
      expect(await roll.json()).toMatchObject({ applied: 1, refused: 0 });
      const submitted = await http.submit(voter);
      expect(submitted.status).toBe(202);
      const { requestId } = (await submitted.json()) as { requestId: string };
      const event = await generated(requestId, generalId);
      expect(event.data.missingGlyphs).toEqual(['ሊ']);
      const ballotId = String(event.data.ballotId);
      const transmitted = () =>
        seen.find((e) => e.type === 'uocava.ballot.transmitted.v1' && e.data.ballotId === ballotId);

      const held = (await (await office('/held-packets', {}, auditorKey)).json()) as {
        items: Array<{ ballotId: string; characters: string[]; deliveryMethod: string }>;
      };
      expect(held.items.find((h) => h.ballotId === ballotId)).toMatchObject({
        characters: ['ሊ'],
        deliveryMethod: 'email',
      });
      const stored = await ds.query(`SELECT status, transmitted_at FROM ballots WHERE ballot_id = $1`, [
        ballotId,
      ]);
      expect(stored).toEqual([{ status: 'generated', transmitted_at: null }]);
      expect(transmitted()).toBeUndefined();

      const release = (key: string) => office(`/held-packets/${ballotId}/release`, { method: 'POST' }, key);
      expect((await release(auditorKey)).status).toBe(403);
      const released = await release(clerkKey);
      expect(released.status).toBe(200);
      expect(await released.json()).toEqual({ ballotId, outcome: 'transmitted' });
      const sent = await eventually(async () => transmitted(), 30000, 'ballot.transmitted after release');
      expect(sent.data).toMatchObject({ method: 'email', requestId });
      expect((await release(clerkKey)).status).toBe(404);
      const after = (await (await office('/held-packets')).json()) as { items: Array<{ ballotId: string }> };
      expect(after.items.map((h) => h.ballotId)).not.toContain(ballotId);
    }, 90000);

    it('a tampered stored hash does not keep the voter from the ballot: re-issued on the log, office alerted', async () => {
      const event = await generated(requests.apo.requestId, primaryId);
      const ballotId = String(event.data.ballotId);
      const keys = await keyRing.forJurisdiction(jurisdictionId);
      const url = `${stack.baseUrl}/api/v1/ballots/${ballotId}/packet?token=${downloadToken(keys, ballotId)}`;
      const before = await fetch(url);
      expect(before.status).toBe(200); // served while the stored hash is the issued one
      await before.arrayBuffer();
      await ds.query(`UPDATE ballots SET pdf_sha256 = $2 WHERE ballot_id = $1`, [ballotId, 'f'.repeat(64)]);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      // the packet the database's inputs give, which is the one issued
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(event.data.pdfSha256);
      const regenerated = await eventually(
        async () =>
          seen.find((e) => e.type === 'uocava.ballot.packet-regenerated.v1' && e.data.ballotId === ballotId),
        30000,
        'ballot.packet-regenerated',
      );
      expect(regenerated.data).toMatchObject({
        reason: 'mismatch',
        previousPdfSha256: 'f'.repeat(64),
        pdfSha256: event.data.pdfSha256,
      });
      const alerts = (await (await office('/packet-alerts')).json()) as {
        items: Array<{ ballotId: string }>;
      };
      expect(alerts.items.map((a) => a.ballotId)).toContain(ballotId);
    }, 60000);
  });
});
