import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logKeyId } from './keys';
import { generateLogKey } from './note';
import { ensureDemoPki, issueJurisdiction, rotateLogKey } from './pki-files';

const strictVerify = (ca: string, cert: string) =>
  spawnSync('openssl', ['verify', '-x509_strict', '-CAfile', ca, cert], { encoding: 'utf8' }).status;

describe('PKI files (cli pki, npm start)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uocava-pki-files-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the demo PKI is made once, chains strictly, and certifies a log key that existed before', async () => {
    const rootDir = join(dir, 'root');
    const keysDir = join(dir, 'keys');
    // an earlier start without PKI left epoch 1 of the log key
    const { privateKeyPem } = generateLogKey('log.example/demo-county/1');
    rmSync(keysDir, { recursive: true, force: true });
    mkdirSync(keysDir, { recursive: true });
    writeFileSync(join(keysDir, `${logKeyId('demo-county', 1)}.pem`), privateKeyPem);

    const first = await ensureDemoPki(rootDir, keysDir, 'demo-county', 'log.example');
    expect(first.issued).toBe(true);
    expect(readdirSync(keysDir).sort()).toEqual([
      'cert-demo-county.crt',
      'cert-demo-county.pem',
      'log-demo-county-1.pem',
      'log-demo-county-2.pem',
      'root-ca.crt',
    ]);
    expect(readdirSync(rootDir).sort()).toEqual(['root-ca.crt', 'root-ca.pem']);
    expect(strictVerify(first.rootCertificate, join(keysDir, 'cert-demo-county.crt'))).toBe(0);
    const again = await ensureDemoPki(rootDir, keysDir, 'demo-county', 'log.example');
    expect(again.issued).toBe(false);
    expect(readdirSync(keysDir)).toHaveLength(5);
  });

  it('never overwrites, and rotation needs an epoch when there is no key yet', async () => {
    const rootDir = join(dir, 'root');
    await expect(issueJurisdiction(rootDir, join(dir, 'keys'), 'demo-county')).rejects.toThrow(
      /exists already/,
    );
    await expect(rotateLogKey(join(dir, 'empty'), 'demo-county', 'log.example')).rejects.toThrow(/--epoch/);
    const r = await rotateLogKey(join(dir, 'empty'), 'demo-county', 'log.example', 1);
    expect(r.epoch).toBe(1);
    expect(r.verifierKey).toMatch(/^log\.example\/demo-county\/1\+/);
    expect((await rotateLogKey(join(dir, 'empty'), 'demo-county', 'log.example')).epoch).toBe(2);
  });
});
