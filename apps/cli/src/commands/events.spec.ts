import { newEvent, toWire } from '@uocava/messaging';
import { submittedEvent } from '@uocava/testing';
import { eventLine, parseRfc3339, parseTypes, topicsFor } from './events';

describe('cli events: options and lines', () => {
  it('takes RFC 3339 date-times with an offset, nothing else', () => {
    expect(parseRfc3339('2026-11-03T00:00:00Z', '--from')).toBe(Date.UTC(2026, 10, 3));
    expect(parseRfc3339('2026-11-03T01:30:00.5+01:00', '--from')).toBe(Date.UTC(2026, 10, 3, 0, 30, 0, 500));
    for (const bad of ['2026-11-03', '2026-11-03T00:00:00', 'yesterday', '2026-13-03T00:00:00Z'])
      expect(() => parseRfc3339(bad, '--to')).toThrow(/--to must be an RFC 3339/);
  });

  it('reads only the topics of the wanted types, and refuses unknown types', () => {
    expect(topicsFor({})).toHaveLength(4);
    expect(
      topicsFor({ types: parseTypes(['uocava.request.submitted.v1,uocava.request.duplicate.v1']) }),
    ).toEqual(['uocava.requests.v1']);
    expect(() => parseTypes(['uocava.nope.v1'])).toThrow(/unknown event type uocava.nope.v1/);
  });

  it('prints a wanted event as a structured CloudEvent, skips the others', () => {
    const event = submittedEvent('county-a');
    const message = { ...toWire(event), topic: 'uocava.requests.v1', partition: 0, offset: '7' };
    expect(JSON.parse(eventLine(message, {})!)).toEqual(JSON.parse(JSON.stringify(event)));
    expect(eventLine(message, { jurisdiction: 'county-b' })).toBeUndefined();
    expect(eventLine(message, { types: ['uocava.request.duplicate.v1'] })).toBeUndefined();
    const other = newEvent(
      'uocava.request.duplicate.v1',
      { requestId: event.subject, jurisdictionId: 'county-a', receivedAt: event.time },
      'urn:test',
    );
    expect(
      eventLine({ ...message, ...toWire(other) }, { types: ['uocava.request.duplicate.v1'] }),
    ).toBeDefined();
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(eventLine({ ...message, value: Buffer.from('secret?') }, {})).toBeUndefined();
    expect(errors).toHaveBeenCalledWith(expect.stringMatching(/^skipped uocava.requests.v1\/0@7: /));
    expect(String(errors.mock.calls[0][0])).not.toContain('secret?');
    errors.mockRestore();
  });
});
