import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import canonicalize from 'canonicalize-cjs';
import { JurisdictionKeys } from '@uocava/database';
import { ROLL_CSV_HEADER, type RollRecord } from '@uocava/domain';
import { checkRollBatch, rollRecordHash, type CheckedBatch, type RollBatch } from './roll-batch';
import {
  inThisThread,
  rollImportThreads,
  rollThreadExecArgv,
  rollWorkers,
  stopRollWorkers,
} from './roll-workers';

const keys = new JurisdictionKeys('roll-batch-test', randomBytes(32));

const fields = (id: string, precinct = 'p-1'): string[] => {
  const row: Record<string, string> = {
    state_voter_id: id,
    first_name: 'Ann',
    middle_name: '',
    last_name: 'Able',
    suffix: '',
    date_of_birth: '1950-01-01',
    drivers_license: 'AB123456',
    ssn4: '',
    residence_street: '1 Main St',
    residence_city: 'Youngstown',
    residence_state: 'OH',
    residence_zip: '44505',
    county: 'Mahoning',
    precinct,
    party: '',
    status: 'active',
  };
  return ROLL_CSV_HEADER.map((h) => row[h]);
};

/** The record hash a row's record has, as the import stores it. */
function storedHash(id: string, precinct = 'p-1'): string {
  const r = checkRollBatch(keys, {
    lines: [2],
    fields: [fields(id, precinct)],
    stored: new Map(),
    seenBefore: [],
  });
  const staged = r.rows[0].line.split('\t');
  return staged[staged.length - 1];
}

const batch: RollBatch = {
  lines: [2, 3, 4, 5, 6, 7, 8],
  fields: [
    fields('NEW-1'),
    fields('BAD ID'),
    fields('SAME-1'), // as stored: left out
    fields('SAME-2'), // as stored, but an earlier batch had this voter: the caller decides
    fields('FLIP-1', 'p-7'), // changed ...
    fields('FLIP-1'), // ... then as stored, in the same batch: the later row wins, staged
    fields('MOVED-1', 'p-9'), // changed: keeps its roll record id
  ],
  stored: new Map(
    [
      ['SAME-1', '00000000-0000-4000-8000-000000000001', storedHash('SAME-1')],
      ['SAME-2', '00000000-0000-4000-8000-000000000002', storedHash('SAME-2')],
      ['FLIP-1', '00000000-0000-4000-8000-000000000003', storedHash('FLIP-1')],
      ['MOVED-1', '00000000-0000-4000-8000-000000000004', storedHash('MOVED-1')],
    ].map(([id, rollRecordId, recordHash]) => [id, { rollRecordId, recordHash }]),
  ),
  seenBefore: ['SAME-2'],
};

/** What does not depend on fresh randomness (new roll record ids, nonces). */
const shape = (c: CheckedBatch) => ({
  refusals: c.refusals,
  unchanged: c.unchanged,
  rows: c.rows.map((r) => {
    const [rollRecordId, stateVoterId, , , , , precinct] = r.line.split('\t');
    return { stateVoterId, ifStaged: r.ifStaged, precinct, kept: rollRecordId.startsWith('00000000') };
  }),
});

describe('checkRollBatch', () => {
  it('refuses bad rows, leaves unchanged voters out, keeps roll record ids, lets the later row win', () => {
    expect(shape(checkRollBatch(keys, batch))).toEqual({
      refusals: [{ line: 3, reasons: [expect.stringContaining('state_voter_id')] }],
      unchanged: 1,
      rows: [
        { stateVoterId: 'NEW-1', ifStaged: false, precinct: 'p-1', kept: false },
        { stateVoterId: 'SAME-2', ifStaged: true, precinct: 'p-1', kept: true },
        { stateVoterId: 'FLIP-1', ifStaged: false, precinct: 'p-7', kept: true },
        { stateVoterId: 'FLIP-1', ifStaged: false, precinct: 'p-1', kept: true },
        { stateVoterId: 'MOVED-1', ifStaged: false, precinct: 'p-9', kept: true },
      ],
    });
  });

  it('hashes a record as its canonical JSON (RFC 8785) under the jurisdiction key', () => {
    const record: RollRecord = {
      status: 'active',
      id: 'X',
      lastName: 'able',
      firstName: 'ann',
      dateOfBirth: '1950-01-01' as RollRecord['dateOfBirth'],
      residence: { zip: '44505', street: '1 Main St', city: 'Youngstown', state: 'OH' },
    };
    expect(rollRecordHash(keys, record)).toBe(keys.keyedHash('roll-record', canonicalize(record) ?? ''));
  });
});

describe('the roll-import threads', () => {
  afterAll(() => stopRollWorkers());

  it('check a batch as this thread does, with the keys handed over as key objects', async () => {
    const threads = rollWorkers(1);
    expect(threads).not.toBe(inThisThread);
    const there = await threads.check(keys, batch);
    expect(shape(there)).toEqual(shape(checkRollBatch(keys, batch)));
    // what a thread sealed opens here: same keys, same purpose
    const moved = there.rows[4].line.split('\t');
    const sealed = Buffer.from(moved[9].replace(/^\\\\x/, ''), 'hex');
    expect(keys.openJson<RollRecord>(`roll:${moved[0]}`, sealed)).toMatchObject({
      id: 'MOVED-1',
      precinct: 'p-9',
    });
  });

  it('start in a process run with V8 flags (a Worker refuses them as execArgv; it inherits them)', () => {
    // as `npm run bench` (--expose-gc) or an operator's --max-old-space-size runs the gateway
    const script = `
      const { randomBytes } = require('node:crypto');
      const { JurisdictionKeys } = require(${JSON.stringify(require.resolve('@uocava/database'))});
      const { rollWorkers, stopRollWorkers } = require(${JSON.stringify(require.resolve('./roll-workers'))});
      const keys = new JurisdictionKeys('roll-thread-flags', randomBytes(32));
      const batch = ${JSON.stringify({ lines: batch.lines, fields: batch.fields, seenBefore: [] })};
      rollWorkers(1).check(keys, { ...batch, stored: new Map() })
        .then((out) => { process.stdout.write(String(out.rows.length)); return stopRollWorkers(); })
        .catch((e) => { process.stdout.write('failed: ' + e.message); process.exitCode = 1; });`;
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=512', '-r', '@swc-node/register', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(out).toBe(String(checkRollBatch(keys, { ...batch, stored: new Map() }).rows.length));
  });

  it('inherit the process flags, or load the TypeScript hook where the process has another', () => {
    const ts = '/app/roll-batch.worker.ts';
    expect(rollThreadExecArgv(ts, ['--expose-gc', '-r', '@swc-node/register'])).toBeUndefined();
    expect(rollThreadExecArgv('/app/roll-batch.worker.js', ['--expose-gc'])).toBeUndefined();
    expect(rollThreadExecArgv(ts, ['--expose-gc'])).toEqual(['-r', '@swc-node/register']);
  });

  it('are as many as ROLL_IMPORT_THREADS says (0: none), at most 4 by default', () => {
    expect(rollImportThreads({ ROLL_IMPORT_THREADS: '0' })).toBe(0);
    expect(rollImportThreads({ ROLL_IMPORT_THREADS: '3' })).toBe(3);
    expect(rollImportThreads({})).toBeGreaterThanOrEqual(1);
    expect(rollImportThreads({})).toBeLessThanOrEqual(4);
    expect(() => rollImportThreads({ ROLL_IMPORT_THREADS: 'two' })).toThrow(/ROLL_IMPORT_THREADS/);
    expect(rollWorkers(0)).toBe(inThisThread);
  });
});
