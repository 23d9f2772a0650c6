/**
 * Every office route, every caller: each role of the jurisdiction, no key, a wrong key, and the keys
 * of another jurisdiction. The routes come from /api/openapi.json, so a new office route cannot
 * escape this test: it fails until the route's roles are listed in EXPECTED_ROLES below.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { parseElectionDefinition, type ElectionSettings, type OfficeRole } from '@uocava/domain';
import { createOffice, nistDefinitionOn, ownerDatabaseUrl } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

/** `METHOD path` (OpenAPI template) -> the roles allowed. */
const EXPECTED_ROLES: Record<string, readonly OfficeRole[]> = {
  // office operations (apps/gateway/src/operations)
  'POST /api/v1/office/returns': ['clerk'],
  'POST /api/v1/office/ballots/{ballotId}/accept': ['clerk'],
  'POST /api/v1/office/ballots/{ballotId}/reject': ['clerk'],
  'POST /api/v1/office/ballots/{ballotId}/request-cure': ['clerk'],
  'POST /api/v1/office/ballots/{ballotId}/cure': ['clerk'],
  'POST /api/v1/office/ballots/{ballotId}/transmitted': ['clerk'],
  'POST /api/v1/office/cure-sweep': ['clerk', 'admin'],
  'POST /api/v1/office/fwab': ['clerk'],
  'GET /api/v1/office/elections/{id}/fwabs': ['clerk', 'auditor', 'admin'],
  'GET /api/v1/office/work-queue': ['clerk'],
  'GET /api/v1/office/elections/{id}/move-act': ['clerk', 'auditor', 'admin'],
  'GET /api/v1/office/elections/{id}/dashboard': ['clerk', 'auditor', 'admin'],
  'GET /api/v1/office/elections-overview': ['clerk', 'auditor', 'admin'],
  'POST /api/v1/office/elections/{id}/move-act/summary': ['clerk', 'admin'],
  'GET /api/v1/office/elections/{id}/reports/eavs-section-b.csv': ['auditor', 'admin', 'clerk'],
  'GET /api/v1/office/elections/{id}/reports/event-log.json': ['auditor', 'admin', 'clerk'],
  'GET /api/v1/office/audit-log': ['auditor', 'admin'],
  'GET /api/v1/office/audit-log.csv': ['auditor', 'admin'],
  'GET /api/v1/office/notifications': ['clerk', 'auditor', 'admin'],
  // packets that did not reproduce (apps/gateway/src/packets)
  'GET /api/v1/office/packet-alerts': ['clerk', 'auditor', 'admin'],
  'POST /api/v1/office/packet-alerts/{regenerationId}/acknowledge': ['clerk', 'admin'],
  // packets held because the fonts cannot draw some of the voter's text
  'GET /api/v1/office/held-packets': ['clerk', 'auditor', 'admin'],
  'POST /api/v1/office/held-packets/{ballotId}/release': ['clerk', 'admin'],
  // other office routes
  'GET /api/v1/office/whoami': ['admin', 'clerk', 'auditor'],
  'GET /api/v1/office/ballot-requests': ['admin', 'clerk', 'auditor'],
  'POST /api/v1/office/ballot-requests': ['clerk', 'admin'],
  'POST /api/v1/office/elections': ['admin', 'clerk'],
  'GET /api/v1/office/elections': ['admin', 'clerk', 'auditor'],
  'GET /api/v1/office/elections/{electionId}': ['admin', 'clerk', 'auditor'],
  'GET /api/v1/office/elections/{electionId}/style-assignments': ['admin', 'clerk', 'auditor'],
  'POST /api/v1/office/elections/{electionId}/style-assignments': ['admin', 'clerk'],
  'POST /api/v1/office/voter-roll': ['admin', 'clerk'],
  'GET /api/v1/office/review-queue': ['admin', 'clerk', 'auditor'],
  'POST /api/v1/office/ballot-requests/{requestId}/approve': ['admin', 'clerk'],
  'POST /api/v1/office/ballot-requests/{requestId}/reject': ['admin', 'clerk'],
  // mail and fax delivery (apps/gateway/src/print-batches)
  'POST /api/v1/office/print-batches': ['clerk'],
  'GET /api/v1/office/print-batches': ['clerk', 'auditor', 'admin'],
  'GET /api/v1/office/print-batches/{batchId}/pdf': ['clerk'],
  'POST /api/v1/office/print-batches/{batchId}/sent': ['clerk'],
  'POST /api/v1/office/print-batches/{batchId}/cancel': ['clerk'],
  'GET /api/v1/office/ballots/{ballotId}/packet': ['clerk'],
  // voter service (apps/gateway/src/voter-service)
  'GET /api/v1/office/voter-service/search': ['admin', 'clerk', 'auditor'],
  'POST /api/v1/office/ballot-requests/{requestId}/contact-change': ['clerk'],
  'POST /api/v1/office/ballot-requests/{requestId}/cancel': ['clerk'],
  'POST /api/v1/office/ballots/{ballotId}/reissue': ['clerk'],
  // cure and FWAB documents (apps/gateway/src/cure-documents, fpca-pdf, vri-import)
  'GET /api/v1/office/ballots/{ballotId}/cure-responses': ['clerk', 'auditor', 'admin'],
  'POST /api/v1/office/ballots/{ballotId}/cure-responses': ['clerk'],
  'GET /api/v1/office/ballots/{ballotId}/cure-responses/{responseId}/file': ['clerk', 'admin'],
  'GET /api/v1/office/ballot-requests/{requestId}/fpca.pdf': ['clerk', 'admin'],
  'POST /api/v1/office/vri-imports': ['clerk', 'admin'],
  // webhook subscriptions (apps/gateway/src/webhooks): admin only
  'POST /api/v1/office/webhooks': ['admin'],
  'GET /api/v1/office/webhooks': ['admin'],
  'GET /api/v1/office/webhooks/{webhookId}': ['admin'],
  'DELETE /api/v1/office/webhooks/{webhookId}': ['admin'],
  'GET /api/v1/office/webhooks/{webhookId}/deliveries': ['admin'],
  'POST /api/v1/office/webhooks/{webhookId}/replay': ['admin'],
  // state rules (apps/gateway/src/state-rules, docs/state-rules.md)
  'GET /api/v1/office/state-rules': ['admin', 'clerk', 'auditor'],
  'PUT /api/v1/office/state-rules/overrides': ['admin'],
};

/** Valid bodies, so that a refusal cannot hide behind a 400. */
const BODIES: Record<string, (o: Office) => unknown> = {
  'POST /api/v1/office/returns': (o) => ({
    ballotId: o.ballotId,
    receivedAt: '2026-10-20T10:00:00-04:00',
    method: 'mail',
  }),
  'POST /api/v1/office/ballots/{ballotId}/reject': () => ({ reasons: ['undeliverable'] }),
  'POST /api/v1/office/ballots/{ballotId}/request-cure': () => ({
    reasons: ['missing-voter-signature'],
    cureDeadline: '2026-11-10T17:00:00-05:00',
  }),
  'POST /api/v1/office/ballots/{ballotId}/transmitted': () => ({
    transmittedAt: '2026-09-15T10:00:00-04:00',
    method: 'mail',
  }),
  // settings given: the elections route answers 500 on a body without them (reported to its owner)
  'POST /api/v1/office/elections': () => ({
    definition: {},
    settings: {
      electionDate: '2026-11-03',
      type: 'general',
      federalOffices: true,
      returnRule: { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' },
    },
  }),
  'POST /api/v1/office/fwab': (o) => ({
    electionId: o.electionId,
    requestId: o.requestId,
    receivedAt: '2026-10-25T10:00:00-04:00',
  }),
  'POST /api/v1/office/webhooks/{webhookId}/replay': () => ({ from: '2026-01-01T00:00:00Z' }),
  // a country no seeded ballot is mailed to: the allowed roles get 409 nothing-to-print, never 401/403
  'POST /api/v1/office/print-batches': (o) => ({ electionId: o.electionId, country: 'ZZ' }),
  'POST /api/v1/office/print-batches/{batchId}/sent': () => ({ sentAt: '2026-09-15T10:00:00-04:00' }),
  'POST /api/v1/office/print-batches/{batchId}/cancel': () => ({ reason: 'misprint' }),
  'POST /api/v1/office/ballots/{ballotId}/cure-responses': () => ({
    method: 'mail',
    receivedAt: '2026-10-25T10:00:00-04:00',
  }),
};

interface Office {
  jurisdictionId: string;
  keys: Record<OfficeRole, string>;
  keyIds: string[];
  electionId: string;
  requestId: string;
  ballotId: string;
  webhookId: string;
  batchId: string;
}

async function seedOffice(pg: Client, state: string): Promise<Office> {
  const roles = ['admin', 'clerk', 'auditor'] as const;
  const created = await createOffice({
    prefix: 'roles',
    roles: [...roles],
    name: `Roles ${state}`,
    state,
    county: 'Test',
  });
  const { jurisdictionId } = created;
  const keys = { admin: created.keys.admin!, clerk: created.keys.clerk!, auditor: created.keys.auditor! };
  const keyIds = roles.map((role) => created.keyIds[role]!);
  const electionId = randomUUID();
  const settings: ElectionSettings = {
    electionDate: '2026-11-03',
    type: 'general',
    federalOffices: true,
    returnRule: { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' },
  };
  const parsed = parseElectionDefinition(nistDefinitionOn('2026-11-03'), settings);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  const requestId = randomUUID();
  const ballotId = randomUUID();
  await pg.query(
    `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition, settings)
     VALUES ($1, $2, 'General 2026', '2026-11-03', 'general', true, $3, $4)`,
    [electionId, jurisdictionId, parsed.definition, settings],
  );
  await pg.query(
    `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
       mailing_country, military_post, covers_year, source, voter_key, request_hash, dob_hash, pii, received_at, updated_at)
     VALUES ($1, $2, $3, 'verified', 'active-duty', 'mail', 'DE', false, 2026, 'json', $4, 'h', 'd', '\\x00',
       '2026-09-01T12:00:00Z', now())`,
    [requestId, jurisdictionId, `T${randomBytes(6).toString('hex')}`, randomBytes(16).toString('hex')],
  );
  await pg.query(
    `INSERT INTO ballots (ballot_id, jurisdiction_id, request_id, election_id, ballot_style_id, status, pdf_sha256,
       page_count, paper_size, download_token_hash, generated_at)
     VALUES ($1, $2, $3, $4, 'style-1', 'generated', $5, 4, 'letter', $6, '2026-09-10T12:00:00Z')`,
    [ballotId, jurisdictionId, requestId, electionId, '0'.repeat(64), randomBytes(16).toString('hex')],
  );
  const webhookId = randomUUID();
  await pg.query(
    `INSERT INTO webhook_subscriptions (subscription_id, jurisdiction_id, url, secret, created_by)
     VALUES ($1, $2, 'https://hooks.example.org/roles', $3, 'test')`,
    [webhookId, jurisdictionId, randomBytes(48)],
  );
  // an empty print batch (its PDF has no page, marking it sent transmits nothing)
  const batchId = randomUUID();
  await pg.query(
    `UPDATE jurisdictions SET settings = settings || '{"mailerId":"123456"}' WHERE jurisdiction_id = $1`,
    [jurisdictionId],
  );
  await pg.query(
    `INSERT INTO print_batches (batch_id, jurisdiction_id, election_id, filter, mailer_id, piece_count, created_by)
     VALUES ($1, $2, $3, '{}', '123456', 0, 'test')`,
    [batchId, jurisdictionId, electionId],
  );
  return { jurisdictionId, keys, keyIds, electionId, requestId, ballotId, webhookId, batchId };
}

function fill(path: string, o: Office): string {
  return path
    .replace(/\{(ballotId)\}/g, o.ballotId)
    .replace(/\{(id|electionId)\}/g, o.electionId)
    .replace(/\{(requestId)\}/g, o.requestId)
    .replace(/\{(webhookId)\}/g, o.webhookId)
    .replace(/\{(batchId)\}/g, o.batchId);
}

describe('office roles: every route, every caller', () => {
  let stack: ProcessStack;
  let pg: Client;
  let a: Office;
  let b: Office;
  let routes: Array<{ method: 'GET' | 'POST'; path: string; key: string }>;

  beforeAll(async () => {
    pg = new Client({ connectionString: ownerDatabaseUrl() }); // below the API: the owner
    await pg.connect();
    a = await seedOffice(pg, 'OH');
    b = await seedOffice(pg, 'NY');
    stack = await startProcessStack(['gateway']);
    const doc = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/office'))
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => ({
            method: m.toUpperCase() as 'GET' | 'POST',
            path,
            key: `${m.toUpperCase()} ${path}`,
          })),
      );
  }, 60_000);

  afterAll(async () => {
    await stack?.stop();
    await pg?.end();
  });

  const call = async (
    method: string,
    path: string,
    key: string | undefined,
    body?: unknown,
  ): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${stack.baseUrl}${path}`, {
      method,
      headers: {
        ...(key !== undefined ? { authorization: `Bearer ${key}` } : {}),
        ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
      },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    return { status: res.status, text: await res.text() };
  };

  it('knows the roles of every office route in the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(16);
    const unknown = routes.map((r) => r.key).filter((k) => !(k in EXPECTED_ROLES));
    expect(unknown).toEqual([]);
  });

  it('refuses calls without a key or with a wrong key (401) on every route', async () => {
    for (const r of routes) {
      const path = fill(r.path, a);
      const body = BODIES[r.key]?.(a);
      expect([r.key, (await call(r.method, path, undefined, body)).status]).toEqual([r.key, 401]);
      const wrong = `uk_${randomBytes(32).toString('base64url')}`;
      expect([r.key, (await call(r.method, path, wrong, body)).status]).toEqual([r.key, 401]);
      expect([r.key, (await call(r.method, path, 'not a key', body)).status]).toEqual([r.key, 401]);
    }
  });

  it('answers 403 to every role a route does not allow, and lets the allowed roles through', async () => {
    for (const r of routes) {
      const allowed = EXPECTED_ROLES[r.key] ?? [];
      for (const role of ['admin', 'clerk', 'auditor'] as const) {
        const { status } = await call(r.method, fill(r.path, a), a.keys[role], BODIES[r.key]?.(a));
        if (allowed.includes(role))
          expect([r.key, role, status === 401 || status === 403]).toEqual([r.key, role, false]);
        else expect([r.key, role, status]).toEqual([r.key, role, 403]);
      }
    }
  });

  it("never shows another jurisdiction's data: its ids answer 404, lists hold only the caller's own", async () => {
    for (const r of routes) {
      // B's own audit trail rightly records the ids B tried; A's entries would carry A's key ids
      const foreignIds = r.path.includes('audit-log')
        ? [...a.keyIds, a.jurisdictionId]
        : [a.ballotId, a.electionId, a.requestId, a.webhookId, a.batchId, ...a.keyIds, a.jurisdictionId];
      for (const role of EXPECTED_ROLES[r.key] ?? []) {
        // B's key on A's ids (and, for bodies, A's ballot/election/request)
        const { status, text } = await call(r.method, fill(r.path, a), b.keys[role], BODIES[r.key]?.(a));
        // a refusal may echo the id the caller sent ("Ballot <id> was not found"), nothing else of A's
        const sent = `${fill(r.path, a)} ${JSON.stringify(BODIES[r.key]?.(a) ?? {})}`;
        for (const id of foreignIds) {
          const leaked = text.includes(id) && (status < 400 || !sent.includes(id));
          expect([r.key, role, leaked]).toEqual([r.key, role, false]);
        }
        const hasForeignRef =
          /\{(ballotId|id|electionId|requestId|webhookId|batchId)\}/.test(r.path) ||
          BODIES[r.key] !== undefined;
        if (hasForeignRef) expect([r.key, role, [400, 404].includes(status)]).toEqual([r.key, role, true]);
        else expect([r.key, role, status < 500]).toEqual([r.key, role, true]);
      }
    }
    // A's own ballot was never touched by B's calls
    const row = await pg.query(`SELECT status, returned_at FROM ballots WHERE ballot_id = $1`, [a.ballotId]);
    expect(row.rows[0]).toMatchObject({ returned_at: null });
  });

  it('writes every refused call to the audit trail as denied, readable by the auditor only', async () => {
    await call('POST', '/api/v1/office/returns', a.keys.auditor, {});
    const res = await call('GET', '/api/v1/office/audit-log?action=ballot.return', a.keys.auditor);
    expect(res.status).toBe(200);
    const { items } = JSON.parse(res.text) as {
      items: Array<{ outcome: string; role: string; action: string }>;
    };
    expect(items.some((i) => i.outcome === 'denied' && i.role === 'auditor')).toBe(true);
    expect(items.every((i) => i.action === 'ballot.return')).toBe(true);
    const csv = await call('GET', '/api/v1/office/audit-log.csv', a.keys.auditor);
    expect(csv.text.split('\n')[0]).toBe('auditId,at,keyId,staffId,role,action,target,outcome,details');
    expect(csv.text).toContain('denied');
    // append-only, even for the database owner
    await expect(pg.query(`UPDATE audit_log SET outcome = 'ok'`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(pg.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  });
});
