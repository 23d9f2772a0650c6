/**
 * The receipts app against real Postgres and Kafka: receipts survive a restart between append
 * and checkpoint (pending work is found in the database), and two issuers racing on one
 * jurisdiction sign once and issue each receipt once.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ballotRequestId, jurisdictionId as jid, validFpcaExample } from '@uocava/domain';
import { pgLogStorage, withTenant } from '@uocava/database';
import { createOffice, eventually, gatewayClient, ownerDatabaseUrl } from '@uocava/testing';
import { StoredLog, createRootCa, issueJurisdictionCertificate, verifier } from '@uocava/transparency';
import { startProcessStack, type ProcessStack } from './harness/processes';
import { receiptsConfig } from '../apps/receipts/src/config';
import { ReceiptIssuer } from '../apps/receipts/src/issuer';
import { LogKeys } from '../apps/receipts/src/log-keys';

interface StepRow {
  event_id: string;
  leaf_index: string | null;
  receipt: unknown;
}

async function verifierKeys(ds: DataSource, j: string): Promise<verifier.VerifierKey[]> {
  const rows: Array<{ verifier_key: string }> = await ds.query(
    `SELECT verifier_key FROM transparency_log_keys WHERE jurisdiction_id = $1`,
    [j],
  );
  return rows.map((r) => {
    const k = verifier.parseVerifierKey(r.verifier_key);
    if (!k.ok) throw new Error(k.reason);
    return k.value;
  });
}

(process.env.DATABASE_URL === undefined ? describe.skip : describe)(
  'receipts app (real Postgres and Kafka)',
  () => {
    let stack: ProcessStack | undefined;
    // below the API (assertions): the owner of the tables; the apps run as the app role
    let owner: DataSource;
    beforeAll(async () => {
      owner = await new DataSource({
        type: 'postgres',
        url: ownerDatabaseUrl(),
        extra: { max: 2 },
      }).initialize();
    });

    afterEach(async () => {
      await stack?.stop();
      stack = undefined;
    });
    afterAll(async () => {
      await owner?.destroy();
    });

    it('issues the receipts of entries appended before a restart', async () => {
      const { jurisdictionId: j } = await createOffice({
        prefix: 'rst',
        roles: [],
        name: 'Restart County',
        county: 'Restart',
      });
      // the log's signing key stays across the restart (as on a deployment's volume)
      const KEYS_DIR = mkdtempSync(join(tmpdir(), 'uocava-keys-restart-'));

      // 1. append, but no checkpoint for an hour
      stack = await startProcessStack(['gateway', 'verification', 'receipts'], {
        env: { KEYS_DIR, RECEIPTS_CHECKPOINT_EVERY_MS: '3600000' },
      });
      const voter = validFpcaExample();
      voter.jurisdictionId = j; // no roll: the request is logged as submitted, then needs review / rejected
      const res = await gatewayClient(stack.baseUrl).submit(voter);
      expect(res.status).toBe(202);
      const ds = owner;
      const appended = await eventually(
        async () => {
          const rows: StepRow[] = await ds.query(
            `SELECT event_id, leaf_index, receipt FROM tracking_steps WHERE jurisdiction_id = $1`,
            [j],
          );
          return rows.length >= 2 && rows.every((r) => r.leaf_index !== null) ? rows : undefined;
        },
        60000,
        'entries appended',
      );
      expect(appended.every((r) => r.receipt === null)).toBe(true);
      const [{ n }] = (await ds.query(
        `SELECT count(*)::int AS n FROM transparency_checkpoints WHERE jurisdiction_id = $1`,
        [j],
      )) as Array<{ n: number }>;
      expect(n).toBe(0);

      // 2. stop between append and checkpoint; a new process (new consumer group) starts
      await stack.stop();
      stack = await startProcessStack(['receipts'], {
        env: { KEYS_DIR, RECEIPTS_CHECKPOINT_EVERY_MS: '200' },
      });
      const ds2 = owner;
      const issued = await eventually(
        async () => {
          const rows: StepRow[] = await ds2.query(
            `SELECT event_id, leaf_index, receipt FROM tracking_steps WHERE jurisdiction_id = $1 ORDER BY leaf_index`,
            [j],
          );
          return rows.length === appended.length && rows.every((r) => r.receipt !== null) ? rows : undefined;
        },
        60000,
        'receipts after the restart',
      );
      const keys = await verifierKeys(ds2, j);
      for (const row of issued) {
        const v = verifier.verifyReceipt(row.receipt, keys);
        expect(v.ok).toBe(true);
        if (v.ok) expect(v.value.entry.eventId).toBe(row.event_id);
      }
      // the re-delivered events (new consumer group) were not logged twice
      expect(await new StoredLog(pgLogStorage(ds2.manager, j), j).size()).toBe(appended.length);
      const events: Array<{ payload: { forEventId: string; receipt: unknown } }> = await ds2.query(
        `SELECT payload FROM outbox WHERE jurisdiction_id = $1 AND event_type = 'uocava.receipt.issued.v1'`,
        [j],
      );
      expect(events.map((e) => e.payload.forEventId).sort()).toEqual(issued.map((r) => r.event_id).sort());
    }, 180000);

    it('two issuers racing on one jurisdiction sign one checkpoint and issue each receipt once', async () => {
      const { jurisdictionId: j } = await createOffice({
        prefix: 'race',
        roles: [],
        name: 'Race County',
        county: 'Race',
      });
      // the issuers and the seeding run as the apps' role, scoped to the jurisdiction
      const app = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, extra: { max: 6 } });
      await app.initialize();
      const ds = owner;
      try {
        const requestId = randomUUID();
        const eventIds: string[] = [];
        await withTenant(app, j, async (tx) => {
          const log = new StoredLog(pgLogStorage(tx, j), j);
          for (let i = 0; i < 20; i++) {
            const eventId = randomUUID();
            eventIds.push(eventId);
            const [a] = await log.append([
              {
                jurisdiction: jid(j),
                subject: { kind: 'request', id: ballotRequestId(requestId) },
                eventType: 'uocava.request.verified.v1',
                eventId,
                time: new Date().toISOString(),
                dataSha256: randomBytes(32).toString('hex'),
              },
            ]);
            await tx.query(
              `INSERT INTO tracking_steps (event_id, jurisdiction_id, request_id, event_type, occurred_at, leaf_index)
             VALUES ($1, $2, $3, 'uocava.request.verified.v1', now(), $4)`,
              [eventId, j, requestId, a.leafIndex],
            );
          }
        });
        const keysDir = mkdtempSync(join(tmpdir(), 'uocava-keys-race-'));
        // PKI configured for this jurisdiction: its certificate, the certificate's key, the root
        const root = createRootCa({ commonName: 'test root' });
        const juris = issueJurisdictionCertificate(root, { jurisdiction: j });
        writeFileSync(join(keysDir, `cert-${j}.crt`), juris.certificatePem);
        writeFileSync(
          join(keysDir, `cert-${j}.pem`),
          juris.privateKey.export({ format: 'pem', type: 'pkcs8' }),
          {
            mode: 0o600,
          },
        );
        writeFileSync(join(keysDir, 'root-ca.crt'), root.certificatePem);
        const config = { ...receiptsConfig(), generateKeys: true, keysDir };
        const a = new ReceiptIssuer(app, new LogKeys(config));
        const b = new ReceiptIssuer(app, new LogKeys(config));
        // the work scan (each jurisdiction asked under its own scope) finds this one
        expect(await a.jurisdictionsWithWork()).toContain(j);
        const reports = await Promise.all([a.issue(j), b.issue(j), a.issue(j), b.issue(j)]);
        expect(await a.jurisdictionsWithWork()).not.toContain(j);
        // whoever ran, each step has exactly one receipt and one receipt.issued event
        const total = reports.reduce((s, r) => s + r.receipts, 0);
        expect(total).toBe(20);
        const [{ n }] = (await ds.query(
          `SELECT count(*)::int AS n FROM transparency_checkpoints WHERE jurisdiction_id = $1`,
          [j],
        )) as Array<{ n: number }>;
        expect(n).toBe(1);
        const [{ e }] = (await ds.query(
          `SELECT count(*)::int AS e FROM outbox WHERE jurisdiction_id = $1 AND event_type = 'uocava.receipt.issued.v1'`,
          [j],
        )) as Array<{ e: number }>;
        expect(e).toBe(20);
        // the verifier key is bound to the jurisdiction certificate by a CMS statement openssl accepts
        const [key] = (await ds.query(
          `SELECT verifier_key, certificate, statement, statement_signature FROM transparency_log_keys WHERE jurisdiction_id = $1`,
          [j],
        )) as Array<{
          verifier_key: string;
          certificate: string;
          statement: string;
          statement_signature: string;
        }>;
        expect(key.certificate).toBe(juris.certificatePem);
        expect(key.statement).toContain(`verifier-key: ${key.verifier_key}`);
        writeFileSync(join(keysDir, 'statement.txt'), key.statement);
        writeFileSync(join(keysDir, 'sig.pem'), key.statement_signature);
        const cms = (file: string) =>
          spawnSync('openssl', [
            'cms',
            '-verify',
            '-binary',
            '-inform',
            'PEM',
            '-in',
            join(keysDir, 'sig.pem'),
            '-content',
            join(keysDir, file),
            '-CAfile',
            join(keysDir, 'root-ca.crt'),
            '-out',
            '/dev/null',
          ]).status;
        expect(cms('statement.txt')).toBe(0);
        writeFileSync(
          join(keysDir, 'forged.txt'),
          key.statement.replace(`jurisdiction: ${j}`, 'jurisdiction: other-place'),
        );
        expect(cms('forged.txt')).not.toBe(0);
        expect(JSON.stringify(key)).not.toMatch(/PRIVATE KEY/);

        // a further pass has nothing to do
        expect(await a.issue(j)).toMatchObject({ receipts: 0, signedTreeSize: null });
      } finally {
        await app.destroy();
      }
    }, 120000);
  },
);
