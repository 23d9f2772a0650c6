/**
 * The PKI files of a deployment, as the receipts app reads them from KEYS_DIR
 * (apps/receipts/src/log-keys.ts): `root-ca.crt` (the chain), `cert-<j>.crt` and its RSA key
 * `cert-<j>.pem`, the Ed25519 log keys `log-<j>-<epoch>.pem`. The root's private key
 * (`root-ca.pem`) belongs offline: `initRoot` writes it to its own directory, and
 * `issueJurisdiction` reads it from there. Used by `cli pki ...` and by the demo stack.
 * Never overwrites a file (flag `wx`).
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { logKeyId } from './keys';
import { generateLogKey, logOrigin } from './note';
import { createRootCa, issueJurisdictionCertificate, privateKeyFromPemText, type CertifiedKey } from './pki';

const pemOf = (key: KeyObject): string => key.export({ format: 'pem', type: 'pkcs8' }).toString();

async function writeNew(file: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(file, text, { mode, flag: 'wx' });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new Error(`${file} exists already; not overwritten`);
    throw e;
  }
}

/** Creates the root CA in `dir`: `root-ca.crt` (public) and `root-ca.pem` (private key, 0600). */
export async function initRoot(
  dir: string,
  commonName: string,
  validDays = 3650,
): Promise<{ certificate: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const root = createRootCa({ commonName, validDays });
  await writeNew(join(dir, 'root-ca.pem'), pemOf(root.privateKey), 0o600);
  await writeNew(join(dir, 'root-ca.crt'), root.certificatePem, 0o644);
  return { certificate: join(dir, 'root-ca.crt') };
}

/** The root CA of `rootDir` (certificate and private key). */
export async function loadRoot(rootDir: string): Promise<CertifiedKey> {
  return {
    certificatePem: await readFile(join(rootDir, 'root-ca.crt'), 'utf8'),
    privateKey: privateKeyFromPemText(await readFile(join(rootDir, 'root-ca.pem'), 'utf8')),
  };
}

/**
 * Issues the certificate of `jurisdiction` under the root of `rootDir` into `keysDir`:
 * `cert-<j>.crt`, `cert-<j>.pem` (0600) and a copy of `root-ca.crt` (when missing) for the chain.
 */
export async function issueJurisdiction(
  rootDir: string,
  keysDir: string,
  jurisdiction: string,
  validDays = 825,
): Promise<{ certificate: string }> {
  const root = await loadRoot(rootDir);
  const cert = issueJurisdictionCertificate(root, { jurisdiction, validDays });
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  await writeNew(join(keysDir, `cert-${jurisdiction}.pem`), pemOf(cert.privateKey), 0o600);
  await writeNew(join(keysDir, `cert-${jurisdiction}.crt`), cert.certificatePem, 0o644);
  const chain = join(keysDir, 'root-ca.crt');
  const existing = await readFile(chain, 'utf8').catch(() => null);
  if (existing === null) await writeNew(chain, root.certificatePem, 0o644);
  else if (existing !== root.certificatePem) throw new Error(`${chain} is another root's certificate`);
  return { certificate: join(keysDir, `cert-${jurisdiction}.crt`) };
}

/** The epochs of the log key files of `jurisdiction` in `keysDir`, ascending. */
export async function logKeyEpochs(keysDir: string, jurisdiction: string): Promise<number[]> {
  const prefix = `log-${jurisdiction}-`;
  const names = await readdir(keysDir).catch(() => [] as string[]);
  return names
    .filter((n) => n.startsWith(prefix) && n.endsWith('.pem'))
    .map((n) => n.slice(prefix.length, -4))
    .filter((e) => /^[1-9][0-9]*$/.test(e))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Writes the log key of the next epoch (`epoch`, or one above the highest key file) into
 * `keysDir`. The receipts app switches to it at its next checkpoint and registers its verifier
 * key (certified when the jurisdiction has a certificate): docs/receipts-operations.md.
 */
export async function rotateLogKey(
  keysDir: string,
  jurisdiction: string,
  originDomain: string,
  epoch?: number,
): Promise<{ epoch: number; file: string; verifierKey: string }> {
  const epochs = await logKeyEpochs(keysDir, jurisdiction);
  const next = epoch ?? (epochs.length === 0 ? undefined : epochs[epochs.length - 1] + 1);
  if (next === undefined)
    throw new Error(`no log key of ${jurisdiction} in ${keysDir}: give the epoch to create (--epoch)`);
  const { privateKeyPem, verifierKey } = generateLogKey(logOrigin(originDomain, jurisdiction, next));
  await mkdir(keysDir, { recursive: true, mode: 0o700 });
  const file = join(keysDir, `${logKeyId(jurisdiction, next)}.pem`);
  await writeNew(file, privateKeyPem, 0o600);
  return { epoch: next, file, verifierKey };
}

/**
 * The demo stack's PKI (`npm start`): a demo root in `rootDir` and the jurisdiction's certificate
 * in `keysDir`, made once. When a log key exists already (an earlier start without PKI), the next
 * epoch is written too, so that the current key is certified. Not for production: the demo root's
 * key sits next to the stack.
 */
export async function ensureDemoPki(
  rootDir: string,
  keysDir: string,
  jurisdiction: string,
  originDomain: string,
): Promise<{ rootCertificate: string; issued: boolean }> {
  const rootCertificate = join(rootDir, 'root-ca.crt');
  const has = (file: string) =>
    readFile(file).then(
      () => true,
      () => false,
    );
  if (await has(join(keysDir, `cert-${jurisdiction}.crt`))) return { rootCertificate, issued: false };
  if (!(await has(rootCertificate)))
    await initRoot(rootDir, 'UOCAVA demo root CA (npm start, not for production)');
  await issueJurisdiction(rootDir, keysDir, jurisdiction);
  if ((await logKeyEpochs(keysDir, jurisdiction)).length > 0)
    await rotateLogKey(keysDir, jurisdiction, originDomain);
  return { rootCertificate, issued: true };
}
