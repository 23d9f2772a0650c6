import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { generateLogKey, logOrigin } from './note';
import {
  createRootCa,
  issueJurisdictionCertificate,
  keyStatement,
  nodeRsaSigner,
  signDetached,
  verifyCertificateChain,
  verifyCertifiedLogKey,
  verifyDetached,
} from './pki';

function openssl(args: string[]): { ok: boolean; output: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

describe('deployment PKI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'uocava-pki-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const root = createRootCa({ commonName: 'UOCAVA test root' });
  const juris = issueJurisdictionCertificate(root, { jurisdiction: 'demo-county' });
  const origin = logOrigin('log.uocava.example', 'demo-county', 1);
  const { verifierKey } = generateLogKey(origin);
  const statement = keyStatement({
    jurisdiction: 'demo-county',
    origin,
    verifierKey,
    issuedAt: '2026-11-23T00:00:00Z',
  });

  it('openssl cms -verify accepts the detached signature of the key statement', () => {
    const sig = signDetached(statement, juris);
    writeFileSync(join(dir, 'statement.txt'), statement);
    writeFileSync(join(dir, 'sig.pem'), sig);
    writeFileSync(join(dir, 'root.pem'), root.certificatePem);
    const r = openssl([
      'cms',
      '-verify',
      '-binary',
      '-content',
      join(dir, 'statement.txt'),
      '-inform',
      'PEM',
      '-in',
      join(dir, 'sig.pem'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-out',
      join(dir, 'out.txt'),
    ]);
    expect(r.output).toMatch(/Verification successful/);
    expect(r.ok).toBe(true);
  });

  it('openssl rejects a changed statement, and a signature under another root', () => {
    const sig = signDetached(statement, juris);
    writeFileSync(join(dir, 'sig2.pem'), sig);
    writeFileSync(join(dir, 'changed.txt'), statement.replace('demo-county/1', 'demo-county/2'));
    writeFileSync(join(dir, 'root.pem'), root.certificatePem);
    const other = createRootCa({ commonName: 'someone else' });
    writeFileSync(join(dir, 'other.pem'), other.certificatePem);
    const base = [
      'cms',
      '-verify',
      '-binary',
      '-inform',
      'PEM',
      '-in',
      join(dir, 'sig2.pem'),
      '-out',
      join(dir, 'o.txt'),
    ];
    expect(
      openssl([...base, '-content', join(dir, 'changed.txt'), '-CAfile', join(dir, 'root.pem')]).ok,
    ).toBe(false);
    writeFileSync(join(dir, 'orig.txt'), statement);
    expect(openssl([...base, '-content', join(dir, 'orig.txt'), '-CAfile', join(dir, 'other.pem')]).ok).toBe(
      false,
    );
  });

  it('the jurisdiction certificate chains to the root (openssl verify)', () => {
    writeFileSync(join(dir, 'j.pem'), juris.certificatePem);
    writeFileSync(join(dir, 'root.pem'), root.certificatePem);
    expect(openssl(['verify', '-CAfile', join(dir, 'root.pem'), join(dir, 'j.pem')]).output).toMatch(/OK/);
  });

  it('certificates are RFC 5280-complete: openssl verify -x509_strict accepts root and chain', () => {
    writeFileSync(join(dir, 'j.pem'), juris.certificatePem);
    writeFileSync(join(dir, 'root.pem'), root.certificatePem);
    const self = openssl(['verify', '-x509_strict', '-CAfile', join(dir, 'root.pem'), join(dir, 'root.pem')]);
    expect(self.output).toMatch(/: OK/);
    const chain = openssl(['verify', '-x509_strict', '-CAfile', join(dir, 'root.pem'), join(dir, 'j.pem')]);
    expect(chain.output).toMatch(/j\.pem: OK/);
    expect(chain.ok).toBe(true);
    // the jurisdiction's Authority Key Identifier is the root's Subject Key Identifier
    const text = (file: string) => openssl(['x509', '-noout', '-text', '-in', join(dir, file)]).output;
    const ski = /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(text('root.pem'))?.[1];
    expect(ski).toBeDefined();
    expect(text('j.pem')).toMatch(new RegExp(`Authority Key Identifier:\\s*\\n\\s*(keyid:)?${ski}`));
    expect(text('j.pem')).toMatch(/Digital Signature, Non Repudiation/);
    expect(text('root.pem')).toMatch(/Certificate Sign, CRL Sign/);
  });

  it('openssl cms -verify -x509_strict accepts the key statement signature', () => {
    writeFileSync(join(dir, 'strict-sig.pem'), signDetached(statement, juris, [root.certificatePem]));
    writeFileSync(join(dir, 'statement.txt'), statement);
    const r = openssl([
      'cms',
      '-verify',
      '-x509_strict',
      '-binary',
      '-content',
      join(dir, 'statement.txt'),
      '-inform',
      'PEM',
      '-in',
      join(dir, 'strict-sig.pem'),
      '-CAfile',
      join(dir, 'root.pem'),
      '-out',
      join(dir, 'strict-out.txt'),
    ]);
    expect(r.output).toMatch(/Verification successful/);
  });

  it('verifies the chain and the CMS signature itself, as verify-receipt --root does', () => {
    const other = createRootCa({ commonName: 'another root' });
    expect(verifyCertificateChain(juris.certificatePem, root.certificatePem)).toEqual({ ok: true });
    expect(verifyCertificateChain(juris.certificatePem, other.certificatePem).ok).toBe(false);
    const sig = signDetached(statement, juris);
    expect(verifyDetached(statement, sig, juris.certificatePem)).toEqual({ ok: true });
    expect(verifyDetached(`${statement} `, sig, juris.certificatePem).ok).toBe(false);
    const impostor = issueJurisdictionCertificate(other, { jurisdiction: 'demo-county' });
    expect(verifyDetached(statement, signDetached(statement, impostor), juris.certificatePem).ok).toBe(false);
    const key = {
      origin,
      verifierKey,
      statement,
      statementSignature: sig,
      certificate: juris.certificatePem,
    };
    expect(verifyCertifiedLogKey(key, root.certificatePem)).toEqual({ ok: true });
    expect(verifyCertifiedLogKey(key, other.certificatePem).ok).toBe(false);
    const otherKey = generateLogKey(origin).verifierKey;
    expect(verifyCertifiedLogKey({ ...key, verifierKey: otherKey }, root.certificatePem).ok).toBe(false);
    const elsewhere = issueJurisdictionCertificate(root, { jurisdiction: 'other-county' });
    const signedByElsewhere = {
      ...key,
      certificate: elsewhere.certificatePem,
      statementSignature: signDetached(statement, elsewhere),
    };
    expect(verifyCertifiedLogKey(signedByElsewhere, root.certificatePem)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/another jurisdiction/),
    });
    expect(verifyCertifiedLogKey({ origin, verifierKey }, root.certificatePem).ok).toBe(false);
  });

  it('pins the node:crypto RSA hand-off: forge calls key.sign(md, scheme), and the result equals forge RSA', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forgeKey = forge.pki.privateKeyFromPem(
      privateKey.export({ format: 'pem', type: 'pkcs1' }).toString(),
    );
    const md = forge.md.sha256.create();
    md.update('signed attributes');
    const ours = nodeRsaSigner(privateKey).sign(md, 'RSASSA-PKCS1-V1_5');
    const theirs = forgeKey.sign(md, 'RSASSA-PKCS1-V1_5');
    expect(Buffer.from(ours, 'binary').equals(Buffer.from(theirs, 'binary'))).toBe(true);
    // forge's pkcs7 still calls the signer's key with (md, 'RSASSA-PKCS1-V1_5')
    const src = readFileSync(require.resolve('node-forge/lib/pkcs7.js'), 'utf8');
    expect(src).toContain("signer.key.sign(signer.md, 'RSASSA-PKCS1-V1_5')");
    expect(createHash('sha256').update('x').digest().length).toBe(32);
  });
});
