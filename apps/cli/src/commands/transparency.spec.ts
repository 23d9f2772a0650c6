import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { ballotId, jurisdictionId } from '@uocava/domain';
import {
  Checkpointer,
  MemoryLog,
  addNoteSignatures,
  generateLogKey,
  generateWitnessKey,
  logOrigin,
  noteBodyOf,
  verifier,
} from '@uocava/transparency';
import { registerTransparencyCommands } from './transparency';

const J = 'demo-county';
const origin = logOrigin('log.test.example', J, 1);
const logKey = generateLogKey(origin);
const w1 = generateWitnessKey('w1.test.example/w');
const w2 = generateWitnessKey('w2.test.example/w');
const dir = mkdtempSync(join(tmpdir(), 'cli-witness-'));

async function run(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((m: string) => void lines.push(m));
  const err = jest.spyOn(console, 'error').mockImplementation((m: string) => void lines.push(m));
  process.exitCode = 0;
  try {
    const program = new Command('uocava').exitOverride();
    registerTransparencyCommands(program);
    await program.parseAsync(['node', 'uocava', ...args]);
    return { code: Number(process.exitCode ?? 0), out: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
    process.exitCode = 0;
  }
}

async function receipt(): Promise<{ receipt: Record<string, unknown>; note: string }> {
  const log = new MemoryLog(J);
  const cp = new Checkpointer(log, logKey.signer, { everyEntries: 1 });
  const r = await cp.append({
    jurisdiction: jurisdictionId(J),
    subject: { kind: 'ballot', id: ballotId(randomUUID()) },
    eventType: 'ballot.generated',
    eventId: randomUUID(),
    time: '2026-10-01T00:00:00Z',
    dataSha256: createHash('sha256').update('x').digest('hex'),
  });
  return { receipt: { ...r }, note: r.checkpoint };
}

const t = Math.floor(Date.now() / 1000);

describe('verify-receipt with a witness policy', () => {
  it('requires the quorum of the given witness keys, and names who witnessed', async () => {
    const { receipt: plain, note } = await receipt();
    const body = noteBodyOf(note);
    const one = addNoteSignatures(note, [w1.cosigner.cosign(body, t)]);
    const both = addNoteSignatures(one, [w2.cosigner.cosign(body, t + 1)]);
    const file = (name: string, checkpoint: string) => {
      const f = join(dir, name);
      writeFileSync(f, JSON.stringify({ ...plain, checkpoint }));
      return f;
    };
    const witnesses = ['--witness', w1.verifierKey, '--witness', w2.verifierKey];
    // without witness keys: as before
    expect(
      await run(['verify-receipt', file('plain.json', note), '--key', logKey.verifierKey]),
    ).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^VERIFIED/),
    });
    const ok = await run([
      'verify-receipt',
      file('both.json', both),
      '--key',
      logKey.verifierKey,
      ...witnesses,
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(
      /witnessed by w1\.test\.example\/w .*w2\.test\.example\/w .*\(2 of 2, 2 required\)/,
    );
    const short = await run([
      'verify-receipt',
      file('one.json', one),
      '--key',
      logKey.verifierKey,
      ...witnesses,
    ]);
    expect(short).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^NOT WITNESSED: .*1 of the required 2/),
    });
    expect(
      (
        await run([
          'verify-receipt',
          file('one.json', one),
          '--key',
          logKey.verifierKey,
          ...witnesses,
          '--quorum',
          '1',
        ])
      ).code,
    ).toBe(0);
    // a cosignature of another checkpoint (or a tampered one) does not count
    const forged = addNoteSignatures(note, [w1.cosigner.cosign(body.replace(/\n1\n/, '\n2\n'), t)]);
    expect(
      (
        await run([
          'verify-receipt',
          file('forged.json', forged),
          '--key',
          logKey.verifierKey,
          '--witness',
          w1.verifierKey,
        ])
      ).out,
    ).toMatch(/NOT WITNESSED: .*does not verify/);
    expect(
      (
        await run([
          'verify-receipt',
          file('both.json', both),
          '--key',
          logKey.verifierKey,
          ...witnesses,
          '--quorum',
          '3',
        ])
      ).code,
    ).toBe(2);
  });
});

describe('monitor with a witness policy', () => {
  let server: Server;
  let served = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/log/checkpoint') res.writeHead(200, { 'content-type': 'text/plain' }).end(served);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('does not advance on a checkpoint without the quorum of cosignatures', async () => {
    const { note } = await receipt();
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/log`;
    const state = join(dir, 'monitor.json');
    served = note;
    const args = [
      'monitor',
      '--log',
      url,
      '--key',
      logKey.verifierKey,
      '--state',
      state,
      '--witness',
      w1.verifierKey,
    ];
    expect(await run(args)).toMatchObject({ code: 1, out: expect.stringMatching(/^NOT WITNESSED/) });
    served = addNoteSignatures(note, [w1.cosigner.cosign(noteBodyOf(note), t)]);
    expect(await run(args)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/witnessed by w1\.test\.example\/w/),
    });
  });
});

describe('witness-keygen', () => {
  it('writes a private key once and prints a witness verifier key', async () => {
    const out = join(dir, 'w.pem');
    const r = await run(['witness-keygen', '--name', 'witness.example.edu/w1', '--out', out]);
    expect(r.code).toBe(0);
    expect(verifier.parseWitnessKey(r.out)).toMatchObject({
      ok: true,
      value: { name: 'witness.example.edu/w1' },
    });
    expect((await run(['witness-keygen', '--name', 'witness.example.edu/w1', '--out', out])).code).toBe(2);
  });
});
