import { Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import { KeyRing, withTenant, type JurisdictionKeys } from '@uocava/database';
import { normaliseName, rollRowsFromCsv, type RollRecord } from '@uocava/domain';
import { ProblemException, rollIdHasher } from '@uocava/platform';
import { OfficeAuthGuard, Principal, Roles, type OfficePrincipal } from './office-auth';

const BATCH = 2000;
const MAX_REPORTED_REFUSALS = 1000;

export interface RollImportReport {
  applied: number;
  refused: number;
  refusals: Array<{ line: number; reasons: string[] }>;
  /** true when the file could not be read to its end: then nothing was applied */
  aborted: boolean;
}

/** Upserts a batch of roll records by state voter id; personal data sealed, look-up keys hashed. */
async function upsertBatch(tx: EntityManager, keys: JurisdictionKeys, records: RollRecord[]): Promise<void> {
  const ids: string[] = [];
  const voterIds: string[] = [];
  const lastKeys: string[] = [];
  const dobKeys: string[] = [];
  const dl: Array<string | null> = [];
  const ssn4: Array<string | null> = [];
  const precincts: Array<string | null> = [];
  const parties: Array<string | null> = [];
  const statuses: string[] = [];
  const pii: Buffer[] = [];
  for (const r of records) {
    const id = randomUUID();
    ids.push(id);
    voterIds.push(r.id);
    lastKeys.push(keys.keyedHash('last-name', normaliseName(r.lastName)));
    dobKeys.push(keys.keyedHash('dob', r.dateOfBirth));
    dl.push(r.driversLicenseHash ?? null);
    ssn4.push(r.ssn4Hash ?? null);
    precincts.push(r.precinct ?? null);
    parties.push(r.party ?? null);
    statuses.push(r.status);
    pii.push(keys.sealJson(`roll:${id}`, r));
  }
  // On update the row keeps its id, so the sealed data must be re-sealed under that id: do it in SQL
  // by updating only when the id is new, else re-insert with the kept id (second statement).
  const existing: Array<{ state_voter_id: string; roll_record_id: string }> = await tx.query(
    `SELECT state_voter_id, roll_record_id FROM voter_roll WHERE jurisdiction_id = $1 AND state_voter_id = ANY($2::text[])`,
    [keys.jurisdictionId, voterIds],
  );
  const kept = new Map(existing.map((e) => [e.state_voter_id, e.roll_record_id]));
  for (let i = 0; i < records.length; i++) {
    const keep = kept.get(voterIds[i]);
    if (keep) {
      ids[i] = keep;
      pii[i] = keys.sealJson(`roll:${keep}`, records[i]);
    }
  }
  await tx.query(
    `INSERT INTO voter_roll (roll_record_id, jurisdiction_id, state_voter_id, last_name_key, dob_key,
       drivers_license_hash, ssn4_hash, precinct, party, status, pii, updated_at)
     SELECT u.id, $1, u.voter_id, u.last_key, u.dob_key, u.dl, u.ssn4, u.precinct, u.party, u.status, u.pii, now()
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::bytea[])
          AS u(id, voter_id, last_key, dob_key, dl, ssn4, precinct, party, status, pii)
     ON CONFLICT (jurisdiction_id, state_voter_id) DO UPDATE SET
       last_name_key = EXCLUDED.last_name_key, dob_key = EXCLUDED.dob_key,
       drivers_license_hash = EXCLUDED.drivers_license_hash, ssn4_hash = EXCLUDED.ssn4_hash,
       precinct = EXCLUDED.precinct, party = EXCLUDED.party, status = EXCLUDED.status,
       pii = EXCLUDED.pii, updated_at = now()`,
    [keys.jurisdictionId, ids, voterIds, lastKeys, dobKeys, dl, ssn4, precincts, parties, statuses, pii],
  );
}

/** Streams a roll CSV into the jurisdiction's roll in one transaction. */
export async function importRoll(
  ds: DataSource,
  keys: JurisdictionKeys,
  input: NodeJS.ReadableStream,
): Promise<RollImportReport> {
  const report: RollImportReport = { applied: 0, refused: 0, refusals: [], aborted: false };
  const hash = rollIdHasher(keys);
  const seen = new Set<string>();
  try {
    await withTenant(ds, keys.jurisdictionId, async (tx) => {
      let batch: RollRecord[] = [];
      for await (const row of rollRowsFromCsv(input as import('node:stream').Readable, hash)) {
        if (!row.ok) {
          report.refused++;
          if (report.refusals.length < MAX_REPORTED_REFUSALS)
            report.refusals.push({ line: row.line, reasons: row.reasons });
          if (row.line === 1 || row.reasons.some((r) => r.startsWith('malformed'))) report.aborted = true;
          continue;
        }
        if (seen.has(row.record.id)) {
          // the same voter twice in one file: the later row wins, within a batch too
          batch = batch.filter((r) => r.id !== row.record.id);
        }
        seen.add(row.record.id);
        batch.push(row.record);
        if (batch.length >= BATCH) {
          await upsertBatch(tx, keys, batch);
          report.applied += batch.length;
          batch = [];
        }
      }
      if (report.aborted) throw new AbortImport();
      if (batch.length) {
        await upsertBatch(tx, keys, batch);
        report.applied += batch.length;
      }
    });
  } catch (error) {
    if (!(error instanceof AbortImport)) throw error;
    report.applied = 0;
  }
  return report;
}

class AbortImport extends Error {}

@ApiTags('office')
@ApiBearerAuth()
@UseGuards(OfficeAuthGuard)
@Controller('api/v1/office/voter-roll')
export class VoterRollController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'clerk')
  @ApiConsumes('text/csv')
  @ApiOperation({
    summary: 'Import (upsert) the voter roll from CSV, streamed',
    description:
      'Header: state_voter_id,first_name,middle_name,last_name,suffix,date_of_birth,drivers_license,ssn4,' +
      'residence_street,residence_city,residence_state,residence_zip,county,precinct,party,status. Rows that fail are ' +
      'refused with their line numbers and reasons; a file that cannot be read to its end changes nothing.',
  })
  async import(@Principal() principal: OfficePrincipal, @Req() req: Request): Promise<RollImportReport> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/csv') {
      throw new ProblemException(
        415,
        'unsupported-media-type',
        'Unsupported content type',
        'Send the roll as text/csv.',
      );
    }
    const keys = await this.keyRing.forJurisdiction(principal.jurisdictionId);
    return importRoll(this.ds, keys, req);
  }
}
