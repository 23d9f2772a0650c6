import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import {
  outsideCommitHook,
  storedRollRecordsOf,
  upsertRoll,
  withTenant,
  type JurisdictionKeys,
  type RollRow,
  rollIdHasher,
} from '@uocava/database';
import { canonicalRollRecordJson, normaliseName, rollRowsFromCsv, type RollRecord } from '@uocava/domain';

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

/** The keyed hash of a checked roll record (jurisdiction key): equal exactly when the record is. */
export function rollRecordHash(keys: JurisdictionKeys, record: RollRecord): string {
  return keys.keyedHash('roll-record', canonicalRollRecordJson(record));
}

type Stored = Map<string, { rollRecordId: string; recordHash: string | null }>;

/**
 * What the roll holds of one batch's voters, read in a tenant transaction of its own (the import's
 * connection is busy with the COPY) while the next batch is parsed: the returned promise is
 * awaited when the batch is sealed.
 */
function storedOf(ds: DataSource, keys: JurisdictionKeys, records: readonly RollRecord[]): Promise<Stored> {
  // a read beside the import, not the import itself: an audit entry must not ride on it
  const stored = outsideCommitHook(() =>
    withTenant(ds, keys.jurisdictionId, (tx) =>
      storedRollRecordsOf(
        tx,
        keys.jurisdictionId,
        records.map((r) => r.id),
      ),
    ),
  );
  stored.catch(() => undefined); // awaited when the batch is sealed; an import that stops first drops it
  return stored;
}

/**
 * One batch of checked roll records as stored rows: keyed hashes, and the record sealed. A voter
 * already on the roll (`stored`) keeps its roll record id, so its sealed data is sealed under that
 * id; a voter whose record is the one stored is left out (counted in `unchanged`) unless an
 * earlier row of this file staged it, so that the later row still wins.
 */
function sealed(
  keys: JurisdictionKeys,
  records: readonly RollRecord[],
  stored: Stored,
  staged: Set<string>,
  report: RollImportReport,
): RollRow[] {
  const rows: RollRow[] = [];
  for (const r of records) {
    const recordHash = rollRecordHash(keys, r);
    const before = stored.get(r.id);
    if (before?.recordHash === recordHash && !staged.has(r.id)) {
      report.unchanged++;
      continue;
    }
    staged.add(r.id);
    const id = before?.rollRecordId ?? randomUUID();
    rows.push({
      rollRecordId: id,
      stateVoterId: r.id,
      lastNameKey: keys.keyedHash('last-name', normaliseName(r.lastName)),
      dobKey: keys.keyedHash('dob', r.dateOfBirth),
      driversLicenseHash: r.driversLicenseHash ?? null,
      ssn4Hash: r.ssn4Hash ?? null,
      precinct: r.precinct ?? null,
      party: r.party ?? null,
      status: r.status,
      pii: keys.sealJson(`roll:${id}`, r),
      recordHash,
    });
  }
  return rows;
}

/**
 * Streams a roll CSV into the jurisdiction's roll in one transaction: rows are parsed, checked,
 * sealed and streamed into the roll's staging table while the file is read, then upserted by state
 * voter id (the later row of a voter wins). A file that cannot be read to its end changes nothing.
 */
export async function importRoll(
  ds: DataSource,
  keys: JurisdictionKeys,
  input: NodeJS.ReadableStream,
): Promise<RollImportReport> {
  const report: RollImportReport = { applied: 0, unchanged: 0, refused: 0, refusals: [], aborted: false };
  // the voters this import has staged (a later row of the same voter is staged too, and wins)
  const staged = new Set<string>();
  const hash = rollIdHasher(keys);
  async function* batches(): AsyncGenerator<RollRow[]> {
    let batch: RollRecord[] = [];
    // the batch parsed last, its look-up running while the next one is parsed (one at a time)
    let ahead: { records: RollRecord[]; stored: Promise<Stored> } | undefined;
    const lookUp = (records: RollRecord[]) => ({ records, stored: storedOf(ds, keys, records) });
    for await (const row of rollRowsFromCsv(input as Readable, hash)) {
      if (!row.ok) {
        report.refused++;
        if (report.refusals.length < MAX_REPORTED_REFUSALS)
          report.refusals.push({ line: row.line, reasons: row.reasons });
        if (row.line === 1 || row.reasons.some((r) => r.startsWith('malformed'))) report.aborted = true;
        continue;
      }
      batch.push(row.record);
      if (batch.length >= BATCH) {
        const done = ahead && { records: ahead.records, stored: await ahead.stored };
        ahead = lookUp(batch);
        batch = [];
        if (done) yield sealed(keys, done.records, done.stored, staged, report);
      }
    }
    if (report.aborted) throw new AbortImport();
    const done = ahead && { records: ahead.records, stored: await ahead.stored };
    ahead = batch.length ? lookUp(batch) : undefined;
    if (done) yield sealed(keys, done.records, done.stored, staged, report);
    if (ahead) yield sealed(keys, ahead.records, await ahead.stored, staged, report);
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
