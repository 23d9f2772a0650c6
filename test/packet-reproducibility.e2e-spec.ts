/**
 * Issue 11: a voter downloads the packet the ballots service issued, although the gateway that
 * re-renders it is another process with another history (restarted, having rendered other voters
 * in another order). And when a re-render does differ, the voter still gets a ballot: the packet
 * is re-issued on the log, and a real mismatch alerts the office (overview, API, audit, metric).
 */
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, KeyRing, openDataSource } from '@uocava/database';
import { downloadToken } from '@uocava/packets';
import {
  createOffice,
  eventually,
  fpcaRequest,
  gatewayClient,
  ownerDatabaseUrl,
  rollRowOf,
  type Person,
  type Residence,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

jest.setTimeout(300_000);

const HOME: Residence = {
  street: '100 W Federal St',
  city: 'Youngstown',
  state: 'OH',
  zip: '44503',
  county: 'Mahoning',
};

/** Voters whose names exercise the shared font subsets: plain ASCII, Latin-1, other scripts. */
const PEOPLE: Person[] = [
  ['Ann', 'Smith'],
  ['Bob', 'Jones'],
  ['Carl', 'White'],
  ['Dora', 'Black'],
  ['Zoë', 'Ñúñez'],
  ['Ελένη', 'Παπαδοπούλου'],
  ['Алексей', 'Смирнов'],
  ['Nguyễn', 'Thị Minh'],
  ['Siobhán', "O'Brien"],
  ['Łucja', 'Ångström'],
  ['Jürgen', 'Müller'],
].map(([first, last], i) => ({
  first,
  last,
  dateOfBirth: `19${70 + i}-0${1 + (i % 9)}-1${i % 10}`,
  driversLicense: `PR${String(100000 + i)}`,
}));

describe('packet reproducibility across processes (gateway and ballots apart)', () => {
  let stack: ProcessStack;
  let owner: DataSource;
  let keyRing: KeyRing;
  let appDs: DataSource;
  let jurisdictionId: string;
  let clerk: string;
  let auditor: string;
  const requestIds: string[] = [];

  beforeAll(async () => {
    const office = await createOffice({ prefix: 'e2e-pr', roles: ['clerk', 'auditor'] });
    jurisdictionId = office.jurisdictionId;
    clerk = office.keys.clerk!;
    auditor = office.keys.auditor!;
    owner = await new DataSource(dataSourceOptions({ url: ownerDatabaseUrl(), poolSize: 2 })).initialize();
    // the test derives download tokens the way the ballots service does (same MASTER_KEY)
    appDs = await openDataSource({ url: process.env.DATABASE_URL!, poolSize: 1 });
    keyRing = new KeyRing(appDs, process.env.MASTER_KEY);
    stack = await startProcessStack(['gateway', 'verification', 'ballots', 'receipts']);
    const http = gatewayClient(stack.baseUrl);
    expect((await http.defineElection(clerk)).status).toBe(201);
    const roll = await http.importRoll(
      clerk,
      PEOPLE.map((p, i) => rollRowOf(p, HOME, `PR${String(i).padStart(4, '0')}`)),
    );
    expect(roll.status).toBeLessThan(300);
  });

  afterAll(async () => {
    await stack?.stop();
    await owner?.destroy();
    await appDs?.destroy();
  });

  const submit = async (people: Person[]): Promise<void> => {
    const http = gatewayClient(stack.baseUrl);
    for (const [i, p] of people.entries()) {
      const request = {
        ...fpcaRequest(jurisdictionId, p, HOME),
        contact: { email: `${p.driversLicense}@example.org` },
        // every other voter in Spanish: the packet's language is re-read at download too
        ...(i % 2 === 1 ? { language: 'es' } : {}),
      };
      const res = await http.submit(request);
      if (res.status !== 202) throw new Error(`${res.status} ${await res.text()}`);
      requestIds.push(((await res.json()) as { requestId: string }).requestId);
    }
  };

  const issued = (): Promise<Array<{ ballot_id: string; pdf_sha256: string }>> =>
    eventually(
      async () => {
        const rows: Array<{ ballot_id: string; pdf_sha256: string }> = await owner.query(
          `SELECT ballot_id, pdf_sha256 FROM ballots WHERE request_id = ANY($1::uuid[]) ORDER BY generated_at`,
          [requestIds],
        );
        return rows.length === requestIds.length ? rows : undefined;
      },
      120_000,
      'a ballot for every request',
    );

  const download = async (ballotId: string) => {
    const token = downloadToken(await keyRing.forJurisdiction(jurisdictionId), ballotId);
    const res = await fetch(`${stack.baseUrl}/api/v1/ballots/${ballotId}/packet?token=${token}`);
    const bytes = Buffer.from(await res.arrayBuffer());
    return { status: res.status, sha256: createHash('sha256').update(bytes).digest('hex'), bytes };
  };

  const expectAllServedAsIssued = async (order: 'forward' | 'reverse') => {
    const rows = await issued();
    for (const row of order === 'reverse' ? [...rows].reverse() : rows) {
      const got = await download(row.ballot_id);
      expect({ ballot: row.ballot_id, status: got.status, sha256: got.sha256 }).toEqual({
        ballot: row.ballot_id,
        status: 200,
        sha256: row.pdf_sha256,
      });
    }
  };

  it('serves every packet as issued, across restarts of the gateway and of the ballots service', async () => {
    await submit(PEOPLE.slice(0, 4));
    await expectAllServedAsIssued('reverse');
    // a new gateway process: it renders a new voter first
    await stack.stopApp('gateway');
    await stack.startApp('gateway');
    await submit(PEOPLE.slice(4, 8));
    await expectAllServedAsIssued('reverse');
    // a new ballots process: it issues the next voters with a history of its own
    await stack.stopApp('ballots');
    await stack.startApp('ballots');
    await submit(PEOPLE.slice(8));
    await expectAllServedAsIssued('forward');
    const [{ n }]: Array<{ n: number }> = await owner.query(
      `SELECT count(*)::int AS n FROM packet_regenerations WHERE jurisdiction_id = $1`,
      [jurisdictionId],
    );
    expect(n).toBe(0);
    // what the bytes were made from is recorded with every ballot
    const provenance: Array<{ renderer_version: string | null; inputs_sha256: string | null }> =
      await owner.query(`SELECT renderer_version, inputs_sha256 FROM ballots WHERE jurisdiction_id = $1`, [
        jurisdictionId,
      ]);
    for (const p of provenance) {
      expect(p.renderer_version).toMatch(/^ballot-pdf\/\d+ fonts\/[0-9a-f]{12} /);
      expect(p.inputs_sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('re-issues a packet rendered by an older renderer, on the log, without alerting the office', async () => {
    const [row] = await issued();
    const real = row.pdf_sha256;
    // as a ballot issued before this renderer: other recorded bytes and version
    await owner.query(`UPDATE ballots SET pdf_sha256 = $2, renderer_version = $3 WHERE ballot_id = $1`, [
      row.ballot_id,
      'a'.repeat(64),
      'ballot-pdf/1',
    ]);
    const got = await download(row.ballot_id);
    expect(got.status).toBe(200);
    expect(got.sha256).toBe(real);
    const [after]: Array<{ pdf_sha256: string; renderer_version: string }> = await owner.query(
      `SELECT pdf_sha256, renderer_version FROM ballots WHERE ballot_id = $1`,
      [row.ballot_id],
    );
    expect(after.pdf_sha256).toBe(real);
    expect(after.renderer_version).toMatch(/^ballot-pdf\/\d+ fonts\//);
    const regen: Array<{ reason: string; previous_pdf_sha256: string; previous_renderer_version: string }> =
      await owner.query(
        `SELECT reason, previous_pdf_sha256, previous_renderer_version FROM packet_regenerations WHERE ballot_id = $1`,
        [row.ballot_id],
      );
    expect(regen).toEqual([
      {
        reason: 'renderer-changed',
        previous_pdf_sha256: 'a'.repeat(64),
        previous_renderer_version: 'ballot-pdf/1',
      },
    ]);
    // a second download is served as recorded now: nothing more is re-issued
    expect((await download(row.ballot_id)).sha256).toBe(real);
    const alerts = await gatewayClient(stack.baseUrl).office(clerk, '/packet-alerts');
    expect(((await alerts.json()) as { items: unknown[] }).items).toEqual([]);
    // the step is on the voter's log, with a receipt
    const [{ request_id }]: Array<{ request_id: string }> = await owner.query(
      `SELECT request_id FROM ballots WHERE ballot_id = $1`,
      [row.ballot_id],
    );
    await eventually(
      async () => {
        const steps: Array<{ leaf_index: string | null }> = await owner.query(
          `SELECT leaf_index FROM tracking_steps WHERE request_id = $1 AND event_type = 'uocava.ballot.packet-regenerated.v1'`,
          [request_id],
        );
        return steps.length === 1 && steps[0].leaf_index !== null ? true : undefined;
      },
      60_000,
      'the re-issue logged',
    );
  });

  it('serves the voter a ballot when bytes differ for no known reason, and alerts the office', async () => {
    const rows = await issued();
    const row = rows[rows.length - 1];
    await owner.query(`UPDATE ballots SET pdf_sha256 = $2 WHERE ballot_id = $1`, [
      row.ballot_id,
      'b'.repeat(64),
    ]);
    const got = await download(row.ballot_id);
    expect(got.status).toBe(200);
    expect(got.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(got.sha256).toBe(row.pdf_sha256);

    const http = gatewayClient(stack.baseUrl);
    const list = (await (await http.office(clerk, '/packet-alerts')).json()) as {
      items: Array<{
        regenerationId: string;
        ballotId: string;
        previousPdfSha256: string;
        pdfSha256: string;
      }>;
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({
      ballotId: row.ballot_id,
      previousPdfSha256: 'b'.repeat(64),
      pdfSha256: row.pdf_sha256,
    });
    // the audit trail names the re-issue, the metric counts it
    const audit: Array<{ outcome: string }> = await owner.query(
      `SELECT outcome FROM audit_log WHERE jurisdiction_id = $1 AND action = 'packet.regenerate' AND target = $2`,
      [jurisdictionId, `ballot:${row.ballot_id}`],
    );
    expect(audit).toEqual([{ outcome: 'mismatch' }]);
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/uocava_packet_regenerations_total\{reason="mismatch",service="gateway"\} 1/);

    // the clerk's overview shows it
    const signIn = await fetch(`${stack.baseUrl}/office/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key: clerk, next: '/office' }).toString(),
      redirect: 'manual',
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    const page = await (await fetch(`${stack.baseUrl}/office`, { headers: { cookie } })).text();
    expect(page).toContain('data-packet-alerts');
    expect(page).toContain(row.ballot_id);

    // an auditor may read but not acknowledge; a clerk acknowledges once
    const id = list.items[0].regenerationId;
    const ack = (key: string) => http.office(key, `/packet-alerts/${id}/acknowledge`, { method: 'POST' });
    expect((await ack(auditor)).status).toBe(403);
    expect((await ack(clerk)).status).toBe(204);
    expect((await ack(clerk)).status).toBe(404);
    const after = (await (await http.office(clerk, '/packet-alerts')).json()) as { items: unknown[] };
    expect(after.items).toEqual([]);
    const [{ acknowledged_by }]: Array<{ acknowledged_by: string }> = await owner.query(
      `SELECT acknowledged_by FROM packet_regenerations WHERE regeneration_id = $1`,
      [id],
    );
    expect(acknowledged_by).toMatch(/^key:[0-9a-f-]{36}$/);
  });
});
