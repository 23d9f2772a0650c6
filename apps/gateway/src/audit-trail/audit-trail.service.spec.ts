import { parse } from 'csv-parse/sync';
import { auditLogCsv } from './audit-trail.service';

describe('auditLogCsv', () => {
  const entry = {
    auditId: '1',
    at: new Date('2026-11-03T10:00:00Z'),
    keyId: 'k1',
    staffId: null,
    role: 'clerk' as const,
    action: 'ballot.reject',
    target: '=HYPERLINK("http://evil.example","click")',
    outcome: 'ok',
    details: { note: 'x' },
  };

  it('guards every cell against spreadsheet formulas, and keeps the others as they are', () => {
    const rows = parse(
      auditLogCsv([entry, { ...entry, auditId: '2', target: '-1+2', keyId: '@k', role: null }]),
    ) as string[][];
    expect(rows[0]).toEqual([
      'auditId',
      'at',
      'keyId',
      'staffId',
      'role',
      'action',
      'target',
      'outcome',
      'details',
    ]);
    expect(rows[1]).toEqual([
      '1',
      '2026-11-03T10:00:00.000Z',
      'k1',
      '',
      'clerk',
      'ballot.reject',
      `'=HYPERLINK("http://evil.example","click")`,
      'ok',
      '{"note":"x"}',
    ]);
    expect(rows[2][2]).toBe("'@k");
    expect(rows[2][4]).toBe('');
    expect(rows[2][6]).toBe("'-1+2");
  });
});
