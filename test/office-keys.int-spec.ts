/**
 * Office keys are for machines and expire; the operator lists and revokes them with the CLI (run
 * as a process, as an operator runs it), and a revoked or expired key opens nothing: not the API,
 * not a sign-in session. The revocation is on the office's audit trail with the operator.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { createOffice, gatewayClient, ownerDatabaseUrl, type Office } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

const root = join(__dirname, '..');

/**
 * `cli <args>` as its own process, against the test database (the apps' role, as operators run
 * it). Asynchronous, so this process keeps serving its event loop (its HTTP connections) meanwhile.
 */
function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', join(root, 'apps/cli/src/main.ts'), ...args],
      { cwd: root, env: process.env, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('office keys: expiry, list and revoke', () => {
  let stack: ProcessStack;
  let office: Office;
  let db: Client;

  beforeAll(async () => {
    office = await createOffice({ prefix: 'keys', roles: ['clerk', 'auditor'] });
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    stack = await startProcessStack(['gateway']);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await db?.end();
  });

  const whoami = (key: string) => gatewayClient(stack.baseUrl).office(key, '/whoami');

  it('a new key expires in 90 days by default; the CLI lists the keys and never shows one', async () => {
    const made = await cli([
      'api-key',
      'create',
      '--jurisdiction',
      office.jurisdictionId,
      '--role',
      'clerk',
      '--label',
      'scanner 2',
    ]);
    expect(made.status === 0 ? 0 : made.stderr).toBe(0);
    const key = made.stdout.trim();
    expect(key).toMatch(/^uk_/);
    expect(made.stderr).toMatch(/expires \d{4}-\d{2}-\d{2}T/);
    expect((await whoami(key)).status).toBe(200);
    const { rows } = await db.query<{ days: number }>(
      `SELECT round(extract(epoch FROM expires_at - created_at) / 86400)::int AS days FROM api_keys WHERE label = 'scanner 2' AND jurisdiction_id = $1`,
      [office.jurisdictionId],
    );
    expect(rows).toEqual([{ days: 90 }]);
    const listed = await cli(['api-key', 'list', '--jurisdiction', office.jurisdictionId]);
    expect(listed.status).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0].split('\t')).toEqual([
      'key id',
      'role',
      'live',
      'created',
      'expires',
      'revoked',
      'label',
    ]);
    expect(lines).toHaveLength(4); // the two of the office context and this one
    expect(lines.some((l) => l.endsWith('\tscanner 2') && l.includes('\tyes\t'))).toBe(true);
    expect(listed.stdout).not.toContain(key);
    expect(
      (
        await cli([
          'api-key',
          'create',
          '--jurisdiction',
          office.jurisdictionId,
          '--role',
          'clerk',
          '--expires-in-days',
          '0',
        ])
      ).status,
    ).not.toBe(0);
  }, 120_000);

  it('a revoked key stops at once, API and sign-in session alike, and the revocation is audited', async () => {
    const key = office.keys.clerk!;
    const signIn = await fetch(`${stack.baseUrl}/office/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ key, next: '/office' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await fetch(`${stack.baseUrl}/office`, { headers: { cookie }, redirect: 'manual' })).status).toBe(
      200,
    );

    const revoked = await cli([
      'api-key',
      'revoke',
      '--jurisdiction',
      office.jurisdictionId,
      '--key-id',
      office.keyIds.clerk!,
    ]);
    expect(revoked.status === 0 ? 0 : revoked.stderr).toBe(0);
    expect((await whoami(key)).status).toBe(401);
    expect((await fetch(`${stack.baseUrl}/office`, { headers: { cookie }, redirect: 'manual' })).status).toBe(
      303,
    );
    // a second revoke is refused
    expect(
      (
        await cli([
          'api-key',
          'revoke',
          '--jurisdiction',
          office.jurisdictionId,
          '--key-id',
          office.keyIds.clerk!,
        ])
      ).status,
    ).not.toBe(0);
    const { rows } = await db.query(
      `SELECT action, target, outcome, details->>'via' AS via, details->>'operator' AS operator FROM audit_log
        WHERE jurisdiction_id = $1 AND action = 'api-key.revoke'`,
      [office.jurisdictionId],
    );
    expect(rows).toEqual([
      expect.objectContaining({
        target: `api-key:${office.keyIds.clerk}`,
        outcome: 'ok',
        via: 'cli',
        operator: expect.any(String),
      }),
    ]);
  }, 120_000);

  it('an expired key opens nothing', async () => {
    const key = office.keys.auditor!;
    expect((await whoami(key)).status).toBe(200);
    // the key's time passes (below the API: the owner moves its dates back)
    await db.query(
      `UPDATE api_keys SET created_at = now() - interval '91 days', expires_at = now() - interval '1 day' WHERE key_id = $1`,
      [office.keyIds.auditor],
    );
    expect((await whoami(key)).status).toBe(401);
    const listed = await cli(['api-key', 'list', '--jurisdiction', office.jurisdictionId]);
    const line = listed.stdout.split('\n').find((l) => l.startsWith(office.keyIds.auditor!))!;
    expect(line.split('\t')[2]).toBe('no');
  }, 60_000);
});
