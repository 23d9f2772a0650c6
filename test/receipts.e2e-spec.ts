/**
 * Receipts end to end: a request goes through every service; every step on the tracking page
 * gets a receipt that the real CLI verifies offline with the key published by the gateway; a
 * flipped byte fails; checkpoints are consistent; and an insider who rewrites an entry in the
 * database (triggers disabled, tree rebuilt, new checkpoint signed) is caught by `monitor`,
 * `verify-consistency` and re-verification of the published entries.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { pgLogStorage } from '@uocava/database';
import {
  createOffice,
  eventually,
  officeContext,
  ownerDatabaseUrl,
  ROLL_HEADER_LINE,
  type Office,
  type TestOffice,
} from '@uocava/testing';
import {
  appendLeaves,
  leafHash,
  verifier,
  type LogEntriesResponse,
  type LogKeyResponse,
  type Receipt,
} from '@uocava/transparency';
import { startProcessStack, type ProcessStack } from './harness/processes';

const ROOT = join(__dirname, '..');

/** Runs the real CLI. */
function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args],
      { cwd: ROOT, timeout: 60000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

interface Tracking {
  requestId: string;
  steps: Array<{ eventId: string; type: string; leafIndex: number | null; receipt: Receipt | null }>;
}

describe('receipts: every step verifies offline, tampering is detected', () => {
  let stack: ProcessStack;
  let admin: Pool;
  let created: Office;
  let office: TestOffice;
  let jurisdictionId: string;
  const dir = mkdtempSync(join(tmpdir(), 'uocava-receipts-e2e-'));

  beforeAll(async () => {
    created = await createOffice({ prefix: 'rcpt' });
    jurisdictionId = created.jurisdictionId;
    admin = new Pool({ connectionString: ownerDatabaseUrl(), max: 2 }); // below the API: the owner
    stack = await startProcessStack();
    office = officeContext(stack.baseUrl, created);
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
    await admin?.end();
  });

  const logUrl = () => `${stack.baseUrl}/api/v1/jurisdictions/${jurisdictionId}/log`;
  const submit = async (voter: unknown): Promise<{ trackingCode: string }> => {
    const res = await office.submitFpca(voter);
    expect(res.status).toBe(202);
    return (await res.json()) as { trackingCode: string };
  };
  const latestCheckpoint = async (): Promise<string> => {
    const res = await fetch(`${logUrl()}/checkpoint`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    return res.text();
  };
  const sizeOf = (note: string): number => Number(note.split('\n')[1]);
  /** a second request that does not match the roll: it still adds steps to the log */
  const unmatched = () => {
    return office.fpca((v) => {
      v.name = { first: 'Quentin', last: `Nomatch${randomBytes(2).toString('hex')}` };
    });
  };

  it('issues a receipt for every step; the CLI verifies each, refuses a flipped byte, and checkpoints are consistent', async () => {
    const defined = await office.defineElection();
    expect(defined.status === 201 ? 201 : await defined.text()).toBe(201);
    const voter = office.fpca();
    const csv =
      ROLL_HEADER_LINE +
      `OH0001,Jane,A,Doe,,${voter.dateOfBirth},AA999888,,3818 Belmont Ave,Youngstown,OH,44505,Mahoning,gpu-p-001-BRA,,active\n`;
    const roll = await office.importRoll(csv);
    expect(roll.status).toBe(200);

    const { trackingCode } = await submit(voter);
    const wanted = [
      'uocava.request.submitted.v1',
      'uocava.request.verified.v1',
      'uocava.ballot.generated.v1',
      'uocava.ballot.transmitted.v1',
    ];
    const tracking = await eventually(
      async () => {
        const body = (await (
          await fetch(`${stack.baseUrl}/api/v1/tracking/${trackingCode}`)
        ).json()) as Tracking;
        const types = body.steps.map((s) => s.type);
        const done = wanted.every((t) => types.includes(t)) && body.steps.every((s) => s.receipt !== null);
        return done ? body : undefined;
      },
      90000,
      'a receipt on every step',
    );

    // latency from append (tracking step recorded) to receipt issued (outbox row), default batching
    const [{ ms }] = (
      await admin.query(
        `SELECT max(extract(epoch FROM o.created_at - s.recorded_at) * 1000)::int AS ms
           FROM tracking_steps s JOIN outbox o ON o.event_type = 'uocava.receipt.issued.v1'
            AND o.payload->>'forEventId' = s.event_id::text
          WHERE s.jurisdiction_id = $1`,
        [jurisdictionId],
      )
    ).rows as Array<{ ms: number }>;
    process.stderr.write(`[receipts e2e] worst append-to-receipt latency: ${ms} ms\n`);
    // on a busy test machine, ballot PDF rendering (CPU-bound) delays the 500 ms checkpoint timer
    expect(ms).toBeLessThan(15000);

    // the verifier key, as an auditor gets it
    const keyRes = await fetch(`${logUrl()}/key`);
    expect(keyRes.status).toBe(200);
    const key = (await keyRes.json()) as LogKeyResponse & { pki: string };
    expect(key.origin).toMatch(new RegExp(`/${jurisdictionId}/1$`));
    expect(key.keys.map((k) => k.verifierKey)).toEqual([key.verifierKey]);
    expect(key.pki).toMatch(/not configured/);
    writeFileSync(join(dir, 'keys.txt'), `${key.verifierKey}\n`);
    expect(JSON.stringify(key)).not.toMatch(/PRIVATE/);

    const files = tracking.steps.map((s, i) => {
      const file = join(dir, `receipt-${i}.json`);
      writeFileSync(file, JSON.stringify(s.receipt, null, 2));
      return file;
    });
    const results = await Promise.all(files.map((f) => cli(['verify-receipt', f, '--key', key.verifierKey])));
    results.forEach((r, i) => {
      expect({ step: tracking.steps[i].type, ...r }).toMatchObject({
        code: 0,
        out: expect.stringMatching(/^VERIFIED/),
      });
    });
    // each receipt is for its own step, and leaf indices are distinct
    tracking.steps.forEach((s) =>
      expect(JSON.parse(s.receipt!.entry)).toMatchObject({ eventId: s.eventId, eventType: s.type }),
    );
    expect(new Set(tracking.steps.map((s) => s.leafIndex)).size).toBe(tracking.steps.length);

    // flip one byte (a hex digit of the data hash inside the entry): not verified
    const text = readFileSync(files[0], 'utf8');
    const at = text.indexOf('dataSha256') + 'dataSha256\\":\\"'.length;
    const flipped = text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1);
    expect(flipped).not.toBe(text);
    writeFileSync(join(dir, 'flipped.json'), flipped);
    const bad = await cli(['verify-receipt', join(dir, 'flipped.json'), '--key', key.verifierKey]);
    expect(bad).toMatchObject({ code: 1, out: expect.stringMatching(/NOT VERIFIED/) });

    // the earliest checkpoint any receipt carries, and a later one after more requests
    const early = tracking.steps.map((s) => s.receipt!.checkpoint).sort((a, b) => sizeOf(a) - sizeOf(b))[0];
    writeFileSync(join(dir, 'early.txt'), early);
    await submit(unmatched());
    const later = await eventually(
      async () => {
        const cp = await latestCheckpoint();
        return sizeOf(cp) > tracking.steps.length ? cp : undefined;
      },
      60000,
      'a later checkpoint',
    );
    writeFileSync(join(dir, 'later.txt'), later);
    const consistent = await cli([
      'verify-consistency',
      join(dir, 'early.txt'),
      join(dir, 'later.txt'),
      '--log',
      logUrl(),
      '--key',
      `@${join(dir, 'keys.txt')}`,
    ]);
    expect(consistent).toMatchObject({ code: 0, out: expect.stringMatching(/^VERIFIED/) });

    // an auditor's monitor remembers the current checkpoint
    const state = join(dir, 'monitor.json');
    const first = await cli(['monitor', '--log', logUrl(), '--key', key.verifierKey, '--state', state]);
    expect(first).toMatchObject({ code: 0, out: expect.stringMatching(/^OK/) });
  }, 300000);

  it('the public endpoints answer bad parameters with problem+json 400 and unknown logs with 404', async () => {
    for (const q of [
      'entries?start=-1',
      'entries?start=2&end=1',
      'proof/inclusion?index=x',
      'proof/consistency?from=3&to=1',
    ]) {
      const res = await fetch(`${logUrl()}/${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect((await fetch(`${logUrl()}/proof/consistency?from=1&to=999999`)).status).toBe(404);
    expect((await fetch(`${stack.baseUrl}/api/v1/jurisdictions/no-such-place/log/checkpoint`)).status).toBe(
      404,
    );
    const size = sizeOf(await latestCheckpoint());
    const entries = (await (
      await fetch(`${logUrl()}/entries?start=0&end=${size}`)
    ).json()) as LogEntriesResponse;
    expect(entries.entries).toHaveLength(size);
    const byHash = await fetch(
      `${logUrl()}/proof/inclusion?hash=${encodeURIComponent(entries.entries[1].leafHash)}&size=${size}`,
    );
    expect(await byHash.json()).toMatchObject({ leafIndex: 1, treeSize: size });
    const doc = (await (await fetch(`${stack.baseUrl}/api/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/jurisdictions/{id}/log/checkpoint',
        '/api/v1/jurisdictions/{id}/log/entries',
        '/api/v1/jurisdictions/{id}/log/proof/inclusion',
        '/api/v1/jurisdictions/{id}/log/proof/consistency',
        '/api/v1/jurisdictions/{id}/log/key',
      ]),
    );
  });

  it('an insider rewriting an entry in the database is caught by monitor, verify-consistency and re-verification', async () => {
    const before = await latestCheckpoint();
    writeFileSync(join(dir, 'before.txt'), before);
    const keys = [verifier.parseVerifierKey(readFileSync(join(dir, 'keys.txt'), 'utf8').trim())].map((k) => {
      if (!k.ok) throw new Error(k.reason);
      return k.value;
    });

    // the insider (table owner) turns the triggers off, rewrites "verified" into "rejected",
    // recomputes the leaf hash and rebuilds every tree node so that proofs still compute
    const client = await admin.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        'ALTER TABLE transparency_log_entries DISABLE TRIGGER transparency_log_entries_append_only',
      );
      await client.query(
        'ALTER TABLE transparency_tree_nodes DISABLE TRIGGER transparency_tree_nodes_append_only',
      );
      const rows = (
        await client.query(
          `SELECT leaf_index, entry FROM transparency_log_entries WHERE jurisdiction_id = $1 ORDER BY leaf_index`,
          [jurisdictionId],
        )
      ).rows as Array<{ leaf_index: string; entry: string }>;
      const target = rows.find((r) => r.entry.includes('uocava.request.verified.v1'));
      expect(target).toBeDefined();
      const edited = target!.entry.replace('uocava.request.verified.v1', 'uocava.request.rejected.v1');
      await client.query(
        `UPDATE transparency_log_entries SET entry = $3, leaf_hash = $4 WHERE jurisdiction_id = $1 AND leaf_index = $2`,
        [jurisdictionId, target!.leaf_index, edited, leafHash(Buffer.from(edited, 'utf8'))],
      );
      await client.query(`DELETE FROM transparency_tree_nodes WHERE jurisdiction_id = $1`, [jurisdictionId]);
      const leaves = rows.map((r) =>
        leafHash(Buffer.from(r.leaf_index === target!.leaf_index ? edited : r.entry, 'utf8')),
      );
      const db = {
        query: async (sql: string, params?: unknown[]) =>
          (await client.query(sql, params)).rows as Array<Record<string, unknown>>,
      };
      await appendLeaves(pgLogStorage(db, jurisdictionId), 0, leaves);
      await client.query(
        'ALTER TABLE transparency_log_entries ENABLE TRIGGER transparency_log_entries_append_only',
      );
      await client.query(
        'ALTER TABLE transparency_tree_nodes ENABLE TRIGGER transparency_tree_nodes_append_only',
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK');
      throw e;
    } finally {
      client.release();
    }

    // the log goes on: new events, and the receipts app signs a checkpoint over the rewritten tree
    await submit(unmatched());
    const after = await eventually(
      async () => {
        const cp = await latestCheckpoint();
        return sizeOf(cp) > sizeOf(before) ? cp : undefined;
      },
      60000,
      'a checkpoint over the rewritten log',
    );
    writeFileSync(join(dir, 'after.txt'), after);
    expect(verifier.verifyCheckpoint(after, keys).ok).toBe(true); // validly signed, but a fork

    const monitor = await cli([
      'monitor',
      '--log',
      logUrl(),
      '--key',
      `@${join(dir, 'keys.txt')}`,
      '--state',
      join(dir, 'monitor.json'),
    ]);
    expect(monitor).toMatchObject({ code: 3, out: expect.stringMatching(/ALARM/) });
    const consistency = await cli([
      'verify-consistency',
      join(dir, 'later.txt'), // a checkpoint that covers the rewritten entry
      join(dir, 'after.txt'),
      '--log',
      logUrl(),
      '--key',
      `@${join(dir, 'keys.txt')}`,
    ]);
    expect(consistency).toMatchObject({ code: 3, out: expect.stringMatching(/ALARM/) });

    // re-verification of the published entries against the checkpoint signed before the rewrite
    const size = sizeOf(before);
    const published = (await (
      await fetch(`${logUrl()}/entries?start=0&end=${size}`)
    ).json()) as LogEntriesResponse;
    const report = verifier.reverifyLog(
      published.entries.map((e) => ({ leafIndex: e.leafIndex, entry: e.entry })),
      before,
      keys,
    );
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/root|chain|prev/i);
  }, 300000);
});
