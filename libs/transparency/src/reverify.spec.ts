import { type BallotRequestId, ballotId, ballotRequestId, jurisdictionId } from '@uocava/domain';
import { createHash, randomUUID } from 'node:crypto';
import { Checkpointer } from './checkpointer';
import { assertLogEntry, canonicalEntry, makeLogEntry, type LogEntryInput } from './entry';
import { MemoryLog, type StoredLogEntry } from './log';
import { generateLogKey, logOrigin } from './note';
import { parseVerifierKey, reverifyLog, type VerifierKey } from './verify';

const J = 'us-ny-kings';

function input(subject: string, n: number): LogEntryInput {
  return {
    jurisdiction: jurisdictionId(J),
    subject:
      n % 2 === 0
        ? { kind: 'request', id: ballotRequestId(subject) }
        : { kind: 'ballot', id: ballotId(subject) },
    eventType: 'ballot.transmitted',
    eventId: randomUUID(),
    time: '2026-10-01T00:00:00.000Z',
    dataSha256: createHash('sha256').update(String(n)).digest('hex'),
  };
}

async function setup(): Promise<{ rows: StoredLogEntry[]; note: string; keys: VerifierKey[] }> {
  const { signer, verifierKey } = generateLogKey(logOrigin('log.example', J, 1));
  const log = new MemoryLog(J);
  const cp = new Checkpointer(log, signer, { everyEntries: 1000 });
  const subjects = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await log.append(Array.from({ length: 20 }, (_, i) => input(subjects[i % 4], i)));
  const checkpoint = await cp.checkpoint();
  const k = parseVerifierKey(verifierKey);
  if (!k.ok || checkpoint === null) throw new Error('setup');
  return { rows: await log.entries(0, 20), note: checkpoint.note, keys: [k.value] };
}

describe('full re-verification', () => {
  it('accepts the untouched log', async () => {
    const { rows, note, keys } = await setup();
    expect(reverifyLog(rows, note, keys)).toEqual({
      ok: true,
      checkedSize: 20,
      extraEntries: 0,
      problems: [],
    });
  });

  it('detects an edited entry (even with its stored leaf hash recomputed)', async () => {
    const { rows, note, keys } = await setup();
    const e = JSON.parse(rows[6].entry) as Record<string, unknown>;
    e.eventType = 'ballot.accepted';
    const edited = rows.map((r) => ({ ...r }));
    edited[6].entry = JSON.stringify(e);
    const report = reverifyLog(edited, note, keys);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/leaf 6: stored leaf hash/);
    expect(report.problems.join('\n')).toMatch(/root of the first 20 entries differs/);
    const r2 = reverifyLog(
      edited.map(({ leafIndex, entry }) => ({ leafIndex, entry })),
      note,
      keys,
    );
    expect(r2.problems.join('\n')).toMatch(/leaf 10: chain .* broken/);
  });

  it('detects a deleted entry', async () => {
    const { rows, note, keys } = await setup();
    const report = reverifyLog([...rows.slice(0, 3), ...rows.slice(4)], note, keys);
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/leaf 3: missing/);
    expect(report.problems.join('\n')).toMatch(/checkpoint commits to 20/);
  });

  it('detects a deleted last entry and reordered entries', async () => {
    const { rows, note, keys } = await setup();
    expect(reverifyLog(rows.slice(0, 19), note, keys).ok).toBe(false);
    const swapped = rows.map((r) => ({ ...r }));
    [swapped[2].entry, swapped[3].entry] = [swapped[3].entry, swapped[2].entry];
    expect(reverifyLog(swapped, note, keys).ok).toBe(false);
  });

  it('detects a forged checkpoint', async () => {
    const { rows, note, keys } = await setup();
    expect(reverifyLog(rows, note.replace('\n20\n', '\n19\n'), keys).ok).toBe(false);
  });
});

describe('log entries', () => {
  const base: LogEntryInput = {
    jurisdiction: jurisdictionId(J),
    subject: { kind: 'request', id: ballotRequestId(randomUUID()) },
    eventType: 'request.submitted',
    eventId: randomUUID(),
    time: '2026-10-01T12:00:00Z',
    dataSha256: 'a'.repeat(64),
  };
  it('canonical JSON, sorted keys', () => {
    const text = canonicalEntry(makeLogEntry(base, null));
    expect(text.startsWith('{"dataSha256":"')).toBe(true);
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'dataSha256',
      'eventId',
      'eventType',
      'jurisdiction',
      'prev',
      'subject',
      'time',
      'v',
    ]);
  });
  it('refuses anything that could carry personal data', () => {
    expect(() => makeLogEntry({ ...base, eventType: 'Jane Doe, 12 Main St' }, null)).toThrow('eventType');
    expect(() =>
      makeLogEntry(
        { ...base, subject: { kind: 'request', id: 'jane@example.org' as BallotRequestId } },
        null,
      ),
    ).toThrow('subject.id');
    expect(() => assertLogEntry({ ...makeLogEntry(base, null), name: 'Jane' })).toThrow('field set');
    expect(() => makeLogEntry({ ...base, time: '1970-01-01' }, null)).toThrow('time');
    expect(() => makeLogEntry({ ...base, dataSha256: 'xyz' }, null)).toThrow('dataSha256');
  });
});
