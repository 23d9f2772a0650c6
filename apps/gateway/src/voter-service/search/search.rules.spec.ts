import { parseSearchQuery } from './search.rules';

const fields = (q: Record<string, unknown>) => {
  const r = parseSearchQuery(q);
  return r.ok ? [] : r.problems.map((p) => `${p.field}:${p.code}`);
};

describe('parseSearchQuery', () => {
  it('takes each single way of looking', () => {
    expect(parseSearchQuery({ trackingCode: ' ABCD-1234 ' })).toEqual({
      ok: true,
      value: { by: 'trackingCode', trackingCode: 'ABCD-1234' },
    });
    expect(parseSearchQuery({ requestId: '8D3A1B2C-0000-4000-8000-000000000001' })).toEqual({
      ok: true,
      value: { by: 'requestId', requestId: '8d3a1b2c-0000-4000-8000-000000000001' },
    });
    expect(parseSearchQuery({ lastName: 'Núñez', firstName: 'Ana', dateOfBirth: '1990-02-28' })).toEqual({
      ok: true,
      value: { by: 'name', lastName: 'Núñez', firstName: 'Ana', dateOfBirth: '1990-02-28' },
    });
  });

  it('refuses no key, two keys, and names each bad field', () => {
    expect(fields({})).toEqual(['query:required']);
    expect(fields({ trackingCode: 'ABCD', requestId: '8d3a1b2c-0000-4000-8000-000000000001' })).toEqual([
      'query:ambiguous',
    ]);
    expect(fields({ requestId: 'nope' })).toEqual(['requestId:format']);
    expect(fields({ trackingCode: 'a b' })).toEqual(['trackingCode:format']);
    expect(fields({ lastName: 'Núñez', dateOfBirth: '1990-02-30' })).toEqual([
      'firstName:required',
      'dateOfBirth:format',
    ]);
    expect(fields({ trackingCode: ['a', 'b'] })).toEqual(['trackingCode:type']);
  });
});
