/** Owner of `transparency_log_keys`: the public verifier key of each log key epoch (and its PKI). */
import type { SqlExecutor } from '../../data-source';
import { execute, select, selectOne } from '../sql';

export interface LogKeyRow {
  epoch: number;
  origin: string;
  verifier_key: string;
  certificate: string | null;
  statement: string | null;
  statement_signature: string | null;
}

/** Every registered key of the jurisdiction's log, by epoch. */
export async function logKeys(tx: SqlExecutor, jurisdictionId: string): Promise<LogKeyRow[]> {
  return select<LogKeyRow>(
    tx,
    `SELECT epoch, origin, verifier_key, certificate, statement, statement_signature
             FROM transparency_log_keys WHERE jurisdiction_id = $1 ORDER BY epoch`,
    [jurisdictionId],
  );
}

/** The verifier keys (signed-note format) of every epoch, oldest first. */
export async function logVerifierKeys(tx: SqlExecutor, jurisdictionId: string): Promise<string[]> {
  const rows = await select<{ verifier_key: string }>(
    tx,
    `SELECT verifier_key FROM transparency_log_keys WHERE jurisdiction_id = $1 ORDER BY epoch`,
    [jurisdictionId],
  );
  return rows.map((k) => k.verifier_key);
}

/** The key of the highest epoch registered, or undefined. */
export async function latestLogKey(
  tx: SqlExecutor,
  jurisdictionId: string,
): Promise<{ epoch: number; verifierKey: string } | undefined> {
  const r = await selectOne<{ epoch: unknown; verifier_key: unknown }>(
    tx,
    `SELECT epoch, verifier_key FROM transparency_log_keys WHERE jurisdiction_id = $1 ORDER BY epoch DESC LIMIT 1`,
    [jurisdictionId],
  );
  return r && { epoch: Number(r.epoch), verifierKey: String(r.verifier_key) };
}

/** Whether a key of this epoch is registered. */
export async function logKeyRegistered(
  tx: SqlExecutor,
  jurisdictionId: string,
  epoch: number,
): Promise<boolean> {
  const rows = await select(
    tx,
    `SELECT 1 FROM transparency_log_keys WHERE jurisdiction_id = $1 AND epoch = $2`,
    [jurisdictionId, epoch],
  );
  return rows.length > 0;
}

/** Registers the public key of an epoch (a concurrent registration of the same epoch wins). */
export async function registerLogKey(
  tx: SqlExecutor,
  key: {
    jurisdictionId: string;
    epoch: number;
    origin: string;
    verifierKey: string;
    certificate: string | null;
    statement: string | null;
    statementSignature: string | null;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO transparency_log_keys (jurisdiction_id, epoch, origin, verifier_key, certificate, statement, statement_signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (jurisdiction_id, epoch) DO NOTHING`,
    [
      key.jurisdictionId,
      key.epoch,
      key.origin,
      key.verifierKey,
      key.certificate,
      key.statement,
      key.statementSignature,
    ],
  );
}
