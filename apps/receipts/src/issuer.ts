/**
 * Signs checkpoints and issues receipts, per jurisdiction, from what the database says (nothing
 * is kept only in memory, so a restart loses nothing):
 *
 * 1. jurisdictions with work = log heads grown past their latest checkpoint, or tracking steps
 *    with a leaf index but no receipt;
 * 2. for each, in one transaction scoped to the jurisdiction (row-level security) holding `pg_try_advisory_xact_lock` for the jurisdiction (a
 *    second receipts process skips it instead of signing twice): sign a checkpoint of the
 *    committed tree if it grew (or the key epoch changed), then build every pending receipt under
 *    it (batched inclusion proofs), store it in tracking_steps.receipt and emit
 *    `uocava.receipt.issued.v1` through the outbox: all in the same transaction.
 */
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  jurisdictionsWithReceiptsWork,
  outboxEventHeaders,
  pendingReceipts,
  pgLogStorage,
  storeReceipts,
  tryCheckpointLock,
  withTenant,
  type NewOutboxEvent,
} from '@uocava/database';
import {
  contextOfHeaders,
  enqueueOutboxRows,
  inSpan,
  newEvent,
  outboxRowOf,
  SpanKind,
  tracingOn,
} from '@uocava/messaging';
import {
  StoredLog,
  buildReceipt,
  checkpointBody,
  signNote,
  type Receipt,
  type StoredCheckpoint,
} from '@uocava/transparency';
import type { LogKeys } from './log-keys';
import { cosignedNote, policyOf } from './witnessing';

export const SOURCE = 'urn:uocava:receipts';
/** receipts built per statement batch */
const BATCH = 500;
/** jurisdictions signed at once (the pool has 10 connections by default; the consumer needs some) */
const PARALLEL = 3;

export interface IssueReport {
  jurisdiction: string;
  /** checkpoint signed in this run, if any */
  signedTreeSize: number | null;
  receipts: number;
  /** another process held the jurisdiction's lock */
  skipped: boolean;
}

export class ReceiptIssuer {
  constructor(
    private readonly ds: DataSource,
    private readonly keys: LogKeys,
  ) {}

  /**
   * Jurisdictions whose log has unsigned entries or steps without a receipt. The database function
   * `tenant_receipts_work()` (migration 1700000006000) asks each jurisdiction in turn under its own
   * tenant scope, so row-level security holds and the loop costs one round trip.
   */
  async jurisdictionsWithWork(): Promise<string[]> {
    return this.ds.transaction((tx) => jurisdictionsWithReceiptsWork(tx));
  }

  /**
   * One pass over every jurisdiction with work, `PARALLEL` jurisdictions at a time (each in its
   * own transaction and connection).
   */
  async runOnce(): Promise<IssueReport[]> {
    const reports: IssueReport[] = [];
    const queue = await this.jurisdictionsWithWork();
    const lane = async (): Promise<void> => {
      for (let j = queue.shift(); j !== undefined; j = queue.shift()) {
        try {
          reports.push(await this.issue(j));
        } catch (e) {
          // one jurisdiction's problem (e.g. its key is missing) does not hold up the others
          console.error(`[receipts] ${j}: checkpoint failed: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));
    return reports;
  }

  async issue(jurisdiction: string): Promise<IssueReport> {
    return withTenant(this.ds, jurisdiction, async (tx) => {
      if (!(await tryCheckpointLock(tx, jurisdiction)))
        return { jurisdiction, signedTreeSize: null, receipts: 0, skipped: true };
      const log = new StoredLog(pgLogStorage(tx, jurisdiction), jurisdiction);
      const { checkpoint, signed } = await this.checkpoint(tx, log);
      let receipts = 0;
      if (checkpoint !== null) {
        const witnessing = await this.witnessingOf(tx, jurisdiction, checkpoint);
        for (;;) {
          const n = await this.issueBatch(tx, log, checkpoint, witnessing);
          receipts += n;
          if (n < BATCH) break;
        }
      }
      return {
        jurisdiction,
        signedTreeSize: signed ? (checkpoint?.treeSize ?? null) : null,
        receipts,
        skipped: false,
      };
    });
  }

  private async checkpoint(
    tx: EntityManager,
    log: StoredLog,
  ): Promise<{ checkpoint: StoredCheckpoint | null; signed: boolean }> {
    const size = await log.size();
    const latest = await log.latestCheckpoint();
    if (size === 0) return { checkpoint: latest, signed: false };
    const signer = await this.keys.signerFor(tx, log.jurisdiction);
    if (latest !== null && latest.treeSize === size && latest.origin === signer.name) {
      return { checkpoint: latest, signed: false };
    }
    const root = await log.rootHash(size);
    const note = signNote(checkpointBody(signer.name, size, root), [signer]);
    const checkpoint: StoredCheckpoint = { origin: signer.name, treeSize: size, rootHash: root, note };
    await log.saveCheckpoint(checkpoint);
    return { checkpoint, signed: true };
  }

  /**
   * Under a witness policy, receipts carry `witnessed`: `cosigned` (with the cosigned note) when the
   * checkpoint already has the quorum, else `pending` (the log's note; witnessing.ts upgrades them).
   * Without a policy, receipts are exactly as before. A malformed policy does not stop the log: the
   * receipts stay pending until the office fixes it.
   */
  private async witnessingOf(
    tx: EntityManager,
    jurisdiction: string,
    checkpoint: StoredCheckpoint,
  ): Promise<{ note: string; witnessed?: 'pending' | 'cosigned' }> {
    let policy;
    try {
      policy = await policyOf(tx, jurisdiction);
    } catch (e) {
      console.error(
        `[receipts] ${jurisdiction}: bad witnessPolicy: ${e instanceof Error ? e.message : String(e)}`,
      );
      return { note: checkpoint.note, witnessed: 'pending' };
    }
    if (policy === null) return { note: checkpoint.note };
    const cosigned = await cosignedNote(tx, jurisdiction, checkpoint, policy);
    return cosigned === null
      ? { note: checkpoint.note, witnessed: 'pending' }
      : { note: cosigned, witnessed: 'cosigned' };
  }

  private async issueBatch(
    tx: EntityManager,
    log: StoredLog,
    checkpoint: StoredCheckpoint,
    witnessing: { note: string; witnessed?: 'pending' | 'cosigned' },
  ): Promise<number> {
    const rows = await pendingReceipts(tx, log.jurisdiction, checkpoint.treeSize, BATCH);
    if (rows.length === 0) return 0;
    const indices = rows.map((r) => Number(r.leaf_index));
    const proofs = await log.inclusionProofs(indices, checkpoint.treeSize);
    const issuedAt = new Date().toISOString();
    // each receipt's event continues the trace of the event it is for (no-op when not tracing)
    const forEvents = tracingOn()
      ? await outboxEventHeaders(
          tx,
          rows.map((r) => r.event_id),
        )
      : new Map<string, Record<string, string>>();
    // the batch's receipts in one UPDATE, their events in one outbox INSERT (in leaf order)
    const stored: Array<{ eventId: string; receipt: Receipt }> = [];
    const events: NewOutboxEvent[] = [];
    for (const [i, row] of rows.entries()) {
      const receipt: Receipt = buildReceipt({
        entry: row.entry,
        leafIndex: indices[i],
        inclusionProof: proofs[i],
        checkpoint: witnessing.note,
        ...(witnessing.witnessed === undefined ? {} : { witnessed: witnessing.witnessed }),
      });
      stored.push({ eventId: row.event_id, receipt });
      const parent = contextOfHeaders(forEvents.get(row.event_id) ?? {});
      const issue = { kind: SpanKind.INTERNAL, parent };
      await inSpan('uocava.receipt.issued.v1 issue', issue, async () => {
        events.push(
          outboxRowOf(
            newEvent(
              'uocava.receipt.issued.v1',
              {
                requestId: row.request_id,
                jurisdictionId: log.jurisdiction,
                ...(row.ballot_id === null ? {} : { ballotId: row.ballot_id }),
                forEventId: row.event_id,
                forEventType: row.event_type,
                logOrigin: checkpoint.origin,
                leafIndex: indices[i],
                treeSize: checkpoint.treeSize,
                entrySha256: createHash('sha256').update(row.entry, 'utf8').digest('hex'),
                receipt: { ...receipt },
                issuedAt,
              },
              SOURCE,
            ),
          ),
        );
      });
    }
    await storeReceipts(tx, stored);
    await enqueueOutboxRows(tx, events);
    return rows.length;
  }
}
