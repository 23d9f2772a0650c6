import { Controller, HttpCode, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { KeyRing, outsideCommitHook, withTenant, type JurisdictionKeys } from '@uocava/database';
import { normaliseName, rollRowsFromCsv, type RollRecord } from '@uocava/domain';
import { ProblemException, rollIdHasher } from '@uocava/platform';
import { AuditAction, AuditedOfficeGuard, AuditInterceptor } from '../operations/audit';
import { Principal, Roles, type OfficePrincipal } from './office-auth';

const BATCH = 2000;
const MAX_REPORTED_REFUSALS = 1000;

export interface RollImportReport {
  applied: number;
  refused: number;
  refusals: Array<{ line: number; reasons: string[] }>;
  /** true when the file could not be read to its end: then nothing was applied */
  aborted: boolean;
}

/** COPY text-format field: NULL as \\N; backslash, tab, newline and carriage return escaped. */
function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

/**
 * One batch of roll records as COPY text lines for the staging table. A voter already on the roll
 * keeps its roll record id, so its sealed data is sealed under that id (looked up in a tenant
 * transaction of its own on another connection: the import's own connection is busy with the COPY).
 */
async function stageLines(
  ds: DataSource,
  keys: JurisdictionKeys,
  records: RollRecord[],
  firstSeq: number,
): Promise<string> {
  // a read beside the import, not the import itself: an audit entry must not ride on it
  const existing: Array<{ state_voter_id: string; roll_record_id: string }> = await outsideCommitHook(() =>
    withTenant(ds, keys.jurisdictionId, (tx) =>
      tx.query(
        `SELECT state_voter_id, roll_record_id FROM voter_roll WHERE jurisdiction_id = $1 AND state_voter_id = ANY($2::text[])`,
        [keys.jurisdictionId, records.map((r) => r.id)],
      ),
    ),
  );
  const kept = new Map(existing.map((e) => [e.state_voter_id, e.roll_record_id]));
  let out = '';
  records.forEach((r, i) => {
    const id = kept.get(r.id) ?? randomUUID();
    const pii = keys.sealJson(`roll:${id}`, r);
    out +=
      [
        String(firstSeq + i),
        id,
        copyText(r.id),
        keys.keyedHash('last-name', normaliseName(r.lastName)),
        keys.keyedHash('dob', r.dateOfBirth),
        copyText(r.driversLicenseHash),
        copyText(r.ssn4Hash),
        copyText(r.precinct),
        copyText(r.party),
        copyText(r.status),
        `\\\\x${pii.toString('hex')}`,
      ].join('\t') + '\n';
  });
  return out;
}

/**
 * Streams a roll CSV into the jurisdiction's roll in one transaction: rows are parsed, checked,
 * sealed and streamed with COPY into a staging table while the file is read; one
 * INSERT ... ON CONFLICT then upserts them by state voter id (the later row of a voter wins).
 */
export async function importRoll(
  ds: DataSource,
  keys: JurisdictionKeys,
  input: NodeJS.ReadableStream,
): Promise<RollImportReport> {
  const report: RollImportReport = { applied: 0, refused: 0, refusals: [], aborted: false };
  const hash = rollIdHasher(keys);
  try {
    await withTenant(ds, keys.jurisdictionId, async (tx) => {
      await tx.query(
        `CREATE TEMP TABLE roll_import_stage (seq integer, roll_record_id uuid, state_voter_id text,
           last_name_key text, dob_key text, drivers_license_hash text, ssn4_hash text, precinct text,
           party text, status text, pii bytea) ON COMMIT DROP`,
      );
      const client = (await (
        tx.queryRunner as unknown as { connect(): Promise<PoolClient> }
      ).connect()) as PoolClient;
      const copy = client.query(copyFrom(`COPY roll_import_stage FROM STDIN`));
      const copied = finished(copy);
      copied.catch(() => undefined); // awaited below; an early failure surfaces there
      let staged = 0;
      let batch: RollRecord[] = [];
      const flush = async () => {
        const lines = await stageLines(ds, keys, batch, staged);
        staged += batch.length;
        batch = [];
        if (!copy.write(lines)) await Promise.race([once(copy, 'drain'), copied]);
      };
      try {
        for await (const row of rollRowsFromCsv(input as import('node:stream').Readable, hash)) {
          if (!row.ok) {
            report.refused++;
            if (report.refusals.length < MAX_REPORTED_REFUSALS)
              report.refusals.push({ line: row.line, reasons: row.reasons });
            if (row.line === 1 || row.reasons.some((r) => r.startsWith('malformed'))) report.aborted = true;
            continue;
          }
          batch.push(row.record);
          if (batch.length >= BATCH) await flush();
        }
        if (report.aborted) throw new AbortImport();
        if (batch.length) await flush();
        copy.end();
        await copied;
      } catch (error) {
        copy.destroy(error instanceof Error ? error : new Error(String(error)));
        await copied.catch(() => undefined);
        throw error;
      }
      const applied: Array<{ n: number }> = await tx.query(
        `WITH upserted AS (
           INSERT INTO voter_roll (roll_record_id, jurisdiction_id, state_voter_id, last_name_key, dob_key,
             drivers_license_hash, ssn4_hash, precinct, party, status, pii, updated_at)
           SELECT DISTINCT ON (s.state_voter_id) s.roll_record_id, $1, s.state_voter_id, s.last_name_key, s.dob_key,
             s.drivers_license_hash, s.ssn4_hash, s.precinct, s.party, s.status, s.pii, now()
           FROM roll_import_stage s ORDER BY s.state_voter_id, s.seq DESC
           ON CONFLICT (jurisdiction_id, state_voter_id) DO UPDATE SET
             last_name_key = EXCLUDED.last_name_key, dob_key = EXCLUDED.dob_key,
             drivers_license_hash = EXCLUDED.drivers_license_hash, ssn4_hash = EXCLUDED.ssn4_hash,
             precinct = EXCLUDED.precinct, party = EXCLUDED.party, status = EXCLUDED.status,
             pii = EXCLUDED.pii, updated_at = now()
           RETURNING 1)
         SELECT count(*)::int AS n FROM upserted`,
        [keys.jurisdictionId],
      );
      report.applied = applied[0].n;
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
@UseGuards(AuditedOfficeGuard)
@UseInterceptors(AuditInterceptor)
@Controller('api/v1/office/voter-roll')
export class VoterRollController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'clerk')
  @AuditAction('voter-roll.import')
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
