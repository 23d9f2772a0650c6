import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ballotRequestId, jurisdictionId } from '@uocava/domain';
import { Checkpointer } from '../checkpointer';
import { MemoryLog } from '../log';
import { generateLogKey, logOrigin } from '../note';
import type { Receipt } from '../receipt';
import { parseVerifierKey, verifyReceipt } from '../verify';
import { verifyReceiptWeb } from './verify';

const J = 'demo-county';
const ORIGIN = logOrigin('log.uocava.example', J, 1);

async function issue(count: number): Promise<{ receipts: Receipt[]; verifierKey: string }> {
  const { signer, verifierKey } = generateLogKey(ORIGIN);
  const log = new MemoryLog(J);
  const cp = new Checkpointer(log, signer, { everyEntries: 5, everyMs: 20 });
  const ids = [randomUUID(), randomUUID()];
  const receipts = await Promise.all(
    Array.from({ length: count }, (_, n) =>
      cp.append({
        jurisdiction: jurisdictionId(J),
        subject: { kind: 'request', id: ballotRequestId(ids[n % 2]) },
        eventType: 'uocava.request.submitted.v1',
        eventId: randomUUID(),
        time: new Date(Date.UTC(2026, 9, 1, 12, 0, n)).toISOString(),
        dataSha256: createHash('sha256').update(`event ${n}`).digest('hex'),
      }),
    ),
  );
  await cp.close();
  return { receipts, verifierKey };
}

function nodeVerify(receipt: unknown, verifierKey: string): boolean {
  const key = parseVerifierKey(verifierKey);
  if (!key.ok) throw new Error(key.reason);
  return verifyReceipt(receipt, [key.value]).ok;
}

describe('the browser receipt verifier (WebCrypto)', () => {
  it('verifies every receipt the log issues, as the offline CLI verifier does', async () => {
    const { receipts, verifierKey } = await issue(9);
    for (const [i, r] of receipts.entries()) {
      const web = await verifyReceiptWeb(JSON.parse(JSON.stringify(r)), [verifierKey]);
      expect(web).toMatchObject({ ok: true, value: { leafIndex: i, origin: ORIGIN, signedBy: ORIGIN } });
      expect(nodeVerify(r, verifierKey)).toBe(true);
    }
  });

  it('refuses a receipt under another log key, and says why', async () => {
    const { receipts } = await issue(2);
    const other = generateLogKey(ORIGIN).verifierKey;
    expect(await verifyReceiptWeb(receipts[0], [other])).toEqual({
      ok: false,
      reason: 'checkpoint: no signature by a known key',
    });
  });

  it('agrees with the Node verifier on any single change to a receipt (property)', async () => {
    const { receipts, verifierKey } = await issue(11);
    const fields = ['entry', 'checkpoint', 'proof', 'leafIndex'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: receipts.length - 1 }),
        fc.constantFrom(...fields),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (which, field, position, xor) => {
          const r: Receipt = JSON.parse(JSON.stringify(receipts[which])) as Receipt;
          const flip = (s: string) => {
            const i = position % s.length;
            return s.slice(0, i) + String.fromCharCode(s.charCodeAt(i) ^ (xor & 0x7f || 1)) + s.slice(i + 1);
          };
          if (field === 'entry') r.entry = flip(r.entry);
          else if (field === 'checkpoint') r.checkpoint = flip(r.checkpoint);
          else if (field === 'leafIndex') r.leafIndex = (r.leafIndex + xor) % (receipts.length + 3);
          else if (r.inclusionProof.length > 0) {
            const k = position % r.inclusionProof.length;
            const bytes = Buffer.from(r.inclusionProof[k], 'base64');
            bytes[position % bytes.length] ^= xor;
            r.inclusionProof[k] = bytes.toString('base64');
          }
          const web = await verifyReceiptWeb(r, [verifierKey]);
          expect(web.ok).toBe(nodeVerify(r, verifierKey));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('imports nothing: it is bundled for the browser as it is', () => {
    const src = readFileSync(join(__dirname, 'verify.ts'), 'utf8');
    expect(src).not.toMatch(/^import /m);
    expect(src).not.toMatch(/require\(/);
  });
});

describe('verifyReceiptWeb with a witness policy', () => {
  it('agrees with the node verifier on cosigned, short and tampered cosignatures', async () => {
    const { receipts, verifierKey } = await issue(1);
    const [receipt] = receipts;
    const { generateWitnessKey, addNoteSignatures, noteBodyOf } = await import('../cosignature');
    const { parseWitnessKey, verifyWitnessedReceipt } = await import('../verify');
    const w = [generateWitnessKey('w1.example/w'), generateWitnessKey('w2.example/w')];
    const body = noteBodyOf(receipt.checkpoint);
    const t = 1_790_000_000;
    const lines = w.map((k, i) => k.cosigner.cosign(body, t + i));
    const keys = w.map((k) => k.verifierKey);
    const nodePolicy = {
      quorum: 2,
      witnesses: keys.map((k) => {
        const p = parseWitnessKey(k);
        if (!p.ok) throw new Error(p.reason);
        return p.value;
      }),
    };
    const logKey = parseVerifierKey(verifierKey);
    if (!logKey.ok) throw new Error(logKey.reason);
    const tamperedLine = lines[1].replace(
      /([A-Za-z0-9+/])(=*\n)$/,
      (_, c: string, end: string) => `${c === 'A' ? 'B' : 'A'}${end}`,
    );
    const cases = [
      addNoteSignatures(receipt.checkpoint, lines),
      addNoteSignatures(receipt.checkpoint, [lines[0]]),
      receipt.checkpoint,
      addNoteSignatures(receipt.checkpoint, [lines[0], tamperedLine]),
    ];
    const results = [];
    for (const checkpoint of cases) {
      const r = { ...receipt, checkpoint };
      const web = await verifyReceiptWeb(r, [verifierKey], { witnesses: keys, quorum: 2 });
      const node = verifyWitnessedReceipt(r, [logKey.value], nodePolicy);
      expect(web.ok).toBe(node.ok);
      results.push(web.ok);
      if (web.ok)
        expect(web.value.witnessedBy).toEqual([
          { name: 'w1.example/w', timestamp: t },
          { name: 'w2.example/w', timestamp: t + 1 },
        ]);
    }
    expect(results).toEqual([true, false, false, false]);
  });
});

describe('the packet check of the tracking page', () => {
  it('canonicalizes JSON as RFC 8785 (agrees with the canonicalize package)', async () => {
    const { default: canonicalize } = await import('canonicalize-cjs');
    const { canonicalJson } = await import('./verify');
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const parsed: unknown = JSON.parse(JSON.stringify(v));
        expect(canonicalJson(parsed)).toBe(canonicalize(parsed));
      }),
      { numRuns: 300 },
    );
  });

  it('ties a PDF to its receipted event, and refuses another file or other data', async () => {
    const { default: canonicalize } = await import('canonicalize-cjs');
    const { checkPacketWeb } = await import('./verify');
    const pdf = Buffer.from('%PDF-1.7 the packet');
    const data = {
      requestId: randomUUID(),
      ballotId: randomUUID(),
      pdfSha256: createHash('sha256').update(pdf).digest('hex'),
      pageCount: 10,
      missingGlyphs: [],
    };
    const { signer, verifierKey } = generateLogKey(ORIGIN);
    const cp = new Checkpointer(new MemoryLog(J), signer, { everyEntries: 1 });
    const receipt = await cp.append({
      jurisdiction: jurisdictionId(J),
      subject: { kind: 'request', id: ballotRequestId(data.requestId) },
      eventType: 'uocava.ballot.generated.v1',
      eventId: randomUUID(),
      time: '2026-10-01T12:00:00.000Z',
      dataSha256: createHash('sha256')
        .update(canonicalize(data) as string)
        .digest('hex'),
    });
    // key order of the data as stored (jsonb) does not matter
    const reordered = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(data).reverse())),
    ) as unknown;
    expect(await checkPacketWeb(receipt, reordered, pdf, [verifierKey])).toEqual({
      ok: true,
      value: { fileSha256: data.pdfSha256, pdfSha256: data.pdfSha256 },
    });
    const other = await checkPacketWeb(receipt, data, Buffer.from('%PDF-1.7 another'), [verifierKey]);
    expect(other).toEqual({ ok: false, reason: expect.stringMatching(/not the packet of this step/) });
    const forged = { ...data, pdfSha256: createHash('sha256').update('x').digest('hex') };
    expect(await checkPacketWeb(receipt, forged, Buffer.from('x'), [verifierKey])).toEqual({
      ok: false,
      reason: 'the event data is not what the receipt logged',
    });
  });
});
