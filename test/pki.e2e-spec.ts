/**
 * The deployment PKI as an operator and an auditor use it: `cli pki init-root` and
 * `issue-jurisdiction` write the files the receipts app reads from KEYS_DIR; the log's key answer
 * then carries the certificate and the CMS-signed key statement, which `openssl verify
 * -x509_strict` and `openssl cms -verify -x509_strict` accept; `cli verify-receipt --root` trusts
 * the receipt only through that chain; `cli pki rotate-log-key` starts a new, certified epoch.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOffice, eventually, officeContext, type TestOffice } from '@uocava/testing';
import type { LogKeyResponse } from '@uocava/transparency';
import { startProcessStack, type ProcessStack } from './harness/processes';

const ROOT = join(__dirname, '..');

function cli(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args],
      { cwd: ROOT, timeout: 60000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

const openssl = (args: string[]) => {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

type Keys = LogKeyResponse & { pki: string };

describe('deployment PKI: cli pki, a certified log key, verify-receipt --root', () => {
  const work = mkdtempSync(join(tmpdir(), 'uocava-pki-e2e-'));
  const rootDir = join(work, 'root');
  const otherRoot = join(work, 'other-root');
  const keysDir = join(work, 'keys');
  let stack: ProcessStack;
  let office: TestOffice;
  const logUrl = () => `${stack.baseUrl}/api/v1/jurisdictions/${office.jurisdictionId}/log`;
  const keys = async (): Promise<Keys> => (await (await fetch(`${logUrl()}/key`)).json()) as Keys;

  /** a request, and its first step's receipt once the receipts app has issued it */
  async function receiptFile(name: string): Promise<string> {
    const res = await office.submitFpca(
      office.fpca((v) => {
        v.name = { first: 'Pia', last: `Keyholder${name}` };
      }),
    );
    expect(res.status).toBe(202);
    const { trackingCode } = (await res.json()) as { trackingCode: string };
    const receipt = await eventually(
      async () => {
        const t = (await (await fetch(`${stack.baseUrl}/api/v1/tracking/${trackingCode}`)).json()) as {
          steps: Array<{ receipt: unknown }>;
        };
        return t.steps.find((s) => s.receipt !== null)?.receipt ?? undefined;
      },
      60000,
      'a receipt',
    );
    const file = join(work, `${name}.json`);
    writeFileSync(file, JSON.stringify(receipt));
    return file;
  }

  beforeAll(async () => {
    const created = await createOffice({ prefix: 'pki' });
    for (const [args, expected] of [
      [['pki', 'init-root', '--dir', rootDir, '--name', 'Test deployment root'], /root CA certificate/],
      [['pki', 'init-root', '--dir', otherRoot], /root CA certificate/],
      [
        ['pki', 'issue-jurisdiction', created.jurisdictionId, '--root', rootDir, '--keys-dir', keysDir],
        /jurisdiction certificate/,
      ],
    ] as const) {
      const r = await cli([...args]);
      expect(r.out).toMatch(expected);
      expect(r.code).toBe(0);
    }
    stack = await startProcessStack(['gateway', 'receipts'], { env: { KEYS_DIR: keysDir } });
    office = officeContext(stack.baseUrl, created);
  }, 180000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('the CLI never overwrites a root', async () => {
    const again = await cli(['pki', 'init-root', '--dir', rootDir]);
    expect(again.code).not.toBe(0);
    expect(again.out).toMatch(/exists already/);
  });

  it('the certificates the CLI writes pass openssl verify -x509_strict', () => {
    const cert = join(keysDir, `cert-${office.jurisdictionId}.crt`);
    const r = openssl(['verify', '-x509_strict', '-CAfile', join(rootDir, 'root-ca.crt'), cert]);
    expect(r.out).toMatch(/: OK/);
    expect(r.code).toBe(0);
    expect(
      openssl(['verify', '-x509_strict', '-CAfile', join(otherRoot, 'root-ca.crt'), cert]).code,
    ).not.toBe(0);
  });

  it('publishes the certified key; openssl cms -verify -x509_strict accepts the statement; verify-receipt --root checks the chain', async () => {
    const file = await receiptFile('one');
    const published = await keys();
    expect(published.pki).toMatch(/every key is bound/);
    const [key] = published.keys;
    writeFileSync(join(work, 'statement.txt'), key.statement!);
    writeFileSync(join(work, 'sig.pem'), key.statementSignature!);
    const cms = openssl([
      'cms',
      '-verify',
      '-x509_strict',
      '-binary',
      '-inform',
      'PEM',
      '-in',
      join(work, 'sig.pem'),
      '-content',
      join(work, 'statement.txt'),
      '-CAfile',
      join(rootDir, 'root-ca.crt'),
      '-out',
      '/dev/null',
    ]);
    expect(cms.out).toMatch(/Verification successful/);

    const good = await cli([
      'verify-receipt',
      file,
      '--root',
      join(rootDir, 'root-ca.crt'),
      '--log-keys',
      `${logUrl()}/key`,
    ]);
    expect(good.out).toMatch(/^VERIFIED/m);
    expect(good.code).toBe(0);
    const other = await cli([
      'verify-receipt',
      file,
      '--root',
      join(otherRoot, 'root-ca.crt'),
      '--log-keys',
      `${logUrl()}/key`,
    ]);
    expect(other.out).toMatch(/not certified: .*does not chain/);
    expect(other.out).toMatch(/NOT VERIFIED: no log key is certified/);
    expect(other.code).toBe(1);
    // a saved key answer whose statement was swapped for another key's is refused too
    const forged = {
      ...published,
      keys: [{ ...key, verifierKey: key.verifierKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }],
    };
    writeFileSync(join(work, 'forged-keys.json'), JSON.stringify(forged));
    const swapped = await cli([
      'verify-receipt',
      file,
      '--root',
      join(rootDir, 'root-ca.crt'),
      '--log-keys',
      join(work, 'forged-keys.json'),
    ]);
    expect(swapped.code).toBe(1);
  });

  it('rotate-log-key writes the next epoch; the receipts app certifies and publishes it', async () => {
    await receiptFile('before');
    const r = await cli(['pki', 'rotate-log-key', office.jurisdictionId, '--keys-dir', keysDir]);
    expect(r.out).toMatch(/log key epoch 2/);
    expect(r.code).toBe(0);
    expect(readFileSync(join(keysDir, `log-${office.jurisdictionId}-2.pem`), 'utf8')).toMatch(/PRIVATE KEY/);
    // the receipts app looks for a next-epoch key at most once a minute, at a checkpoint
    let published: Keys | undefined;
    for (let i = 0; i < 20 && published === undefined; i++) {
      await new Promise((r) => setTimeout(r, 5000));
      await receiptFile(`after${i}`);
      const k = await keys();
      if (k.keys.length === 2) published = k;
    }
    if (published === undefined) throw new Error('the second epoch was not published');
    expect(published.origin).toMatch(/\/2$/);
    expect(published.pki).toMatch(/every key is bound/);
    const file = await receiptFile('epoch2');
    const good = await cli([
      'verify-receipt',
      file,
      '--root',
      join(rootDir, 'root-ca.crt'),
      '--log-keys',
      `${logUrl()}/key`,
    ]);
    expect(good.out).toMatch(/^VERIFIED: .*\/2 at tree size/m);
  }, 240000);
});
