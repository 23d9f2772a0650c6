/**
 * Per-jurisdiction Ed25519 log keys. Private keys come from a KeyProvider: `UOCAVA_KEY_LOG_<J>_<EPOCH>`
 * environment variables first, then `<KEYS_DIR>/log-<jurisdiction>-<epoch>.pem`. Only the PUBLIC
 * verifier key is written to the database (transparency_log_keys), for the gateway to publish.
 *
 * Epochs: the active epoch of a jurisdiction is the highest one registered. When a key for the
 * next epoch appears in the provider, it becomes active at the next checkpoint (rotation: drop the
 * new key file in place; see docs/receipts-operations.md).
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { latestLogKey, logKeyRegistered, registerLogKey, type SqlExecutor } from '@uocava/database';
import {
  ChainKeyProvider,
  EnvKeyProvider,
  FileKeyProvider,
  generateLogKey,
  keyStatement,
  loadLogSigner,
  logKeyId,
  logOrigin,
  signDetached,
  type Ed25519NoteSigner,
  type KeyProvider,
} from '@uocava/transparency';
import type { ReceiptsConfig } from './config';

const RECHECK_MS = 60_000;

interface Cached {
  signer: Ed25519NoteSigner;
  epoch: number;
  checkedAt: number;
}

export class LogKeys {
  private readonly provider: KeyProvider;
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly config: Pick<ReceiptsConfig, 'keysDir' | 'generateKeys' | 'originDomain'>,
    provider?: KeyProvider,
  ) {
    this.provider =
      provider ?? new ChainKeyProvider([new EnvKeyProvider(), new FileKeyProvider(config.keysDir)]);
  }

  /**
   * The signer of the jurisdiction's active epoch; registers its verifier key (public) through
   * `db` when it is new. Call it under the jurisdiction's checkpoint lock.
   */
  async signerFor(db: SqlExecutor, jurisdiction: string): Promise<Ed25519NoteSigner> {
    const cached = this.cache.get(jurisdiction);
    if (cached !== undefined && Date.now() - cached.checkedAt < RECHECK_MS) return cached.signer;
    const latest = await latestLogKey(db, jurisdiction);
    let epoch = latest === undefined ? 1 : latest.epoch;
    let signer: Ed25519NoteSigner;
    if (latest === undefined) {
      signer = await this.loadOrGenerate(jurisdiction, epoch);
    } else {
      signer = await this.load(jurisdiction, epoch);
      if (signer.verifierKey() !== latest.verifierKey) {
        throw new Error(
          `log key ${logKeyId(jurisdiction, epoch)} does not match its registered verifier key`,
        );
      }
      // rotation: a key for the next epoch has been provisioned
      const next = await this.load(jurisdiction, epoch + 1).catch(() => null);
      if (next !== null) {
        signer = next;
        epoch += 1;
      }
    }
    if (!(await logKeyRegistered(db, jurisdiction, epoch))) {
      const pki = await this.certify(jurisdiction, signer);
      await registerLogKey(db, {
        jurisdictionId: jurisdiction,
        epoch,
        origin: signer.name,
        verifierKey: signer.verifierKey(),
        certificate: pki?.certificate ?? null,
        statement: pki?.statement ?? null,
        statementSignature: pki?.statementSignature ?? null,
      });
    }
    this.cache.set(jurisdiction, { signer, epoch, checkedAt: Date.now() });
    return signer;
  }

  /**
   * When PKI material is configured — the jurisdiction certificate `<KEYS_DIR>/cert-<j>.crt` and
   * its RSA key `cert-<j>` from the provider (optionally `<KEYS_DIR>/root-ca.crt` for the chain) —
   * signs the key statement binding the origin to the verifier key (detached CMS). Else null.
   */
  private async certify(
    jurisdiction: string,
    signer: Ed25519NoteSigner,
  ): Promise<{ certificate: string; statement: string; statementSignature: string } | null> {
    let certificate: string;
    try {
      certificate = await readFile(join(this.config.keysDir, `cert-${jurisdiction}.crt`), 'utf8');
    } catch {
      return null;
    }
    const privateKey = await this.provider.getPrivateKey(`cert-${jurisdiction}`);
    const chain = await readFile(join(this.config.keysDir, 'root-ca.crt'), 'utf8').then(
      (pem) => [pem],
      () => [],
    );
    const statement = keyStatement({
      jurisdiction,
      origin: signer.name,
      verifierKey: signer.verifierKey(),
      issuedAt: new Date().toISOString(),
    });
    const statementSignature = signDetached(statement, { certificatePem: certificate, privateKey }, chain);
    return { certificate, statement, statementSignature };
  }

  private load(jurisdiction: string, epoch: number): Promise<Ed25519NoteSigner> {
    return loadLogSigner(this.provider, { domain: this.config.originDomain, jurisdiction, epoch });
  }

  private async loadOrGenerate(jurisdiction: string, epoch: number): Promise<Ed25519NoteSigner> {
    try {
      return await this.load(jurisdiction, epoch);
    } catch (error) {
      if (!this.config.generateKeys) throw error;
    }
    const origin = logOrigin(this.config.originDomain, jurisdiction, epoch);
    const { privateKeyPem } = generateLogKey(origin);
    await mkdir(this.config.keysDir, { recursive: true, mode: 0o700 });
    const file = join(this.config.keysDir, `${logKeyId(jurisdiction, epoch)}.pem`);
    try {
      // 'wx': never overwrite a key another process wrote first; then both read the same file
      await writeFile(file, privateKeyPem, { mode: 0o600, flag: 'wx' });
      await chmod(file, 0o600);
      console.warn(
        `[receipts] generated log key ${logKeyId(jurisdiction, epoch)} (RECEIPTS_GENERATE_KEYS=1)`,
      );
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
    return this.load(jurisdiction, epoch);
  }
}
