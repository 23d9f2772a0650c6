import { assertLogEntry, makeLogEntry } from '@uocava/transparency';
import { canonicalDataSha256, logEntryFor } from './entry';
import { receiptsConfig } from './config';

const requestId = '0b8f6a0e-2d1c-4c55-9f51-2f1f7a3d9e10';
const ballotId = '5a1f0c3e-7b2d-4e8f-8a9b-1c2d3e4f5a6b';
const base = {
  id: 'c3d2e1f0-1111-4222-8333-944455556666',
  jurisdiction: 'us-oh-mahoning',
  time: '2026-10-01T12:00:00Z',
};

describe('logEntryFor', () => {
  it('chains request events by request and ballot events by ballot, with the canonical data hash', () => {
    const req = logEntryFor({
      ...base,
      type: 'uocava.request.verified.v1',
      data: { requestId, jurisdictionId: 'x' },
    });
    expect(req.subject).toEqual({ kind: 'request', id: requestId });
    expect(req.time).toBe('2026-10-01T12:00:00.000Z');
    const ballot = logEntryFor({
      ...base,
      type: 'uocava.ballot.generated.v1',
      data: { requestId, ballotId },
    });
    expect(ballot.subject).toEqual({ kind: 'ballot', id: ballotId });
    // key order does not matter (RFC 8785)
    expect(canonicalDataSha256({ a: 1, b: [2, 'x'] })).toBe(canonicalDataSha256({ b: [2, 'x'], a: 1 }));
    expect(ballot.dataSha256).toBe(canonicalDataSha256({ ballotId, requestId }));
    expect(() => assertLogEntry(makeLogEntry(ballot, null))).not.toThrow();
  });

  it('never copies event data into the entry', () => {
    const entry = logEntryFor({
      ...base,
      type: 'uocava.request.submitted.v1',
      data: { requestId, note: 'Jane Doe' },
    });
    expect(JSON.stringify(entry)).not.toContain('Jane');
  });

  it('refuses events without a request id or with a bad time', () => {
    expect(() => logEntryFor({ ...base, type: 'uocava.request.verified.v1', data: {} })).toThrow(/requestId/);
    expect(() =>
      logEntryFor({ ...base, time: 'soon', type: 'uocava.request.verified.v1', data: { requestId } }),
    ).toThrow(/time/);
  });
});

describe('receiptsConfig', () => {
  it('has the documented defaults and refuses nonsense', () => {
    expect(receiptsConfig({})).toEqual({
      everyMs: 500,
      everyEntries: 256,
      keysDir: '.cache/keys',
      generateKeys: false,
      originDomain: 'log.uocava.example',
      witnessTimeoutMs: 3000,
    });
    expect(() => receiptsConfig({ RECEIPTS_CHECKPOINT_EVERY_ENTRIES: '0' })).toThrow();
    expect(() => receiptsConfig({ LOG_ORIGIN_DOMAIN: 'Bad Domain' })).toThrow();
  });
});

describe('LIFECYCLE_EVENTS', () => {
  it('covers request.* and ballot.* events only', async () => {
    const { LIFECYCLE_EVENTS } = await import('./receipts.worker');
    expect(LIFECYCLE_EVENTS).toEqual(
      expect.arrayContaining([
        'uocava.request.submitted.v1',
        'uocava.ballot.transmitted.v1',
        'uocava.ballot.cured.v1',
      ]),
    );
    expect(LIFECYCLE_EVENTS.every((t) => /^uocava\.(request|ballot)\./.test(t))).toBe(true);
    expect(LIFECYCLE_EVENTS).not.toContain('uocava.receipt.issued.v1');
  });
});
