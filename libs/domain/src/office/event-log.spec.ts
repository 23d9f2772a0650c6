import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { eventLogExport, type EventLogExportInput } from './event-log';

// NIST SP 1500-101 V1 is a JSON Schema draft-04 document, hence ajv-draft-04 (Ajv 8 core).
const schema: unknown = JSON.parse(
  readFileSync(
    join(
      __dirname,
      '../../../contracts/src/standards/nist-1500-101-event-logging/NIST_V1_election_event_logging.json',
    ),
    'utf8',
  ),
);
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
if (typeof schema !== 'object' || schema === null) throw new Error('schema');
const validate = ajv.compile(schema);

const input: EventLogExportInput = {
  generatedTime: '2026-11-04T08:00:00Z',
  electionId: '6f1c7a52-2f0e-4c53-9d59-0b7f7c0d1a11',
  device: {
    id: 'uocava-platform/us-ny-kings',
    manufacturer: 'uocava-ballots',
    model: 'gateway',
    version: '0.1.0',
    hashType: 'sha-256',
  },
  events: [
    {
      id: 'ballot.returned',
      time: '2026-10-20T14:00:00-04:00',
      type: 'ballot-lifecycle',
      description: 'return envelope recorded',
      userId: 'clerk-17',
    },
    {
      id: 'ballot.transmitted',
      time: '2026-09-10T09:00:00Z',
      type: 'ballot-lifecycle',
      hash: 'ab'.repeat(32),
    },
    {
      id: 'auth.failed',
      time: '2026-10-01T00:00:00Z',
      type: 'security',
      severity: 'warning',
      disposition: 'failure',
    },
  ],
};

describe('eventLogExport (NIST SP 1500-101)', () => {
  it('produces a document valid against the ElectionEventLog schema', () => {
    const doc = eventLogExport(input);
    const ok = validate(doc);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('orders events by time and numbers them', () => {
    const doc = eventLogExport(input);
    const events = doc.Device?.[0]?.Event ?? [];
    expect(events.map((e) => [e.Sequence, e.Id])).toEqual([
      ['1', 'ballot.transmitted'],
      ['2', 'auth.failed'],
      ['3', 'ballot.returned'],
    ]);
    expect(events[0]).toEqual({
      '@type': 'EventLogging.Event',
      Disposition: 'success',
      Hash: 'ab'.repeat(32),
      Id: 'ballot.transmitted',
      Sequence: '1',
      TimeStamp: '2026-09-10T09:00:00Z',
      Type: 'ballot-lifecycle',
    });
    expect(doc.Device?.[0]).toMatchObject({
      '@type': 'EventLogging.Device',
      Type: 'transmission-sending',
      HashType: 'sha-256',
    });
  });

  it('the schema rejects what the exporter must never produce', () => {
    const doc = eventLogExport(input);
    expect(validate({ ...doc, Unknown: 1 })).toBe(false);
    expect(validate({ ...doc, GeneratedTime: 'yesterday' })).toBe(false);
    const bad = JSON.parse(JSON.stringify(doc)) as {
      Device: Array<{ Event: Array<Record<string, unknown>> }>;
    };
    bad.Device[0].Event[0].Disposition = 'ok';
    expect(validate(bad)).toBe(false);
  });

  it('an empty log is valid', () => {
    expect(validate(eventLogExport({ ...input, events: [] }))).toBe(true);
  });

  it('refuses timestamps without an offset', () => {
    expect(() =>
      eventLogExport({ ...input, events: [{ id: 'x', time: '2026-09-10 09:00', type: 't' }] }),
    ).toThrow(RangeError);
    expect(() => eventLogExport({ ...input, generatedTime: '2026-11-04T08:00:00' })).toThrow(RangeError);
  });
});
