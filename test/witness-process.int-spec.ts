/**
 * The witness as its own process (apps/witness): it keeps what it cosigned across a crash and a
 * restart, and a witness whose state was deleted refuses to start.
 */
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import {
  MemoryLog,
  checkpointBody,
  generateLogKey,
  generateWitnessKey,
  signNote,
  verifier,
} from '@uocava/transparency';
import type { LogEntryInput } from '@uocava/transparency';
import { startWitnessProcess, type WitnessProcess } from './harness/processes';

const J = 'us-oh-witnessed';
const ORIGIN = `log.test.example/${J}/1`;

function input(i: number): LogEntryInput {
  const hex = i.toString(16).padStart(12, '0');
  return {
    jurisdiction: J,
    subject: { kind: 'request', id: `0b8f6a0e-2d1c-4c55-9f51-${hex}` },
    eventType: 'uocava.request.submitted.v1',
    eventId: `c3d2e1f0-1111-4222-8333-${hex}`,
    time: '2026-10-01T12:00:00.000Z',
    dataSha256: 'ab'.repeat(32),
  } as LogEntryInput;
}

describe('witness process', () => {
  const logKey = generateLogKey(ORIGIN);
  const wkey = generateWitnessKey('witness.test.example/restart');
  let witness: WitnessProcess | null = null;
  afterAll(async () => witness?.stop());

  async function submit(log: MemoryLog, oldSize: number): Promise<Response> {
    const size = await log.size();
    const note = signNote(checkpointBody(ORIGIN, size, await log.rootHash(size)), [logKey.signer]);
    const proof = oldSize === 0 ? [] : await log.consistencyProof(oldSize, size);
    return fetch(`${(witness as WitnessProcess).url}/add-checkpoint`, {
      method: 'POST',
      body: `old ${oldSize}\n${proof.map((p) => `${p.toString('base64')}\n`).join('')}\n${note}`,
    });
  }

  it('keeps its state across SIGKILL and restart; refuses to start once its state is deleted', async () => {
    witness = await startWitnessProcess({
      name: wkey.cosigner.name,
      keyPem: wkey.privateKeyPem,
      verifierKey: wkey.verifierKey,
      logKeys: [logKey.verifierKey],
    });
    expect(await (await fetch(`${witness.url}/key`)).text()).toBe(`${wkey.verifierKey}\n`);
    const log = new MemoryLog(J);
    await log.append([0, 1, 2].map(input));
    const r = await submit(log, 0);
    expect(r.status).toBe(200);
    const line = await r.text();
    const wk = verifier.parseWitnessKey(wkey.verifierKey);
    if (!wk.ok) throw new Error(wk.reason);
    const size = await log.size();
    const note = signNote(checkpointBody(ORIGIN, size, await log.rootHash(size)), [logKey.signer]) + line;
    expect(verifier.checkWitnessPolicy(note, { witnesses: [wk.value], quorum: 1 }).ok).toBe(true);

    // mid-stream crash: the acknowledged size 3 survives
    await witness.kill();
    await witness.start();
    await log.append([3, 4].map(input));
    const stale = await submit(log, 0);
    expect([stale.status, stale.headers.get('content-type'), await stale.text()]).toEqual([
      409,
      'text/x.tlog.size',
      '3\n',
    ]);
    expect((await submit(log, 3)).status).toBe(200);
    const state = (await (await fetch(`${witness.url}/state`)).json()) as {
      logs: Array<{ treeSize: number }>;
    };
    expect(state.logs[0].treeSize).toBe(5);

    await witness.stop();
    unlinkSync(join(witness.stateDir, 'state.json'));
    await expect(witness.start()).rejects.toThrow(/state lost/);
    witness = null;
  });
});
