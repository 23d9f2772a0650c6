import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import canonicalize from 'canonicalize-cjs';
import type { DataSource } from 'typeorm';
import type { FieldProblem } from '@uocava/contracts/http';
import { activeRequestOfVoter, KeyRing, requestOfVoterWithBody, withTenant } from '@uocava/database';
import { utcDateOf } from '@uocava/domain';
import { Clock } from '../common/clock';
import type { OfficePrincipal } from '../common/office-auth';
import { IntakeService, voterKey } from '../intake/intake.service';
import { checkVriBatch } from './vri-import.rules';

export type VriRecordResult =
  | { record: number; line: number; status: 'accepted'; requestId: string; trackingCode: string }
  | { record: number; line: number; status: 'already-imported' | 'duplicate'; requestId?: string }
  | { record: number; line: number; status: 'invalid'; errors: FieldProblem[] };

export interface VriImportReport {
  records: number;
  accepted: number;
  alreadyImported: number;
  duplicates: number;
  invalid: number;
  results: VriRecordResult[];
}

/**
 * Imports a file of VRI requests for the office: each record checked and stored as the single
 * intake does (IntakeService.submit, source `nist-vri`), each in its own transaction, so a bad
 * record stops nothing else and no record is half stored. Idempotent: a record stored before (a
 * request of the voter this year with the same body, whatever its status since) is
 * `already-imported` and nothing is written; one
 * whose voter has another active request is a `duplicate` (its request id given to the office),
 * also without a write, so uploading the same file again changes nothing and e-mails nobody.
 */
@Injectable()
export class VriImportService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly intake: IntakeService,
  ) {}

  async import(p: OfficePrincipal, text: string): Promise<VriImportReport> {
    const now = this.clock.now();
    const checked = checkVriBatch(text, p.jurisdictionId, this.clock.today());
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    const results: VriRecordResult[] = [];
    for (const c of checked) {
      if (!c.ok) {
        results.push({ record: c.record, line: c.line, status: 'invalid', errors: c.errors });
        continue;
      }
      const vKey = voterKey(keys, c.value);
      const requestHash = keys.keyedHash('request', canonicalize(c.value) ?? '');
      const year = now.getUTCFullYear();
      const [imported, existing] = await withTenant(this.ds, p.jurisdictionId, async (tx) => [
        await requestOfVoterWithBody(tx, p.jurisdictionId, vKey, year, requestHash),
        await activeRequestOfVoter(tx, p.jurisdictionId, vKey, year, utcDateOf(now)),
      ]);
      if (imported !== undefined) {
        // this very record was stored before (even if its request was rejected since)
        results.push({ record: c.record, line: c.line, status: 'already-imported', requestId: imported });
        continue;
      }
      if (existing !== undefined) {
        results.push({
          record: c.record,
          line: c.line,
          status: existing.requestHash === requestHash ? 'already-imported' : 'duplicate',
          requestId: existing.requestId,
        });
        continue;
      }
      const r = await this.intake.submit(c.value, 'nist-vri', now, 'online');
      if (r.duplicate) {
        // a concurrent submission of the same voter won the race: recorded by the intake as a duplicate
        const again = await withTenant(this.ds, p.jurisdictionId, (tx) =>
          activeRequestOfVoter(tx, p.jurisdictionId, vKey, now.getUTCFullYear(), utcDateOf(now)),
        );
        results.push({
          record: c.record,
          line: c.line,
          status: 'duplicate',
          ...(again === undefined ? {} : { requestId: again.requestId }),
        });
      } else
        results.push({
          record: c.record,
          line: c.line,
          status: 'accepted',
          requestId: r.requestId,
          trackingCode: r.trackingCode,
        });
    }
    const count = (s: VriRecordResult['status']) => results.filter((r) => r.status === s).length;
    return {
      records: results.length,
      accepted: count('accepted'),
      alreadyImported: count('already-imported'),
      duplicates: count('duplicate'),
      invalid: count('invalid'),
      results,
    };
  }
}
