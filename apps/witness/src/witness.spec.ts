import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MemoryLog,
  checkpointBody,
  generateLogKey,
  generateWitnessKey,
  signNote,
  verifier,
  type LogEntryInput,
} from '@uocava/transparency';
import { FileWitnessStore, WitnessStateError } from './store';
import { keysByOrigin, parseAddCheckpoint, Witness } from './witness';

const ORIGIN = 'log.test.example/us-oh-test/1';
const J = 'us-oh-test';

function input(i: number, salt = 'a'): LogEntryInput {
  const hex = (n: number) => n.toString(16).padStart(12, '0');
  return {
    jurisdiction: J,
    subject: { kind: 'request', id: `0b8f6a0e-2d1c-4c55-9f51-${hex(i)}` },
    eventType: 'uocava.request.submitted.v1',
    eventId: `c3d2e1f0-1111-4222-8333-${hex(i)}`,
    time: '2026-10-01T12:00:00.000Z',
    dataSha256: (salt.repeat(64) + '0'.repeat(64)).slice(0, 64),
  } as LogEntryInput;
}

async function grow(log: MemoryLog, n: number, salt = 'a'): Promise<void> {
  const start = await log.size();
  await log.append(Array.from({ length: n }, (_, i) => input(start + i, salt)));
}

const logKey = generateLogKey(ORIGIN);

async function checkpointOf(log: MemoryLog, signer = logKey.signer): Promise<string> {
  const size = await log.size();
  return signNote(checkpointBody(signer.name, size, await log.rootHash(size)), [signer]);
}

async function request(log: MemoryLog, oldSize: number, note?: string): Promise<string> {
  const size = await log.size();
  const proof = oldSize === 0 ? [] : await log.consistencyProof(oldSize, size);
  return `old ${oldSize}\n${proof.map((p) => `${p.toString('base64')}\n`).join('')}\n${note ?? (await checkpointOf(log))}`;
}

describe('witness (C2SP tlog-witness add-checkpoint)', () => {
  let dir: string;
  const wkey = generateWitnessKey('witness.test.example/w1');
  const policy = (): verifier.WitnessPolicy => {
    const k = verifier.parseWitnessKey(wkey.verifierKey);
    if (!k.ok) throw new Error(k.reason);
    return { witnesses: [k.value], quorum: 1 };
  };
  const open = (init = false) =>
    new Witness(FileWitnessStore.open(dir, wkey.verifierKey, init), wkey.cosigner, () =>
      keysByOrigin([logKey.verifierKey]),
    );

  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'witness-')), 'state');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('cosigns a first checkpoint and then only consistent growth, with a verifiable timestamped cosignature', async () => {
    const w = open(true);
    const log = new MemoryLog(J);
    await grow(log, 5);
    const first = await w.addCheckpoint(await request(log, 0));
    expect(first.status).toBe(200);
    expect(first.body).toMatch(/^\u2014 witness\.test\.example\/w1 \S+\n$/);
    const note = (await checkpointOf(log)) + first.body;
    const checked = verifier.checkWitnessPolicy(note, policy());
    expect(checked.ok).toBe(true);
    if (checked.ok) expect(Math.abs(checked.value[0].timestamp - Date.now() / 1000)).toBeLessThan(5);
    // the log signature still verifies with the cosignature appended
    expect(
      verifier.verifyCheckpoint(
        note,
        [verifier.parseVerifierKey(logKey.verifierKey)].flatMap((k) => (k.ok ? [k.value] : [])),
      ).ok,
    ).toBe(true);

    await grow(log, 7);
    const stale = await w.addCheckpoint(await request(log, 0));
    expect([stale.status, stale.contentType, stale.body]).toEqual([409, 'text/x.tlog.size', '5\n']);
    expect((await w.addCheckpoint(await request(log, 5))).status).toBe(200);
    expect(w.cosignedState()[0]).toMatchObject({ origin: ORIGIN, treeSize: 12 });
    expect(w.evidence()).toEqual([]);
  });

  it('split view: of two checkpoints of one size it cosigns at most one and keeps the other as evidence', async () => {
    const w = open(true);
    const honest = new MemoryLog(J);
    const other = new MemoryLog(J);
    await grow(honest, 4);
    await grow(other, 4);
    expect((await w.addCheckpoint(await request(honest, 0))).status).toBe(200);
    await grow(honest, 3);
    await grow(other, 3, 'b'); // same size 7, other entries: the operator signs both
    const toVoter = await request(honest, 4);
    const toAuditor = await request(other, 4);
    const a = await w.addCheckpoint(toVoter);
    expect(a.status).toBe(200);
    // the second view: first with the old size the log believes, then with the size the witness names
    const b1 = await w.addCheckpoint(toAuditor);
    expect(b1.status).toBe(409);
    const b2 = await w.addCheckpoint(await request(other, 7));
    expect(b2.status).toBe(409);
    const evidence = w.evidence();
    expect(evidence.map((e) => e.kind)).toEqual(['fork', 'fork']);
    expect(evidence[0].request).toBe(toAuditor);
    expect(evidence[0].cosigned?.treeSize).toBe(7);
    // the verifier with the policy accepts the cosigned view and refuses the other
    expect(verifier.checkWitnessPolicy((await checkpointOf(honest)) + a.body, policy()).ok).toBe(true);
    const refused = verifier.checkWitnessPolicy(await checkpointOf(other), policy());
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/witnessed by 0 of the required 1/) });
    // a cosignature moved onto the other view does not verify
    const moved = verifier.checkWitnessPolicy((await checkpointOf(other)) + a.body, policy());
    expect(moved.ok).toBe(false);
  });

  it('refuses a smaller tree after a larger one and a failing consistency proof, keeping evidence', async () => {
    const w = open(true);
    const log = new MemoryLog(J);
    await grow(log, 3);
    const small = await request(log, 0);
    await grow(log, 5);
    expect((await w.addCheckpoint(await request(log, 0))).status).toBe(200);
    expect((await w.addCheckpoint(small)).status).toBe(409);
    const fork = new MemoryLog(J);
    await grow(fork, 3, 'c');
    await grow(fork, 9);
    // a proof from size 8 of the fork does not tie it to the cosigned size 8
    const r = await w.addCheckpoint(await request(fork, 8));
    expect(r.status).toBe(422);
    expect(w.evidence().map((e) => e.kind)).toEqual(['smaller', 'inconsistent']);
    expect(w.cosignedState()[0].treeSize).toBe(8);
  });

  it('answers 400, 403 and 404 as the spec says', async () => {
    const w = open(true);
    const log = new MemoryLog(J);
    await grow(log, 2);
    expect((await w.addCheckpoint('nonsense')).status).toBe(400);
    expect((await w.addCheckpoint(`old 3\n\n${await checkpointOf(log)}`)).status).toBe(400);
    const stranger = generateLogKey(ORIGIN);
    expect(
      (await w.addCheckpoint(await request(log, 0, await checkpointOf(log, stranger.signer)))).status,
    ).toBe(403);
    const unknown = generateLogKey('log.test.example/elsewhere/1');
    expect(
      (await w.addCheckpoint(await request(log, 0, await checkpointOf(log, unknown.signer)))).status,
    ).toBe(404);
    expect(parseAddCheckpoint(`old 0\n${'A'.repeat(44)}\n\nx`)).toMatch(/base64/);
  });

  it('keeps its state across a restart, and refuses to start on lost state or another key', async () => {
    const log = new MemoryLog(J);
    await grow(log, 6);
    expect((await open(true).addCheckpoint(await request(log, 0))).status).toBe(200);
    // restarted: it remembers size 6 (and init does not reset it)
    const again = open(true);
    expect((await again.addCheckpoint(await request(log, 0))).body).toBe('6\n');
    await grow(log, 1);
    expect((await again.addCheckpoint(await request(log, 6))).status).toBe(200);

    expect(() =>
      FileWitnessStore.open(dir, generateWitnessKey('witness.test.example/w1').verifierKey, false),
    ).toThrow(/another witness key/);
    unlinkSync(join(dir, 'state.json'));
    expect(() => open(false)).toThrow(WitnessStateError);
    expect(() => open(true)).toThrow(/state lost/);
    const empty = join(dir, '..', 'never-initialized');
    expect(() => FileWitnessStore.open(empty, wkey.verifierKey, false)).toThrow(/WITNESS_INIT=1/);
  });
});
