/**
 * Receipts under a witness policy (issue 18), against real Postgres and three witness processes:
 * receipts are issued at once under the log signature (`witnessed: 'pending'`), upgraded to the
 * cosigned checkpoint once the quorum cosigned; a witness outage stops neither the log nor the
 * receipts, only delays the upgrade; a witness back from an outage is brought forward with a
 * consistency proof from the size it last cosigned.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { ballotRequestId, jurisdictionId as jid } from '@uocava/domain';
import { pgLogStorage, withTenant } from '@uocava/database';
import { createOffice, ownerDatabaseUrl } from '@uocava/testing';
import {
  StoredLog,
  generateLogKey,
  generateWitnessKey,
  logKeyId,
  logOrigin,
  verifier,
} from '@uocava/transparency';
import { startWitnessProcess, type WitnessProcess } from './harness/processes';
import { receiptsConfig } from '../apps/receipts/src/config';
import { ReceiptIssuer } from '../apps/receipts/src/issuer';
import { LogKeys } from '../apps/receipts/src/log-keys';
import { Witnessing } from '../apps/receipts/src/witnessing';

interface Row {
  event_id: string;
  receipt: Record<string, unknown> | null;
}

(process.env.DATABASE_URL === undefined ? describe.skip : describe)('witnessed receipts', () => {
  let owner: DataSource;
  let app: DataSource;
  const witnesses: WitnessProcess[] = [];
  beforeAll(async () => {
    owner = await new DataSource({
      type: 'postgres',
      url: ownerDatabaseUrl(),
      extra: { max: 2 },
    }).initialize();
    app = await new DataSource({
      type: 'postgres',
      url: process.env.DATABASE_URL,
      extra: { max: 4 },
    }).initialize();
  });
  afterAll(async () => {
    await Promise.all(witnesses.map((w) => w.stop()));
    await app?.destroy();
    await owner?.destroy();
  });

  it('issues pending receipts, upgrades them at quorum, and survives a witness outage', async () => {
    const { jurisdictionId: j } = await createOffice({ prefix: 'wit', roles: [], name: 'Witnessed County' });
    const config = { ...receiptsConfig(), keysDir: mkdtempSync(join(tmpdir(), 'uocava-keys-wit-')) };
    // the log key is provisioned first: the witnesses are configured with its public key
    const origin = logOrigin(config.originDomain, j, 1);
    const logKey = generateLogKey(origin);
    writeFileSync(join(config.keysDir, `${logKeyId(j, 1)}.pem`), logKey.privateKeyPem, { mode: 0o600 });
    for (const n of [1, 2, 3]) {
      const k = generateWitnessKey(`witness${n}.test.example/${j}`);
      witnesses.push(
        await startWitnessProcess({
          name: k.cosigner.name,
          keyPem: k.privateKeyPem,
          verifierKey: k.verifierKey,
          logKeys: [logKey.verifierKey],
        }),
      );
    }
    const policySetting = {
      quorum: 2,
      witnesses: witnesses.map((w) => ({ key: w.verifierKey, url: w.url })),
    };
    await owner.query(
      `UPDATE jurisdictions SET settings = settings || $2::jsonb WHERE jurisdiction_id = $1`,
      [j, JSON.stringify({ witnessPolicy: policySetting })],
    );
    const policy: verifier.WitnessPolicy = {
      quorum: 2,
      witnesses: witnesses.map((w) => {
        const k = verifier.parseWitnessKey(w.verifierKey);
        if (!k.ok) throw new Error(k.reason);
        return k.value;
      }),
    };
    const logKeys = [logKey.verifierKey].map((t) => {
      const k = verifier.parseVerifierKey(t);
      if (!k.ok) throw new Error(k.reason);
      return k.value;
    });

    const append = async (n: number): Promise<void> => {
      const requestId = randomUUID();
      await withTenant(app, j, async (tx) => {
        const log = new StoredLog(pgLogStorage(tx, j), j);
        for (let i = 0; i < n; i++) {
          const eventId = randomUUID();
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
    };
    const steps = async (): Promise<Row[]> =>
      owner.query(
        `SELECT event_id, receipt FROM tracking_steps WHERE jurisdiction_id = $1 ORDER BY leaf_index`,
        [j],
      );
    const issuer = new ReceiptIssuer(app, new LogKeys(config));
    const witnessing = new Witnessing(app, 3000);

    // 1. receipts at once, under the log signature, pending
    await append(20);
    expect((await issuer.issue(j)).receipts).toBe(20);
    const pending = await steps();
    expect(pending.every((r) => r.receipt?.witnessed === 'pending')).toBe(true);
    const first = pending[0].receipt;
    expect(verifier.verifyReceipt(first, logKeys).ok).toBe(true);
    expect(verifier.checkWitnessPolicy(String(first?.checkpoint), policy).ok).toBe(false);

    // 2. the witnesses cosign; every receipt is upgraded and passes the policy
    const report = await witnessing.witness(j);
    expect(report).toMatchObject({ treeSize: 20, upgraded: 20, failures: [] });
    expect(report?.cosigned.sort()).toEqual(witnesses.map((w) => w.name).sort());
    for (const r of await steps()) {
      expect(r.receipt?.witnessed).toBe('cosigned');
      const v = verifier.verifyReceipt(r.receipt, logKeys);
      expect(v.ok).toBe(true);
      const p = verifier.checkWitnessPolicy(String(r.receipt?.checkpoint), policy);
      expect(p.ok && p.value.length).toBe(3);
    }

    // 3. two witnesses down: the log goes on, receipts are issued pending and stay so (quorum 2)
    await witnesses[1].kill();
    await witnesses[2].kill();
    await append(5);
    expect((await issuer.issue(j)).receipts).toBe(5);
    const during = await witnessing.witness(j);
    expect(during?.cosigned).toEqual([witnesses[0].name]);
    expect(during?.failures.map((f) => f.witness).sort()).toEqual(
      [witnesses[1].name, witnesses[2].name].sort(),
    );
    expect(during?.upgraded).toBe(0);
    expect((await steps()).filter((r) => r.receipt?.witnessed === 'pending')).toHaveLength(5);

    // 4. back (same state): they cosign size 25 from their size 20 and the receipts are upgraded
    await witnesses[1].start();
    await witnesses[2].start();
    const after = await witnessing.witness(j);
    expect(after).toMatchObject({ treeSize: 25, upgraded: 5, failures: [] });
    const all = await steps();
    expect(all.every((r) => r.receipt?.witnessed === 'cosigned')).toBe(true);
    for (const r of all)
      expect(verifier.checkWitnessPolicy(String(r.receipt?.checkpoint), policy).ok).toBe(true);
    const state = (await (await fetch(`${witnesses[1].url}/state`)).json()) as {
      logs: Array<{ treeSize: number }>;
    };
    expect(state.logs[0].treeSize).toBe(25);
  }, 180000);
});
