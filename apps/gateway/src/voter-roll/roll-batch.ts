/**
 * The CPU work of the roll import for one batch of CSV rows, apart from its I/O so that it runs on
 * a worker thread (roll-batch.worker.ts) as well as in the gateway's own: each row checked, its ID
 * numbers and record hashed, and a voter whose record changed sealed and formatted for the staging
 * COPY. Imports only what that needs (no database layer, no Nest).
 */
import { randomUUID } from 'node:crypto';
import { JurisdictionKeys } from '@uocava/database/pii';
import { rollIdHasher, sealedRollRow } from '@uocava/database/roll-hash';
import { rollStageLine, type RollStageLine } from '@uocava/database/tables/voter-roll-stage';
import { canonicalRollRecordJson, parseRollRow } from '@uocava/domain/fpca/roll';
import type { RollRecord } from '@uocava/domain/fpca/matching';

/** A batch of data rows as read, with what the roll holds of their voters. */
export interface RollBatch {
  /** the line where each row starts */
  lines: number[];
  fields: string[][];
  /** the voters of this batch already on the roll, by state voter id (a Map crosses threads as it is) */
  stored: Map<string, { rollRecordId: string; recordHash: string | null }>;
  /** the state voter ids of this batch that rows of earlier batches of the file also had */
  seenBefore: string[];
}

export interface StagedRow {
  stateVoterId: string;
  line: RollStageLine;
  /**
   * the voter's record is the one stored and an earlier batch had a row of this voter: stage the
   * row only if that import already staged the voter (its later row wins), else it is unchanged
   */
  ifStaged: boolean;
}

export interface CheckedBatch {
  refusals: Array<{ line: number; reasons: string[] }>;
  /** in file order */
  rows: StagedRow[];
  /** rows of voters whose record is the one stored, left out */
  unchanged: number;
}

/** The keyed hash of a checked roll record (jurisdiction key): equal exactly when the record is. */
export function rollRecordHash(keys: JurisdictionKeys, record: RollRecord): string {
  return keys.keyedHash('roll-record', canonicalRollRecordJson(record));
}

/**
 * Checks and seals one batch. A voter already on the roll keeps its roll record id (its data is
 * sealed under that id); a voter whose record is the one stored is left out unless a row of this
 * file staged it before (then the later row wins): within the batch that is known here, across
 * batches the caller decides (`ifStaged`).
 */
export function checkRollBatch(keys: JurisdictionKeys, batch: RollBatch): CheckedBatch {
  const hash = rollIdHasher(keys);
  const seenBefore = new Set(batch.seenBefore);
  const stagedHere = new Set<string>();
  const out: CheckedBatch = { refusals: [], rows: [], unchanged: 0 };
  batch.fields.forEach((fields, k) => {
    const result = parseRollRow(fields, batch.lines[k], hash);
    if (!result.ok) {
      out.refusals.push({ line: result.line, reasons: result.reasons });
      return;
    }
    const r = result.record;
    const recordHash = rollRecordHash(keys, r);
    const before = batch.stored.get(r.id);
    const asStored = before?.recordHash === recordHash && !stagedHere.has(r.id);
    if (asStored && !seenBefore.has(r.id)) {
      out.unchanged++;
      return;
    }
    if (!asStored) stagedHere.add(r.id);
    out.rows.push({
      stateVoterId: r.id,
      ifStaged: asStored,
      line: rollStageLine(sealedRollRow(keys, before?.rollRecordId ?? randomUUID(), r, recordHash)),
    });
  });
  return out;
}
