import { integerSetting } from './env-settings';

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
