/**
 * The log as C2SP tlog-tiles from the real gateway, and witness cosignatures from a real witness
 * process, checked by a small independent implementation written here from the C2SP texts
 * (tlog-tiles, tlog-cosignature, signed-note) and RFC 6962, sharing no code with the project's
 * verifier. Then an entry edited in the database is caught by `cli monitor --full`.
 */
import { createHash, createPublicKey, randomBytes, randomUUID, verify as edVerify } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { DataSource } from 'typeorm';
import { ballotRequestId, jurisdictionId as jid } from '@uocava/domain';
import { pgLogStorage, withTenant } from '@uocava/database';
import { createOffice, ownerPool } from '@uocava/testing';
import {
  StoredLog,
  checkpointBody,
  generateLogKey,
  generateWitnessKey,
  logOrigin,
  signNote,
} from '@uocava/transparency';
import {
  startProcessStack,
  startWitnessProcess,
  type ProcessStack,
  type WitnessProcess,
} from './harness/processes';
import { registerTransparencyCommands } from '../apps/cli/src/commands/transparency';

// ---- the independent implementation (C2SP texts, RFC 6962) -----------------------------------------
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
/** RFC 6962 2.1 MTH, by its recursive definition (k = largest power of two < n). */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return sha();
  if (leaves.length === 1) return leaves[0];
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return sha(Buffer.of(1), mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
/** tlog-tiles: N as 3-digit elements, all but the last prefixed by x. */
function nPath(n: number): string {
  const s = String(n);
  const padded = s.padStart(Math.ceil(s.length / 3) * 3, '0');
  const groups = padded.match(/.{3}/g) as string[];
  return groups.map((g, i) => (i === groups.length - 1 ? g : `x${g}`)).join('/');
}
/** signed-note: the body and the signature lines. */
function splitNote(note: string): { body: string; sigs: Array<{ name: string; blob: Buffer }> } {
  const i = note.indexOf('\n\n');
  const body = note.slice(0, i + 1);
  const sigs = note
    .slice(i + 2)
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const [dash, name, b64] = l.split(' ');
      if (dash !== '\u2014') throw new Error('not a signature line');
      return { name, blob: Buffer.from(b64, 'base64') };
    });
  return { body, sigs };
}
/** tlog-cosignature/v1 (Ed25519): true when `vkey` (name+hexid+base64(0x04||key)) cosigned `note`. */
function cosigned(note: string, vkey: string): boolean {
  // name+hexid+base64: the name and the id hold no '+', the base64 key may
  const [name, idHex, ...rest] = vkey.split('+');
  const keyB64 = rest.join('+');
  const raw = Buffer.from(keyB64, 'base64');
  if (raw[0] !== 0x04) return false;
  const pub = raw.subarray(1);
  if (
    sha(Buffer.from(`${name}\n`), Buffer.of(0x04), pub)
      .subarray(0, 4)
      .toString('hex') !== idHex
  )
    return false;
  const key = createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x: pub.toString('base64url') },
    format: 'jwk',
  });
  const { body, sigs } = splitNote(note);
  return sigs.some(({ name: n, blob }) => {
    if (n !== name || blob.subarray(0, 4).toString('hex') !== idHex || blob.length !== 76) return false;
    const time = blob.readBigUInt64BE(4);
    return edVerify(null, Buffer.from(`cosignature/v1\ntime ${time}\n${body}`), key, blob.subarray(12));
  });
}
// ------------------------------------------------------------------------------------------------------

(process.env.DATABASE_URL === undefined ? describe.skip : describe)(
  'tiles and cosignatures (interop)',
  () => {
    let stack: ProcessStack | undefined;
    let witness: WitnessProcess | undefined;
    let app: DataSource;
    beforeAll(async () => {
      app = await new DataSource({
        type: 'postgres',
        url: process.env.DATABASE_URL,
        extra: { max: 2 },
      }).initialize();
    });
    afterAll(async () => {
      await stack?.stop();
      await witness?.stop();
      await app?.destroy();
    });

    it('serves tiles an independent client verifies, cosignatures it verifies, and monitor --full catches an edit', async () => {
      const { jurisdictionId: j } = await createOffice({ prefix: 'tiles', roles: [], name: 'Tiled County' });
      const key = generateLogKey(logOrigin('log.test.example', j, 1));
      const SIZE = 300;
      const note = await withTenant(app, j, async (tx) => {
        const log = new StoredLog(pgLogStorage(tx, j), j);
        const requestId = randomUUID();
        await log.append(
          Array.from({ length: SIZE }, () => ({
            jurisdiction: jid(j),
            subject: { kind: 'request' as const, id: ballotRequestId(requestId) },
            eventType: 'uocava.request.verified.v1',
            eventId: randomUUID(),
            time: new Date().toISOString(),
            dataSha256: randomBytes(32).toString('hex'),
          })),
        );
        const root = await log.rootHash(SIZE);
        const n = signNote(checkpointBody(key.signer.name, SIZE, root), [key.signer]);
        await log.saveCheckpoint({ origin: key.signer.name, treeSize: SIZE, rootHash: root, note: n });
        return n;
      });
      stack = await startProcessStack(['gateway']);
      const prefix = `${stack.baseUrl}/api/v1/jurisdictions/${j}/log`;
      const get = async (p: string) => {
        const res = await fetch(`${prefix}/${p}`);
        return {
          status: res.status,
          cache: res.headers.get('cache-control'),
          bytes: Buffer.from(await res.arrayBuffer()),
        };
      };
      const checkpoint = await get('checkpoint');
      expect(checkpoint.bytes.toString('utf8')).toBe(note);
      const [, sizeLine, rootLine] = note.split('\n');
      expect(Number(sizeLine)).toBe(SIZE);

      // tlog-tiles, read as the spec says: a full and a partial level-0 tile, their entry bundles
      const t0 = await get(`tile/0/${nPath(0)}`);
      const t1 = await get(`tile/0/${nPath(1)}.p/${SIZE - 256}`);
      expect([t0.status, t0.bytes.length, t0.cache]).toEqual([
        200,
        8192,
        'public, max-age=31536000, immutable',
      ]);
      expect([t1.status, t1.bytes.length]).toEqual([200, (SIZE - 256) * 32]);
      const leaves: Buffer[] = [];
      for (const [n, w] of [
        [0, 256],
        [1, SIZE - 256],
      ]) {
        const bundle = (await get(`tile/entries/${nPath(n)}${w === 256 ? '' : `.p/${w}`}`)).bytes;
        let at = 0;
        const tile = n === 0 ? t0.bytes : t1.bytes;
        for (let i = 0; i < w; i++) {
          const len = bundle.readUInt16BE(at);
          const entry = bundle.subarray(at + 2, at + 2 + len);
          at += 2 + len;
          const leaf = sha(Buffer.of(0), entry);
          expect(leaf.equals(tile.subarray(i * 32, i * 32 + 32))).toBe(true);
          leaves.push(leaf);
        }
        expect(at).toBe(bundle.length);
      }
      expect(mth(leaves).toString('base64')).toBe(rootLine);
      // level 1: a partial tile of width 1 = MTH of the first 256 leaves
      const l1 = await get(`tile/1/${nPath(0)}.p/1`);
      expect(l1.bytes.equals(mth(leaves.slice(0, 256)))).toBe(true);
      // what the log does not hold yet is not served
      expect((await get(`tile/0/${nPath(1)}`)).status).toBe(404);
      expect((await get(`tile/0/${nPath(2)}.p/3`)).status).toBe(404);
      expect((await get('tile/0/x000/001')).status).toBe(404);

      // tlog-witness + tlog-cosignature from a real witness process, checked independently
      const wk = generateWitnessKey(`witness.test.example/${j}`);
      witness = await startWitnessProcess({
        name: wk.cosigner.name,
        keyPem: wk.privateKeyPem,
        verifierKey: wk.verifierKey,
        logKeys: [key.verifierKey],
      });
      const res = await fetch(`${witness.url}/add-checkpoint`, { method: 'POST', body: `old 0\n\n${note}` });
      expect(res.status).toBe(200);
      const line = await res.text();
      expect(cosigned(note + line, wk.verifierKey)).toBe(true);
      expect(
        cosigned(
          note + line.replace(/^(\S+ \S+ )(.)/, (_, p: string, c: string) => p + (c === 'A' ? 'B' : 'A')),
          wk.verifierKey,
        ),
      ).toBe(false);
      expect(cosigned(note, wk.verifierKey)).toBe(false);

      // an entry edited in the database (tree untouched) is caught by monitor --full
      const lines: string[] = [];
      const run = async (): Promise<number> => {
        const spy = jest.spyOn(console, 'log').mockImplementation((m: string) => void lines.push(m));
        const err = jest.spyOn(console, 'error').mockImplementation((m: string) => void lines.push(m));
        process.exitCode = 0;
        try {
          const program = new Command('uocava').exitOverride();
          registerTransparencyCommands(program);
          const state = join(mkdtempSync(join(tmpdir(), 'tiles-monitor-')), 'state.json');
          await program.parseAsync([
            'node',
            'uocava',
            'monitor',
            '--full',
            '--log',
            prefix,
            '--key',
            key.verifierKey,
            '--state',
            state,
          ]);
          return Number(process.exitCode ?? 0);
        } finally {
          spy.mockRestore();
          err.mockRestore();
          process.exitCode = 0;
        }
      };
      expect(await run()).toBe(0);
      const pool = ownerPool(1);
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(
          'ALTER TABLE transparency_log_entries DISABLE TRIGGER transparency_log_entries_append_only',
        );
        await client.query(
          `UPDATE transparency_log_entries SET entry = replace(entry, 'request.verified', 'request.rejected')
          WHERE jurisdiction_id = $1 AND leaf_index = 7`,
          [j],
        );
        await client.query(
          'ALTER TABLE transparency_log_entries ENABLE TRIGGER transparency_log_entries_append_only',
        );
        await client.query('COMMIT');
      } finally {
        client.release();
        await pool.end();
      }
      expect(await run()).toBe(3);
      expect(lines.join('\n')).toMatch(/ALARM: full audit.*leaf 7: the entry does not hash/);
    }, 180000);
  },
);
