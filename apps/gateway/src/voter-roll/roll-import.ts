import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import {
  outsideCommitHook,
  rollRecordIdsOf,
  upsertRoll,
  withTenant,
  type JurisdictionKeys,
  type RollRow,
  rollIdHasher,
} from '@uocava/database';
import { normaliseName, rollRowsFromCsv, type RollRecord } from '@uocava/domain';

const BATCH = 2000;
const MAX_REPORTED_REFUSALS = 1000;

/** The answer of `POST /api/v1/office/voter-roll` (RollImportReport), for the OpenAPI document. */
export const rollImportReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['applied', 'refused', 'refusals', 'aborted'],
  properties: {
    applied: { type: 'integer', minimum: 0, description: 'rows inserted or updated' },
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
  refused: number;
  refusals: Array<{ line: number; reasons: string[] }>;
  /** true when the file could not be read to its end: then nothing was applied */
  aborted: boolean;
}

class AbortImport extends Error {}

/**
 * One batch of checked roll records as stored rows: keyed hashes, and the record sealed. A voter
 * already on the roll keeps its roll record id, so its sealed data is sealed under that id (looked
 * up in a tenant transaction of its own: the import's connection is busy with the COPY).
 */
async function sealed(ds: DataSource, keys: JurisdictionKeys, records: RollRecord[]): Promise<RollRow[]> {
  // a read beside the import, not the import itself: an audit entry must not ride on it
  const kept = await outsideCommitHook(() =>
    withTenant(ds, keys.jurisdictionId, (tx) =>
      rollRecordIdsOf(
        tx,
        keys.jurisdictionId,
        records.map((r) => r.id),
      ),
    ),
  );
  return records.map((r) => {
    const id = kept.get(r.id) ?? randomUUID();
    return {
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
    };
  });
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
  const report: RollImportReport = { applied: 0, refused: 0, refusals: [], aborted: false };
  const hash = rollIdHasher(keys);
  async function* batches(): AsyncGenerator<RollRow[]> {
    let batch: RollRecord[] = [];
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
        yield await sealed(ds, keys, batch);
        batch = [];
      }
    }
    if (report.aborted) throw new AbortImport();
    if (batch.length) yield await sealed(ds, keys, batch);
  }
  try {
    report.applied = await upsertRoll(ds, keys.jurisdictionId, batches());
  } catch (error) {
    if (!(error instanceof AbortImport)) throw error;
    report.applied = 0;
  }
  return report;
}
