/**
 * `monitor --full` over C2SP tiles served from an in-memory log: an honest log passes; an edited
 * stored entry, an edited entry with its tree recomputed, a rollback and a fork are each an ALARM.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ballotId, jurisdictionId } from '@uocava/domain';
import {
  MemoryLog,
  checkpointBody,
  entryBundle,
  generateLogKey,
  logOrigin,
  parseTilePath,
  signNote,
  tileBytes,
  type LogEntryInput,
} from '@uocava/transparency';
import { registerTransparencyCommands } from './transparency';

const J = 'demo-county';
const key = generateLogKey(logOrigin('log.test.example', J, 1));
const ballots = Array.from(
  { length: 40 },
  (_, i) => `5a1f0c3e-7b2d-4e8f-8a9b-${String(i).padStart(12, '0')}`,
);

function input(i: number, salt = ''): LogEntryInput {
  return {
    jurisdiction: jurisdictionId(J),
    subject: { kind: 'ballot', id: ballotId(ballots[i % ballots.length]) },
    eventType: 'uocava.ballot.generated.v1',
    eventId: `c3d2e1f0-1111-4222-8333-${String(i).padStart(12, '0')}`,
    time: '2026-10-01T00:00:00.000Z',
    dataSha256: createHash('sha256').update(`${salt}${i}`).digest('hex'),
  };
}

async function logOf(size: number, changeAt: number | null = null): Promise<MemoryLog> {
  const log = new MemoryLog(J);
  await log.append(Array.from({ length: size }, (_, i) => input(i, i === changeAt ? 'x' : '')));
  return log;
}

async function note(log: MemoryLog): Promise<string> {
  const size = await log.size();
  return signNote(checkpointBody(key.signer.name, size, await log.rootHash(size)), [key.signer]);
}

interface Served {
  log: MemoryLog;
  checkpoint: string;
  /** replaces the bytes of one path */
  override?: { path: string; bytes: Buffer };
}

describe('monitor --full (tiles)', () => {
  let server: Server;
  let served: Served;
  let url: string;
  let dir: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      void (async () => {
        const u = new URL(req.url ?? '/', 'http://x');
        const p = u.pathname.replace(/^\/log\//, '');
        const { log, checkpoint, override } = served;
        if (p === 'checkpoint') return void res.writeHead(200).end(checkpoint);
        if (p === 'proof/consistency') {
          const from = Number(u.searchParams.get('from'));
          const to = Number(u.searchParams.get('to'));
          const proof = (await log.consistencyProof(from, to)).map((h) => h.toString('base64'));
          return void res.writeHead(200).end(JSON.stringify({ from, to, proof }));
        }
        if (override?.path === p) return void res.writeHead(200).end(override.bytes);
        const ref = p.startsWith('tile/') ? parseTilePath(p.slice(5).split('/')) : null;
        const bytes = ref === null ? null : await tileBytes(log, await log.size(), ref);
        if (bytes === null) return void res.writeHead(404).end();
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes);
      })().catch(() => res.writeHead(500).end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/log`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'monitor-full-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function monitor(): Promise<{ code: number; out: string }> {
    const lines: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void lines.push(m));
    const err = jest.spyOn(console, 'error').mockImplementation((m: string) => void lines.push(m));
    process.exitCode = 0;
    try {
      const program = new Command('uocava').exitOverride();
      registerTransparencyCommands(program);
      await program.parseAsync([
        'node',
        'uocava',
        'monitor',
        '--full',
        '--log',
        url,
        '--key',
        key.verifierKey,
        '--state',
        join(dir, 'state.json'),
      ]);
      return { code: Number(process.exitCode ?? 0), out: lines.join('\n') };
    } finally {
      log.mockRestore();
      err.mockRestore();
      process.exitCode = 0;
    }
  }

  it('passes an honest log, reading every entry and tile', async () => {
    const log = await logOf(700); // 2 full + 1 partial level-0 tiles, a partial level-1 tile
    served = { log, checkpoint: await note(log) };
    const r = await monitor();
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/full audit: 700 entries.*\(7 tiles\)/) });
    await log.append([input(700), input(701)]);
    served = { log, checkpoint: await note(log) };
    expect((await monitor()).out).toMatch(/consistent: size 700 -> 702; full audit: 702 entries/);
  });

  it('raises an alarm on an entry edited in storage', async () => {
    const log = await logOf(700);
    const entries = await log.entries(256, 512);
    const edited = entries.map((e, i) =>
      i === 10 ? { ...e, entry: e.entry.replace('"time":"2026', '"time":"2027') } : e,
    );
    served = {
      log,
      checkpoint: await note(log),
      override: { path: 'tile/entries/001', bytes: entryBundle(edited) },
    };
    const r = await monitor();
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/ALARM: full audit.*leaf 266: the entry does not hash to the tree's leaf/);
  });

  it('raises an alarm on an entry edited with its tree recomputed (the signed root no longer matches)', async () => {
    const honest = await logOf(700);
    const edited = await logOf(700, 300);
    served = { log: edited, checkpoint: await note(honest) };
    const r = await monitor();
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/root of the 700 entries differs from the signed checkpoint/);
  });

  it('raises an alarm on a rollback and on a fork', async () => {
    const log = await logOf(700);
    served = { log, checkpoint: await note(log) };
    expect((await monitor()).code).toBe(0);
    const shorter = await logOf(600);
    served = { log: shorter, checkpoint: await note(shorter) };
    expect(await monitor()).toMatchObject({ code: 3, out: expect.stringMatching(/ALARM: rollback/) });
    // a rewritten history, re-signed by the operator and longer: the tiles are self-consistent, the
    // consistency with what the monitor saw is not
    const fork = await logOf(800, 5);
    served = { log: fork, checkpoint: await note(fork) };
    expect(await monitor()).toMatchObject({ code: 3, out: expect.stringMatching(/ALARM: fork/) });
  });
});
