import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { ChainKeyProvider, EnvKeyProvider, FileKeyProvider, loadLogSigner, logKeyId } from './keys';
import { generateLogKey } from './note';

describe('key providers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uocava-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const { privateKeyPem, verifierKey } = generateLogKey('log.example/demo-county/1');

  it('loads a log signer from a file and from the environment; never prints the key', async () => {
    writeFileSync(join(dir, `${logKeyId('demo-county', 1)}.pem`), privateKeyPem, { mode: 0o600 });
    const fromFile = await loadLogSigner(new FileKeyProvider(dir), {
      domain: 'log.example',
      jurisdiction: 'demo-county',
      epoch: 1,
    });
    expect(fromFile.verifierKey()).toBe(verifierKey);
    const env = {
      [EnvKeyProvider.variableName('log-demo-county-1')]: Buffer.from(privateKeyPem).toString('base64'),
    };
    expect(Object.keys(env)).toEqual(['UOCAVA_KEY_LOG_DEMO_COUNTY_1']);
    const fromEnv = await loadLogSigner(new EnvKeyProvider(env), {
      domain: 'log.example',
      jurisdiction: 'demo-county',
      epoch: 1,
    });
    expect(fromEnv.verifierKey()).toBe(verifierKey);
    const secret = privateKeyPem.split('\n')[1];
    expect(inspect(fromEnv, { depth: 5 })).not.toContain(secret);
    expect(JSON.stringify(fromEnv)).not.toContain(secret);
  });

  it('refuses path tricks and reports missing keys without material', async () => {
    await expect(new FileKeyProvider(dir).getPrivateKey('../etc/passwd')).rejects.toThrow('bad key id');
    await expect(new EnvKeyProvider({}).getPrivateKey('log-x-1')).rejects.toThrow('key log-x-1 not set');
    await expect(
      new EnvKeyProvider({ UOCAVA_KEY_LOG_X_1: 'garbage' }).getPrivateKey('log-x-1'),
    ).rejects.toThrow('key log-x-1 is not a PEM private key');
    const chain = new ChainKeyProvider([new EnvKeyProvider({}), new FileKeyProvider(dir)]);
    await expect(chain.getPrivateKey(logKeyId('demo-county', 1))).resolves.toBeDefined();
  });
});
