import { ballotId, jurisdictionId } from '@uocava/domain';
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConsistencyProofResponse } from './api';
import { Checkpointer } from './checkpointer';
import type { LogEntryInput } from './entry';
import { MemoryLog } from './log';
import { generateLogKey, logOrigin, type Ed25519NoteSigner } from './note';
import {
  checkConsistency,
  monitorStep,
  parseVerifierKey,
  verifyCheckpoint,
  type MonitorState,
  type VerifierKey,
} from './verify';

const J = 'demo-county';
const input = (n: number): LogEntryInput => ({
  jurisdiction: jurisdictionId(J),
  subject: { kind: 'ballot', id: ballotId(randomUUID()) },
  eventType: 'ballot.generated',
  eventId: randomUUID(),
  time: '2026-10-01T00:00:00Z',
  dataSha256: createHash('sha256').update(String(n)).digest('hex'),
});

/** Serves a log's public endpoints (the shapes of api.ts) from whichever log `current` points at. */
function serve(
  getLog: () => { log: MemoryLog; note: () => Promise<string> },
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const u = new URL(req.url ?? '/', 'http://x');
      const { log, note } = getLog();
      if (u.pathname === '/log/checkpoint') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(await note());
      } else if (u.pathname === '/log/proof/consistency') {
        const from = Number(u.searchParams.get('from'));
        const to = Number(u.searchParams.get('to'));
        const body: ConsistencyProofResponse = {
          from,
          to,
          proof: (await log.consistencyProof(from, to)).map((h) => h.toString('base64')),
        };
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      } else {
        res.writeHead(404).end();
      }
    })().catch(() => res.writeHead(500).end());
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/log`, server }),
    ),
  );
}

describe('monitor and consistency client', () => {
  let signer: Ed25519NoteSigner;
  let keys: VerifierKey[];
  const honest = new MemoryLog(J);
  const forked = new MemoryLog(J);
  let current: { log: MemoryLog; note: () => Promise<string> };
  let srv: { url: string; server: Server };

  const noteOf = (log: MemoryLog) => async () => {
    const cp = await new Checkpointer(log, signer).checkpoint();
    return (cp as { note: string }).note;
  };

  beforeAll(async () => {
    const k = generateLogKey(logOrigin('log.example', J, 1));
    signer = k.signer;
    const parsed = parseVerifierKey(k.verifierKey);
    if (!parsed.ok) throw new Error('key');
    keys = [parsed.value];
    current = { log: honest, note: noteOf(honest) };
    srv = await serve(() => current);
  });
  afterAll(() => new Promise<void>((r) => srv.server.close(() => r())));

  it('initializes, sees growth as consistent, and raises an alarm on a fork and on a rollback', async () => {
    await honest.append([input(1), input(2), input(3)]);
    let state: MonitorState | null = null;
    const step1 = await monitorStep(srv.url, keys, state);
    expect(step1.status).toBe('initialized');
    state = step1.state;

    const same = await monitorStep(srv.url, keys, state);
    expect(same.status).toBe('unchanged');

    await honest.append([input(4), input(5), input(6), input(7)]);
    const grown = await monitorStep(srv.url, keys, state);
    expect(grown).toMatchObject({ status: 'advanced', message: 'consistent: size 3 -> 7' });
    state = grown.state;

    // the operator rewrites history: a different log with the same key, larger than before
    await forked.append([input(1), input(2), input(99), input(4), input(5), input(6), input(7), input(8)]);
    current = { log: forked, note: noteOf(forked) };
    const fork = await monitorStep(srv.url, keys, state);
    expect(fork.status).toBe('alarm');
    expect(fork.message).toMatch(/fork/);
    expect(fork.state).toBe(state); // state not advanced on alarm

    // rollback: serve an older checkpoint of the honest log
    const small = new MemoryLog(J);
    await small.append((await honest.entries(0, 2)).map(() => input(0)));
    current = { log: small, note: noteOf(small) };
    const rollback = await monitorStep(srv.url, keys, state);
    expect(rollback).toMatchObject({ status: 'alarm' });
    expect(rollback.message).toMatch(/rollback/);
    current = { log: honest, note: noteOf(honest) };
  });

  it('checkConsistency between two saved checkpoints', async () => {
    current = { log: honest, note: noteOf(honest) };
    const a = verifyCheckpoint(await noteOf(honest)(), keys);
    await honest.append([input(10), input(11)]);
    const b = verifyCheckpoint(await noteOf(honest)(), keys);
    if (!a.ok || !b.ok) throw new Error('checkpoints');
    expect(await checkConsistency(a.value, b.value, srv.url)).toEqual({
      ok: true,
      from: a.value.treeSize,
      to: b.value.treeSize,
    });
    expect(await checkConsistency(b.value, a.value, srv.url)).toMatchObject({ ok: false, alarm: true });
  });
});
