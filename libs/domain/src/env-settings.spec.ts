import { integerSetting, renderThreads } from './env-settings';

describe('integerSetting', () => {
  it('falls back when unset or empty, reads whole numbers, and names the variable when malformed', () => {
    expect(integerSetting({}, 'X', 7)).toBe(7);
    expect(integerSetting({ X: '' }, 'X', 7)).toBe(7);
    expect(integerSetting({ X: '12' }, 'X', 7)).toBe(12);
    expect(integerSetting({ X: '0' }, 'X', 7, 0)).toBe(0);
    for (const bad of ['0', '-3', '1.5', 'ten', '1e400'])
      expect(() => integerSetting({ X: bad }, 'X', 7)).toThrow(/^X must be an integer of at least 1/);
  });
});

describe('renderThreads (BALLOTS_RENDER_THREADS)', () => {
  it('defaults to the event loop on 2 cores or fewer, else one thread per core but one, at most 4', () => {
    expect(renderThreads({}, 2)).toBe(0);
    expect(renderThreads({}, 1)).toBe(0);
    expect(renderThreads({}, 0)).toBe(0);
    expect(renderThreads({}, 3)).toBe(2);
    expect(renderThreads({}, 32)).toBe(4);
    expect(renderThreads({ BALLOTS_RENDER_THREADS: '0' }, 2)).toBe(0);
    expect(renderThreads({ BALLOTS_RENDER_THREADS: '6' }, 2)).toBe(6);
    expect(() => renderThreads({ BALLOTS_RENDER_THREADS: 'two' }, 2)).toThrow(/BALLOTS_RENDER_THREADS/);
    expect(() => renderThreads({ BALLOTS_RENDER_THREADS: '-1' }, 2)).toThrow(/at least 0/);
  });
});
