/**
 * Every clerk page and form, tried with every role, without a session and with a forged
 * anti-forgery token, against the real gateway on real Postgres. The routes come from the
 * controller's own metadata, so a new page cannot be left out.
 */
import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { OFFICE_ROLES, type OfficeRole } from '@uocava/domain';
import { createOffice, ownerClient } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';
import { GatewayModule } from '../apps/gateway/src/app.module';
import { ROLES_KEY } from '../apps/gateway/src/common/office-auth';

interface PageRoute {
  handler: string;
  method: 'GET' | 'POST';
  path: string;
  roles: OfficeRole[];
}

/** Every controller of the gateway's modules (walked through their imports). */
function gatewayControllers(): Array<new (...args: never[]) => unknown> {
  const seen = new Set<unknown>();
  const controllers: Array<new (...args: never[]) => unknown> = [];
  const visit = (m: unknown): void => {
    if (m === undefined || seen.has(m)) return;
    seen.add(m);
    const mod = (m as { module?: unknown }).module ?? m;
    for (const c of (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, mod as object) ?? []) as Array<
      new (...args: never[]) => unknown
    >)
      if (!controllers.includes(c)) controllers.push(c);
    for (const i of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, mod as object) ?? []) as unknown[])
      visit(i);
  };
  visit(GatewayModule);
  return controllers;
}

/** The routes of every controller of the clerk's pages (path prefix `office`). */
function pageRoutes(): PageRoute[] {
  return gatewayControllers()
    .filter((c) => Reflect.getMetadata(PATH_METADATA, c) === 'office')
    .flatMap((controller) => {
      const proto = controller.prototype as Record<string, unknown>;
      return Object.getOwnPropertyNames(proto)
        .filter((name) => name !== 'constructor' && typeof proto[name] === 'function')
        .flatMap((name): PageRoute[] => {
          const fn = proto[name] as object;
          const sub = Reflect.getMetadata(PATH_METADATA, fn) as string | undefined;
          if (sub === undefined) return [];
          const method = Reflect.getMetadata(METHOD_METADATA, fn) === RequestMethod.POST ? 'POST' : 'GET';
          const roles = (Reflect.getMetadata(ROLES_KEY, fn) as OfficeRole[] | undefined) ?? [];
          const path = `/office/${sub}`.replace(/\/+/g, '/').replace(/\/$/, '');
          return [{ handler: `${controller.name}.${name}`, method, path, roles }];
        });
    });
}

/** A concrete URL for a route's path parameters (unknown ids: the answer may be 404, never 403). */
function concrete(path: string): string {
  return path
    .replace(':requestId', randomUUID())
    .replace(':ballotId', randomUUID())
    .replace(':electionId', randomUUID())
    .replace(':decision', 'accept')
    .replace(':regenerationId', '1')
    .replace(':staffId', randomUUID())
    .replace(':keyId', randomUUID());
}

describe('office pages: roles, sessions and anti-forgery tokens on every route', () => {
  let stack: ProcessStack;
  let jurisdictionId: string;
  const sessions: Partial<Record<OfficeRole, { cookie: string; csrf: string }>> = {};
  const routes = pageRoutes();

  beforeAll(async () => {
    const office = await createOffice({ prefix: 'pages', roles: [...OFFICE_ROLES] });
    jurisdictionId = office.jurisdictionId;
    stack = await startProcessStack(['gateway']);
    for (const role of OFFICE_ROLES) {
      const res = await fetch(`${stack.baseUrl}/office/sign-in`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ key: office.keys[role]!, next: '/office' }).toString(),
      });
      expect(res.status).toBe(303);
      const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
      const page = await (await fetch(`${stack.baseUrl}/office/reports`, { headers: { cookie } })).text();
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
      expect(csrf).toBeDefined();
      sessions[role] = { cookie, csrf: csrf! };
    }
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const send = (route: PageRoute, session?: { cookie: string; csrf: string }, csrf = session?.csrf) =>
    fetch(`${stack.baseUrl}${concrete(route.path)}`, {
      method: route.method,
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        ...(session ? { cookie: session.cookie } : {}),
        ...(route.method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body:
        route.method === 'POST'
          ? new URLSearchParams({
              _csrf: csrf ?? '',
              reason: 'other',
              method: 'mail',
              barcode: randomUUID(),
            }).toString()
          : undefined,
    });

  it('finds the routes, and every route but sign-in declares its roles', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const open = routes.filter((r) => r.roles.length === 0).map((r) => `${r.method} ${r.path}`);
    expect(open.sort()).toEqual([
      'GET /office/invitations/:link',
      'GET /office/sign-in',
      'GET /office/sign-in/second-factor',
      'POST /office/invitations/:link',
      'POST /office/sign-in',
      'POST /office/sign-in/second-factor',
      'POST /office/sign-in/staff',
    ]);
  });

  it('sends a browser without a session to the sign-in page, from every route', async () => {
    for (const route of routes.filter((r) => r.roles.length > 0)) {
      const res = await send(route);
      expect([route.path, res.status, res.headers.get('location')]).toEqual([
        route.path,
        303,
        expect.stringMatching(/^\/office\/sign-in\?next=/),
      ]);
    }
  });

  it('lets each role through exactly the routes that declare it, and writes every refusal to the audit trail', async () => {
    const outcomes: string[] = [];
    for (const route of routes.filter((r) => r.roles.length > 0 && !r.handler.endsWith('.signOut')))
      for (const role of OFFICE_ROLES) {
        const res = await send(route, sessions[role]);
        const allowed = route.roles.includes(role);
        outcomes.push(`${route.method} ${route.path} ${role} ${allowed ? 'allowed' : 'refused'}`);
        if (allowed) expect([route.path, role, res.status]).not.toEqual([route.path, role, 403]);
        else expect([route.path, role, res.status]).toEqual([route.path, role, 403]);
        expect([route.path, role, res.status < 500]).toEqual([route.path, role, true]);
      }
    expect(outcomes.some((o) => o.endsWith('refused'))).toBe(true);
    const owner = await ownerClient();
    try {
      const { rows } = await owner.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM audit_log WHERE jurisdiction_id = $1 AND outcome = 'denied'
           AND action LIKE 'office-page:%'`,
        [jurisdictionId],
      );
      expect(rows[0].n).toBe(outcomes.filter((o) => o.endsWith('refused')).length);
    } finally {
      await owner.end();
    }
  });

  it('refuses every form posted with another session token, for every role', async () => {
    for (const route of routes.filter((r) => r.method === 'POST' && r.roles.length > 0))
      for (const role of OFFICE_ROLES) {
        const res = await send(route, sessions[role], 'forged-token-0000000000000000000000000000000');
        expect([route.path, role, res.status]).toEqual([route.path, role, 403]);
      }
  });
});
