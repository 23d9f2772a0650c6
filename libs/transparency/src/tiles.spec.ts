import { parseTilePath, tileEnd, tileIndexPath, tilePath } from './tiles';

describe('C2SP tlog-tiles paths', () => {
  it('encodes indices as the spec does', () => {
    expect(tileIndexPath(1234067)).toBe('x001/x234/067');
    expect(tileIndexPath(0)).toBe('000');
    expect(tileIndexPath(1000)).toBe('x001/000');
    expect(tilePath({ level: 0, index: 1, width: 44 })).toBe('tile/0/001.p/44');
    expect(tilePath({ level: 'entries', index: 1234067, width: 256 })).toBe('tile/entries/x001/x234/067');
  });
  it('parses exactly what it encodes', () => {
    for (const ref of [
      { level: 0, index: 0, width: 256 },
      { level: 3, index: 1234067, width: 7 },
      { level: 'entries' as const, index: 999, width: 255 },
    ])
      expect(parseTilePath(tilePath(ref).slice(5).split('/'))).toEqual(ref);
    for (const bad of [
      '0/1',
      '0/x000/001',
      '64/000',
      '0/000.p/256',
      '0/000.p/0',
      'x/000',
      '0/0001',
      '01/000',
    ])
      expect([bad, parseTilePath(bad.split('/'))]).toEqual([bad, null]);
  });
  it('knows the leaves a tile needs (a tree of 70,000 as in the spec)', () => {
    expect(tileEnd({ level: 0, index: 273, width: 112 })).toBe(70000);
    expect(tileEnd({ level: 1, index: 1, width: 17 })).toBe(69888);
    expect(tileEnd({ level: 2, index: 0, width: 1 })).toBe(65536);
  });
});
