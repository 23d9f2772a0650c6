import { ballotRequestId, jurisdictionId } from '@uocava/domain';
import { createPrivateKey, randomUUID, createHash } from 'node:crypto';
import forge from 'node-forge';
import { Checkpointer } from './checkpointer';
import type { LogEntryInput } from './entry';
import { MemoryLog } from './log';
import {
  Ed25519NoteSigner,
  checkpointBody,
  generateLogKey,
  logOrigin,
  signNote,
  verifierKeyText,
} from './note';
import type { Receipt } from './receipt';
import { parseVerifierKey, verifyCheckpoint, verifyReceipt, type VerifierKey } from './verify';

const J = 'demo-county';
const ORIGIN = logOrigin('log.uocava.example', J, 1);

function input(subject: string, eventType: string, n: number): LogEntryInput {
  return {
    jurisdiction: jurisdictionId(J),
    subject: { kind: 'request', id: ballotRequestId(subject) },
    eventType,
    eventId: randomUUID(),
    time: new Date(Date.UTC(2026, 9, 1, 12, 0, n)).toISOString(),
    dataSha256: createHash('sha256').update(`event ${n}`).digest('hex'),
  };
}

function key(text: string): VerifierKey {
  const k = parseVerifierKey(text);
  if (!k.ok) throw new Error(k.reason);
  return k.value;
}

async function receipts(
  count: number,
  everyEntries = 4,
): Promise<{ receipts: Receipt[]; vkey: VerifierKey; log: MemoryLog; cp: Checkpointer }> {
  const { signer, verifierKey } = generateLogKey(ORIGIN);
  const log = new MemoryLog(J);
  const cp = new Checkpointer(log, signer, { everyEntries, everyMs: 20 });
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const pending = Array.from({ length: count }, (_, i) =>
    cp.append(input(ids[i % 3], 'request.submitted', i)),
  );
  const out = await Promise.all(pending);
  await cp.close();
  return { receipts: out, vkey: key(verifierKey), log, cp };
}

function mutateChar(s: string, i: number): string {
  const c = s[i] === 'A' ? 'B' : 'A';
  return s.slice(0, i) + c + s.slice(i + 1);
}

describe('receipts', () => {
  it('every receipt verifies offline with only the verifier key, and checkpoints are batched', async () => {
    const { receipts: rs, vkey, cp } = await receipts(10, 4);
    expect(cp.signed).toBeLessThanOrEqual(4); // batched: 10 entries, far fewer checkpoints
    rs.forEach((r, i) => {
      const v = verifyReceipt(JSON.parse(JSON.stringify(r)), [vkey]);
      expect(v).toMatchObject({ ok: true });
      if (v.ok) {
        expect(v.value.leafIndex).toBe(i);
        expect(v.value.origin).toBe(ORIGIN);
        expect(v.value.treeSize).toBeGreaterThan(i);
      }
    });
  });

  it('chains entries of the same ballot request', async () => {
    const { log } = await receipts(6);
    const rows = await log.entries(0, 6);
    const e3 = JSON.parse(rows[3].entry) as { prev: string };
    expect(e3.prev).toBe(rows[0].leafHash);
    expect((JSON.parse(rows[0].entry) as { prev: null }).prev).toBeNull();
  });

  it('a receipt issued only after its checkpoint (timer path)', async () => {
    const { signer, verifierKey } = generateLogKey(ORIGIN);
    const log = new MemoryLog(J);
    const cp = new Checkpointer(log, signer, { everyEntries: 1000, everyMs: 30 });
    const t0 = Date.now();
    const r = await cp.append(input(randomUUID(), 'request.submitted', 1));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(verifyReceipt(r, [key(verifierKey)]).ok).toBe(true);
    await cp.close();
  });

  it('fails after any one byte of entry, proof, checkpoint or signature changes', async () => {
    const { receipts: rs, vkey } = await receipts(7, 7);
    const r = rs[5];
    expect(verifyReceipt(r, [vkey]).ok).toBe(true);
    let tried = 0;
    const expectFail = (bad: Receipt): void => {
      tried++;
      expect(verifyReceipt(bad, [vkey]).ok).toBe(false);
    };
    for (let i = 0; i < r.entry.length; i++) expectFail({ ...r, entry: mutateChar(r.entry, i) });
    r.inclusionProof.forEach((p, k) => {
      const bytes = Buffer.from(p, 'base64');
      for (let i = 0; i < bytes.length; i++) {
        const b = Buffer.from(bytes);
        b[i] ^= 0x01;
        const proof = [...r.inclusionProof];
        proof[k] = b.toString('base64');
        expectFail({ ...r, inclusionProof: proof });
      }
    });
    for (let i = 0; i < r.checkpoint.length; i++)
      expectFail({ ...r, checkpoint: mutateChar(r.checkpoint, i) });
    const sigLine = r.checkpoint.slice(r.checkpoint.lastIndexOf('\u2014'));
    const [dash, name, sigB64] = sigLine.trim().split(' ');
    const sig = Buffer.from(sigB64, 'base64');
    expect(sig.length).toBe(68);
    for (let i = 0; i < sig.length; i++) {
      const b = Buffer.from(sig);
      b[i] ^= 0x80;
      const note =
        r.checkpoint.slice(0, r.checkpoint.lastIndexOf('\u2014')) +
        `${dash} ${name} ${b.toString('base64')}\n`;
      expectFail({ ...r, checkpoint: note });
    }
    expectFail({ ...r, leafIndex: r.leafIndex + 1 });
    expectFail({ ...r, leafIndex: r.leafIndex - 1 });
    expectFail({ ...r, inclusionProof: r.inclusionProof.slice(1) });
    expect(tried).toBeGreaterThan(400);
  });

  it('rejects a receipt under another key, or a checkpoint of another origin', async () => {
    const { receipts: rs } = await receipts(3, 3);
    const other = generateLogKey(ORIGIN);
    expect(verifyReceipt(rs[0], [key(other.verifierKey)])).toEqual({
      ok: false,
      reason: 'checkpoint: no signature by a known key',
    });
  });
});

describe('signed notes', () => {
  it('key id and verifier key text follow C2SP signed-note', () => {
    const { signer, verifierKey } = generateLogKey(ORIGIN);
    const expectedId = createHash('sha256')
      .update(Buffer.concat([Buffer.from(ORIGIN), Buffer.of(0x0a, 0x01), signer.publicKey]))
      .digest()
      .subarray(0, 4);
    expect(verifierKey).toBe(
      `${ORIGIN}+${expectedId.toString('hex')}+${Buffer.concat([Buffer.of(1), signer.publicKey]).toString('base64')}`,
    );
    expect(parseVerifierKey(verifierKey).ok).toBe(true);
    // a key id that is not the key's: flip the first byte of the id
    const wrongId = verifierKey.replace(
      /\+(..)/,
      (_m, b: string) => `+${(parseInt(b, 16) ^ 0xff).toString(16).padStart(2, '0')}`,
    );
    expect(parseVerifierKey(wrongId).ok).toBe(false);
  });

  it('checkpoint text layout', () => {
    const { signer } = generateLogKey(ORIGIN);
    const note = signNote(checkpointBody(ORIGIN, 5, Buffer.alloc(32, 7)), [signer]);
    const lines = note.split('\n');
    expect(lines[0]).toBe(ORIGIN);
    expect(lines[1]).toBe('5');
    expect(lines[2]).toBe(Buffer.alloc(32, 7).toString('base64'));
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(new RegExp(`^\u2014 ${ORIGIN.replace(/\./g, '\\.')} [A-Za-z0-9+/]{91}=$`));
    expect(lines[5]).toBe('');
  });

  it('node:crypto Ed25519 checkpoint signatures agree with node-forge (independent Ed25519)', () => {
    const seed = createHash('sha256').update('test seed, not a real key').digest();
    const kp = forge.pki.ed25519.generateKeyPair({ seed });
    const pub = Buffer.from(kp.publicKey);
    const nodeKey = createPrivateKey({
      key: { kty: 'OKP', crv: 'Ed25519', d: seed.toString('base64url'), x: pub.toString('base64url') },
      format: 'jwk',
    });
    const signer = new Ed25519NoteSigner(ORIGIN, nodeKey);
    expect(signer.publicKey.equals(pub)).toBe(true);
    const body = checkpointBody(ORIGIN, 42, createHash('sha256').update('root').digest());
    const note = signNote(body, [signer]);
    const blob = Buffer.from(note.trim().split(' ').pop() as string, 'base64');
    const sig = blob.subarray(4);
    // forge verifies node's signature, and signs the same bytes (Ed25519 is deterministic)
    expect(
      forge.pki.ed25519.verify({ message: Buffer.from(body, 'utf8'), signature: sig, publicKey: pub }),
    ).toBe(true);
    const forgeSig = Buffer.from(
      forge.pki.ed25519.sign({ message: Buffer.from(body, 'utf8'), privateKey: kp.privateKey }),
    );
    expect(forgeSig.equals(sig)).toBe(true);
    // and the verifier accepts it
    const v = verifyCheckpoint(note, [key(verifierKeyText(ORIGIN, pub))]);
    expect(v.ok).toBe(true);
  });

  it('key rotation: a new epoch origin; old checkpoints still verify with the old key', async () => {
    const j = new MemoryLog(J);
    const k1 = generateLogKey(logOrigin('log.uocava.example', J, 1));
    const k2 = generateLogKey(logOrigin('log.uocava.example', J, 2));
    const cp1 = new Checkpointer(j, k1.signer, { everyEntries: 2 });
    const r1 = await Promise.all([
      cp1.append(input(randomUUID(), 'request.submitted', 1)),
      cp1.append(input(randomUUID(), 'request.submitted', 2)),
    ]);
    const cp2 = new Checkpointer(j, k2.signer, { everyEntries: 1 });
    const r2 = await cp2.append(input(randomUUID(), 'request.submitted', 3));
    const keys = [key(k1.verifierKey), key(k2.verifierKey)];
    expect(verifyReceipt(r1[0], keys).ok).toBe(true);
    expect(verifyReceipt(r2, keys).ok).toBe(true);
    expect(verifyReceipt(r1[0], [key(k2.verifierKey)]).ok).toBe(false);
    const old = verifyCheckpoint(r1[0].checkpoint, keys);
    const cur = verifyCheckpoint(r2.checkpoint, keys);
    expect(old.ok && old.value.origin).toBe('log.uocava.example/demo-county/1');
    expect(cur.ok && cur.value.origin).toBe('log.uocava.example/demo-county/2');
    await cp1.close();
    await cp2.close();
  });
});
