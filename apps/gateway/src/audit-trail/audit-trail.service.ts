import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { auditEntries, withTenant, type StoredAuditEntry } from '@uocava/database';
import { csvField, spreadsheetSafe } from '@uocava/domain';
import { invalidRequest } from '@uocava/platform';
import { checked } from '../common/input';
import type { OfficePrincipal } from '../common/office-auth';
import { parseAuditLogQuery } from './audit-trail.schemas';

const AUDIT_COLUMNS = [
  'auditId',
  'at',
  'keyId',
  'staffId',
  'role',
  'action',
  'target',
  'outcome',
  'details',
] as const;

/**
 * The audit trail as CSV (one line per entry; details as JSON), for the API and the clerk's pages.
 * Every cell is guarded against spreadsheet formula injection (targets and details carry what
 * callers sent): a cell starting with = + - @, tab or CR gets a leading `'`.
 */
export function auditLogCsv(items: readonly StoredAuditEntry[]): string {
  const cell = (v: unknown): string =>
    csvField(
      spreadsheetSafe(
        v === null || v === undefined
          ? ''
          : v instanceof Date
            ? v.toISOString()
            : typeof v === 'object'
              ? JSON.stringify(v)
              : String(v),
      ),
    );
  return (
    [AUDIT_COLUMNS.join(','), ...items.map((r) => AUDIT_COLUMNS.map((c) => cell(r[c])).join(','))].join(
      '\n',
    ) + '\n'
  );
}

/** The staff audit trail of the office's jurisdiction (who did what, when, with what outcome). */
@Injectable()
export class AuditTrailService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async entries(p: OfficePrincipal, query: unknown): Promise<{ items: StoredAuditEntry[] }> {
    const q = checked(parseAuditLogQuery(query));
    for (const name of ['from', 'to'] as const) {
      const v = q[name];
      if (v !== undefined && Number.isNaN(Date.parse(v)))
        throw invalidRequest([
          { field: name, pointer: `/${name}`, code: 'invalid', message: 'a date or date-time' },
        ]);
    }
    const items = await withTenant(this.ds, p.jurisdictionId, (tx) => auditEntries(tx, p.jurisdictionId, q));
    return { items };
  }
}
