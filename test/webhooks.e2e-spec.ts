/**
 * Webhooks for integrators (issue 17), through the gateway and the notifications app as separate
 * processes over the real Postgres and Kafka, to an HTTP receiver in this test that verifies every
 * request with the official Standard Webhooks library (`standardwebhooks`), never with the
 * project's code:
 *
 * (a) a subscription receives the events of its own jurisdiction only;
 * (b) a receiver that fails at first gets the delivery after retries; one that always fails ends
 *     with a delivery marked failed, visible in the API;
 * (c) deliveries pending (leased, mid-request) when the notifications process is killed with
 *     SIGKILL are delivered after it restarts;
 * (d) replay from a time re-delivers the subscription's deliveries since then;
 * (e) a non-admin role is refused; bad input is a problem+json naming each field; every action is
 *     in the audit trail with the key that made it.
 *
 * The answers of the routes and every webhook body received are checked with ajv against
 * docs/openapi.json (the routes' response schemas and the `webhooks` section).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import {
  createOffice,
  electionDateThisYear,
  eventually,
  gatewayClient,
  ownerDatabaseUrl,
  type Office,
} from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

type Mode = 'ok' | 'hang' | { failFirst: number } | 'always-500';

interface Received {
  path: string;
  webhookId: string;
  /** the verified CloudEvent */
  event: { id: string; type: string; jurisdiction: string; data: { jurisdictionId: string } };
  at: number;
}

/** The integrator's endpoint: verifies each request with the official library, then answers per path. */
class Receiver {
  private server?: Server;
  readonly secrets = new Map<string, string>();
  readonly modes = new Map<string, Mode>();
  readonly received: Received[] = [];
  readonly refused: Array<{ path: string; reason: string }> = [];
  readonly attempts = new Map<string, number>();
  /** requests held open by 'hang' */
  readonly hanging: Array<{ res: ServerResponse; webhookId: string }> = [];
  baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url ?? '/';
    const secret = this.secrets.get(path);
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    let event: Received['event'];
    try {
      if (secret === undefined) throw new Error('no secret for this path');
      event = new Webhook(secret).verify(body, headers) as Received['event'];
    } catch (error) {
      this.refused.push({ path, reason: String(error) });
      res.writeHead(401).end();
      return;
    }
    const key = `${path} ${headers['webhook-id']}`;
    const n = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, n);
    const mode = this.modes.get(path) ?? 'ok';
    if (mode === 'hang') {
      this.hanging.push({ res, webhookId: headers['webhook-id'] });
      return;
    }
    if (mode === 'always-500' || (typeof mode === 'object' && n <= mode.failFirst)) {
      res.writeHead(mode === 'always-500' ? 500 : 503).end();
      return;
    }
    this.received.push({ path, webhookId: headers['webhook-id'], event, at: Date.now() });
    res.writeHead(204).end();
  }

  on(path: string): Received[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const h of this.hanging) h.res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

interface Created {
  subscriptionId: string;
  secret: string;
  status: string;
}

/** docs/openapi.json as the judge of the answers and of the webhook bodies. */
const DOC_ID = 'https://uocava.example/openapi.json';
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({
  ...JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'openapi.json'), 'utf8')),
  $id: DOC_ID,
});
const esc = (p: string) => p.replace(/~/g, '~0').replace(/\//g, '~1');
function fitsDocument(ref: string, value: unknown): void {
  const validate = ajv.getSchema(`${DOC_ID}#/${ref}`);
  if (!validate) throw new Error(`no schema at ${ref}`);
  expect([ref, validate(value) ? [] : validate.errors]).toEqual([ref, []]);
}
const fitsResponse = (path: string, method: string, status: number, body: unknown) =>
  fitsDocument(`paths/${esc(path)}/${method}/responses/${status}/content/application~1json/schema`, body);
const fitsWebhook = (body: unknown) =>
  fitsDocument('webhooks/uocava-event/post/requestBody/content/application~1cloudevents+json/schema', body);

describe('webhooks: signed, durable deliveries to integrators', () => {
  const receiver = new Receiver();
  let stack: ProcessStack;
  let db: Client;
  let a: Office;
  let b: Office;

  beforeAll(async () => {
    await receiver.start();
    [a, b] = await Promise.all([
      createOffice({ prefix: 'hooka', roles: ['admin', 'clerk'] }),
      createOffice({ prefix: 'hookb', roles: ['admin', 'clerk'] }),
    ]);
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    stack = await startProcessStack(['gateway', 'notifications'], {
      env: {
        WEBHOOK_ALLOW_HTTP_LOOPBACK: '1',
        WEBHOOK_RETRY_BASE_MS: '300',
        WEBHOOK_RETRY_MAX_MS: '1000',
        WEBHOOK_MAX_ATTEMPTS: '4',
        WEBHOOK_TIMEOUT_MS: '5000',
        WEBHOOK_LEASE_MS: '8000',
        WEBHOOK_SWEEP_INTERVAL_MS: '1000',
      },
    });
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
    await receiver.stop();
    await db?.end();
  });

  const http = () => gatewayClient(stack.baseUrl);
  const json = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

  async function subscribe(
    office: Office,
    path: string,
    extra: Record<string, unknown> = {},
  ): Promise<Created> {
    const res = await http().office(
      office.keys.admin!,
      '/webhooks',
      json({ url: `${receiver.baseUrl}${path}`, ...extra }),
    );
    const body = (await res.json()) as Created;
    expect(res.status === 201 ? 201 : body).toBe(201);
    expect(body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    fitsResponse('/api/v1/office/webhooks', 'post', 201, body);
    receiver.secrets.set(path, body.secret);
    return body;
  }

  async function defineElection(office: Office, daysAhead: number): Promise<string> {
    const res = await http().defineElection(office.keys.clerk!, electionDateThisYear(daysAhead));
    const body = (await res.json()) as { electionId: string };
    expect(res.status === 201 ? 201 : body).toBe(201);
    return body.electionId;
  }

  const electionEvents = (path: string, electionId: string) =>
    receiver
      .on(path)
      .filter(
        (r) =>
          r.event.type === 'uocava.election.defined.v1' &&
          (r.event.data as { electionId?: string }).electionId === electionId,
      );

  async function deliveries(office: Office, id: string, query = '') {
    const res = await http().office(office.keys.admin!, `/webhooks/${id}/deliveries${query}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { items: Array<Record<string, unknown>> };
    fitsResponse('/api/v1/office/webhooks/{webhookId}/deliveries', 'get', 200, body);
    return body.items;
  }

  let subA: Created;
  let subB: Created;
  let flaky: Created;
  let dead: Created;
  let firstA: string;
  let t0: string;

  it('(e) refuses a non-admin role and names each bad field of a bad subscription', async () => {
    const refused = await http().office(a.keys.clerk!, '/webhooks', json({ url: `${receiver.baseUrl}/x` }));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const list = await http().office(a.keys.clerk!, '/webhooks');
    expect(list.status).toBe(403);

    const bad = await http().office(
      a.keys.admin!,
      '/webhooks',
      json({ url: 'http://hooks.example.org/x', eventTypes: ['uocava.nope.v1'], color: 'red' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await bad.json()) as { errors: Array<{ pointer: string; message: string }> };
    const pointers = problem.errors.map((e) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/url', '/eventTypes/0']));
    expect(problem.errors.find((e) => e.pointer === '/url')?.message).toMatch(/https/);

    const badReplay = await http().office(
      a.keys.admin!,
      '/webhooks/00000000-0000-4000-8000-000000000000/replay',
      json({ from: 'yesterday' }),
    );
    expect(badReplay.status).toBe(400);
    expect(((await badReplay.json()) as { errors: Array<{ pointer: string }> }).errors[0].pointer).toBe(
      '/from',
    );
  });

  it('(a) a subscription receives the events of its own jurisdiction only, signed', async () => {
    subA = await subscribe(a, '/a');
    subB = await subscribe(b, '/b', { eventTypes: ['uocava.election.defined.v1'] });
    flaky = await subscribe(a, '/flaky', { eventTypes: ['uocava.election.defined.v1'] });
    receiver.modes.set('/flaky', { failFirst: 2 });
    dead = await subscribe(a, '/dead', { eventTypes: ['uocava.election.defined.v1'] });
    receiver.modes.set('/dead', 'always-500');
    // the list shows them, never a secret
    const list = await http().office(a.keys.admin!, '/webhooks');
    const listed = (await list.json()) as { items: Array<Record<string, unknown>> };
    fitsResponse('/api/v1/office/webhooks', 'get', 200, listed);
    const items = listed.items;
    expect(items.map((i) => i.subscriptionId).sort()).toEqual(
      [subA, flaky, dead].map((s) => s.subscriptionId).sort(),
    );
    expect(JSON.stringify(items)).not.toContain('whsec_');
    // b's subscription is not a's to see
    expect((await http().office(a.keys.admin!, `/webhooks/${subB.subscriptionId}`)).status).toBe(404);

    t0 = new Date(Date.now() - 1000).toISOString();
    firstA = await defineElection(a, 40);
    const firstB = await defineElection(b, 41);
    await eventually(
      async () => (electionEvents('/a', firstA).length > 0 ? true : undefined),
      60000,
      "a's event at /a",
    );
    await eventually(
      async () => (electionEvents('/b', firstB).length > 0 ? true : undefined),
      60000,
      "b's event at /b",
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      receiver
        .on('/a')
        .every(
          (r) =>
            r.event.jurisdiction === a.jurisdictionId && r.event.data.jurisdictionId === a.jurisdictionId,
        ),
    ).toBe(true);
    expect(receiver.on('/b').every((r) => r.event.jurisdiction === b.jurisdictionId)).toBe(true);
    expect(electionEvents('/a', firstB)).toHaveLength(0);
    expect(electionEvents('/b', firstA)).toHaveLength(0);
    expect(receiver.refused).toEqual([]);
    // every body is what the document's webhooks section says
    for (const r of receiver.received) fitsWebhook(r.event);
    const [got] = electionEvents('/a', firstA);
    expect(got.event).toMatchObject({
      specversion: '1.0',
      type: 'uocava.election.defined.v1',
      datacontenttype: 'application/json',
      dataschema: expect.stringMatching(/uocava\.election\.defined\.v1\.json$/),
    });
  });

  it('(b) a receiver that fails at first gets the delivery after retries; one that always fails ends failed', async () => {
    const got = await eventually(
      async () => electionEvents('/flaky', firstA)[0],
      30000,
      'the flaky delivery',
    );
    expect(receiver.attempts.get(`/flaky ${got.webhookId}`)).toBe(3);
    const [row] = await deliveries(a, flaky.subscriptionId);
    expect(row).toMatchObject({
      deliveryId: got.webhookId,
      status: 'delivered',
      attempts: 3,
      lastStatus: 204,
    });

    const failed = await eventually(
      async () => (await deliveries(a, dead.subscriptionId, '?status=failed'))[0],
      30000,
      'the failed delivery',
    );
    expect(failed).toMatchObject({ status: 'failed', attempts: 4, lastStatus: 500, lastError: 'http 500' });
    const view = (await (await http().office(a.keys.admin!, `/webhooks/${dead.subscriptionId}`)).json()) as {
      deliveries: { failed: number };
    };
    expect(view.deliveries.failed).toBe(1);
    const metrics = await (await fetch(`${stack.url('notifications')}/metrics`)).text();
    expect(metrics).toMatch(/uocava_webhook_delivery_attempts_total\{[^}]*outcome="failed"[^}]*\} 1/);
    expect(metrics).toMatch(/uocava_webhook_delivery_attempts_total\{[^}]*outcome="retry"[^}]*\} [1-9]/);
    // the failed gauge, as of the loop's next sweep
    await eventually(
      async () => {
        const text = await (await fetch(`${stack.url('notifications')}/metrics`)).text();
        return new RegExp(
          `uocava_webhook_deliveries_failed\\{[^}]*jurisdiction="${a.jurisdictionId}"[^}]*\\} 1`,
        ).test(text)
          ? true
          : undefined;
      },
      10000,
      'the failed gauge',
    );
    // disabled: nothing more for it
    const disabled = await http().office(a.keys.admin!, `/webhooks/${dead.subscriptionId}`, {
      method: 'DELETE',
    });
    expect(disabled.status).toBe(200);
    expect(((await disabled.json()) as { status: string }).status).toBe('disabled');
  });

  it('(c) deliveries in hand when the notifications process is SIGKILLed are delivered after it restarts', async () => {
    receiver.modes.set('/a', 'hang');
    const before = receiver.hanging.length;
    const e1 = await defineElection(a, 42);
    const e2 = await defineElection(a, 43);
    // both deliveries to /a are leased and mid-request (two different webhook-ids held open)
    await eventually(
      async () =>
        new Set(receiver.hanging.slice(before).map((h) => h.webhookId)).size >= 2 ? true : undefined,
      60000,
      'two deliveries in hand',
    );
    await stack.killApp('notifications');
    for (const h of receiver.hanging.splice(0)) h.res.destroy();
    const pending = await db.query<{ status: string; lease_until: Date | null }>(
      `SELECT status, lease_until FROM webhook_deliveries WHERE subscription_id = $1 AND event ->> 'type' = 'uocava.election.defined.v1'
         AND event -> 'data' ->> 'electionId' = ANY ($2)`,
      [subA.subscriptionId, [e1, e2]],
    );
    expect(pending.rows.map((r) => r.status)).toEqual(['pending', 'pending']);
    expect(pending.rows.every((r) => r.lease_until !== null)).toBe(true);
    receiver.modes.set('/a', 'ok');
    await stack.startApp('notifications');
    await eventually(
      async () =>
        electionEvents('/a', e1).length > 0 && electionEvents('/a', e2).length > 0 ? true : undefined,
      60000,
      'both deliveries after the restart',
    );
    const rows = await deliveries(a, subA.subscriptionId);
    for (const e of [e1, e2]) {
      const [got] = electionEvents('/a', e);
      expect(rows.find((r) => r.deliveryId === got.webhookId)).toMatchObject({ status: 'delivered' });
    }
  });

  it("(d) replay from a time re-delivers the subscription's deliveries since then", async () => {
    const since = await deliveries(a, subA.subscriptionId, '?status=delivered');
    const ids = since.filter((d) => String(d.eventTime) >= t0).map((d) => d.deliveryId as string);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const count = (id: string) => receiver.on('/a').filter((r) => r.webhookId === id).length;
    const counts = new Map(ids.map((id) => [id, count(id)]));

    const future = await http().office(
      a.keys.admin!,
      `/webhooks/${subA.subscriptionId}/replay`,
      json({ from: new Date(Date.now() + 3600_000).toISOString() }),
    );
    expect(future.status).toBe(202);
    expect(await future.json()).toMatchObject({ requeued: 0 });

    const res = await http().office(
      a.keys.admin!,
      `/webhooks/${subA.subscriptionId}/replay`,
      json({ from: t0 }),
    );
    expect(res.status).toBe(202);
    const body = (await res.json()) as { requeued: number };
    fitsResponse('/api/v1/office/webhooks/{webhookId}/replay', 'post', 202, body);
    expect(body.requeued).toBeGreaterThanOrEqual(ids.length);
    await eventually(
      async () => (ids.every((id) => count(id) > (counts.get(id) ?? 0)) ? true : undefined),
      30000,
      'every delivery since t0 again',
    );
    for (const r of receiver.received) fitsWebhook(r.event);
    // another office's admin cannot replay it
    expect(
      (await http().office(b.keys.admin!, `/webhooks/${subA.subscriptionId}/replay`, json({ from: t0 })))
        .status,
    ).toBe(404);
  });

  it('(e) every action is in the audit trail with the key that made it', async () => {
    const { rows } = await db.query<{
      action: string;
      outcome: string;
      key_id: string;
      role: string;
      target: string | null;
    }>(
      `SELECT action, outcome, key_id, role, target FROM audit_log WHERE jurisdiction_id = $1 AND action LIKE 'webhook.%' ORDER BY audit_id`,
      [a.jurisdictionId],
    );
    const has = (action: string, outcome: string, keyId: string | undefined, target?: string | null) =>
      rows.some(
        (r) =>
          r.action === action &&
          r.outcome === outcome &&
          r.key_id === keyId &&
          (target === undefined || r.target === target),
      );
    expect(has('webhook.create', 'denied', a.keyIds.clerk)).toBe(true);
    expect(has('webhook.list', 'denied', a.keyIds.clerk)).toBe(true);
    expect(has('webhook.create', 'error', a.keyIds.admin)).toBe(true);
    expect(
      rows.filter((r) => r.action === 'webhook.create' && r.outcome === 'ok' && r.key_id === a.keyIds.admin),
    ).toHaveLength(3);
    expect(has('webhook.disable', 'ok', a.keyIds.admin, `webhook:${dead.subscriptionId}`)).toBe(true);
    expect(has('webhook.replay', 'ok', a.keyIds.admin, `webhook:${subA.subscriptionId}`)).toBe(true);
    expect(has('webhook.deliveries.list', 'ok', a.keyIds.admin, `webhook:${flaky.subscriptionId}`)).toBe(
      true,
    );
    // the subscription records who made and disabled it
    const sub = await db.query(
      `SELECT created_by, disabled_by FROM webhook_subscriptions WHERE subscription_id = $1`,
      [dead.subscriptionId],
    );
    expect(sub.rows[0]).toEqual({ created_by: a.keyIds.admin, disabled_by: a.keyIds.admin });
    // the secret is stored sealed, not in clear
    const secret = await db.query<{ secret: Buffer }>(
      `SELECT secret FROM webhook_subscriptions WHERE subscription_id = $1`,
      [subA.subscriptionId],
    );
    expect(secret.rows[0].secret.toString('latin1')).not.toContain(subA.secret.slice('whsec_'.length));
    // b's admin's replay attempt on a's subscription is in b's trail, not a's
    const inB = await db.query(
      `SELECT 1 FROM audit_log WHERE jurisdiction_id = $1 AND action = 'webhook.replay' AND key_id = $2`,
      [b.jurisdictionId, b.keyIds.admin],
    );
    expect(inB.rowCount).toBe(1);
  });
});
