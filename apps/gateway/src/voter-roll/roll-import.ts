import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import {
  outsideCommitHook,
  storedRollRecordsOf,
  upsertRoll,
  withTenant,
  type JurisdictionKeys,
  type StagedRollLine,
} from '@uocava/database';
import { rollCsvRecords } from '@uocava/domain';
import type { CheckedBatch, RollBatch } from './roll-batch';
import { inThisThread, rollWorkers, type RollBatchChecker } from './roll-workers';

const BATCH = 2000;
const MAX_REPORTED_REFUSALS = 1000;

/** The answer of `POST /api/v1/office/voter-roll` (RollImportReport), for the OpenAPI document. */
export const rollImportReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['applied', 'unchanged', 'refused', 'refusals', 'aborted'],
  properties: {
    applied: { type: 'integer', minimum: 0, description: 'rows inserted or updated' },
    unchanged: {
      type: 'integer',
      minimum: 0,
      description: 'rows of voters already on the roll with the same record: left as they were',
    },
    refused: { type: 'integer', minimum: 0 },
    refusals: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['line', 'reasons'],
        properties: {
          line: { type: 'integer', minimum: 1 },
          reasons: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    aborted: { type: 'boolean', description: 'the file could not be read to its end: nothing was applied' },
  },
} as const;

export interface RollImportReport {
  applied: number;
  unchanged: number;
  refused: number;
  refusals: Array<{ line: number; reasons: string[] }>;
  /** true when the file could not be read to its end: then nothing was applied */
  aborted: boolean;
}

class AbortImport extends Error {}

/** The first batches of an import are checked in this thread, so that a small file starts no thread. */
const IN_THIS_THREAD_FIRST = 1;

/**
 * What the roll holds of one batch's voters, read in a tenant transaction of its own (the import's
 * connection is busy with the COPY).
 */
function storedOf(
  ds: DataSource,
  keys: JurisdictionKeys,
  ids: readonly string[],
): Promise<RollBatch['stored']> {
  // a read beside the import, not the import itself: an audit entry must not ride on it
  return outsideCommitHook(() =>
    withTenant(ds, keys.jurisdictionId, (tx) => storedRollRecordsOf(tx, keys.jurisdictionId, ids)),
  );
}

/**
 * Streams a roll CSV into the jurisdiction's roll in one transaction: rows are read, checked,
 * sealed and streamed into the roll's staging table while the file is read, then upserted by state
 * voter id (the later row of a voter wins). A file that cannot be read to its end changes nothing.
 * Each batch is looked up (one look-up at a time) while the next is read, then checked and sealed
 * on the roll-import threads (`workers`; the first batch in this thread, so a small file starts
 * none), several batches at once; their results are staged in file order.
 */
export async function importRoll(
  ds: DataSource,
  keys: JurisdictionKeys,
  input: NodeJS.ReadableStream,
  workers: RollBatchChecker = rollWorkers(),
): Promise<RollImportReport> {
  const report: RollImportReport = { applied: 0, unchanged: 0, refused: 0, refusals: [], aborted: false };
  const refuse = (line: number, reasons: string[]) => {
    report.refused++;
    if (report.refusals.length < MAX_REPORTED_REFUSALS) report.refusals.push({ line, reasons });
  };
  // the voters this import has staged (a later row of the same voter is staged too, and wins)
  const staged = new Set<string>();
  // the state voter ids of the batches handed over so far
  const seen = new Set<string>();
  let lookedUp: Promise<unknown> = Promise.resolve();
  let handedOver = 0;
  const underWay: Array<Promise<CheckedBatch>> = [];

  function handOver(lines: number[], fields: string[][]): void {
    const ids = fields.map((f) => (f[0] ?? '').trim());
    const seenBefore = ids.filter((id) => seen.has(id));
    for (const id of ids) seen.add(id);
    const stored = lookedUp.then(() => storedOf(ds, keys, ids));
    lookedUp = stored.catch(() => undefined);
    const checker = handedOver++ < IN_THIS_THREAD_FIRST ? inThisThread : workers;
    const checked = stored.then((s) => checker.check(keys, { lines, fields, stored: s, seenBefore }));
    checked.catch(() => undefined); // awaited in order below; an import that stops first drops it
    underWay.push(checked);
  }

  function staging(batch: CheckedBatch): StagedRollLine[] {
    for (const r of batch.refusals) refuse(r.line, r.reasons);
    report.unchanged += batch.unchanged;
    const lines: StagedRollLine[] = [];
    for (const row of batch.rows) {
      if (row.ifStaged && !staged.has(row.stateVoterId)) {
        report.unchanged++;
        continue;
      }
      staged.add(row.stateVoterId);
      lines.push(row);
    }
    return lines;
  }

  async function* batches(): AsyncGenerator<StagedRollLine[]> {
    let lines: number[] = [];
    let fields: string[][] = [];
    // a bad header or malformed CSV: reading stopped there, and the import applies nothing
    let stopped: { line: number; reasons: string[] } | undefined;
    for await (const row of rollCsvRecords(input as Readable)) {
      if (!row.ok) {
        stopped = row;
        continue;
      }
      lines.push(row.line);
      fields.push(row.fields);
      if (fields.length >= BATCH) {
        handOver(lines, fields);
        lines = [];
        fields = [];
        while (underWay.length > workers.parallel) yield staging(await underWay.shift()!);
      }
    }
    if (fields.length) handOver(lines, fields);
    // the rows before the stop are still checked: the report lists their refusals
    while (underWay.length) {
      const batch = staging(await underWay.shift()!);
      if (!stopped) yield batch;
    }
    if (stopped) {
      refuse(stopped.line, stopped.reasons);
      report.aborted = true;
      throw new AbortImport();
    }
  }
  try {
    report.applied = await upsertRoll(ds, keys.jurisdictionId, batches());
  } catch (error) {
    if (!(error instanceof AbortImport)) throw error;
    report.applied = 0;
    report.unchanged = 0;
  }
  return report;
}
