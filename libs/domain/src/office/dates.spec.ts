import fc from 'fast-check';
import type { IsoDate } from '../ids';
import {
  addDays,
  daysBetween,
  instantOf,
  instantOfLocal,
  isIsoDate,
  localDateAt,
  offsetMinutes,
} from './dates';

describe('office date helpers', () => {
  it('isIsoDate agrees with the calendar (leap years included)', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-1-10')).toBe(false);
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2200 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, day) => {
          const s = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
          const viaDate =
            m >= 1 && m <= 12 && day >= 1 && new Date(Date.UTC(y, m - 1, day)).getUTCDate() === day;
          return isIsoDate(s) === viaDate;
        },
      ),
    );
  });

  it('adds and counts days across month and year ends', () => {
    expect(addDays('2026-11-03' as IsoDate, -45)).toBe('2026-09-19');
    expect(addDays('2024-12-31' as IsoDate, 1)).toBe('2025-01-01');
    expect(daysBetween('2026-09-19' as IsoDate, '2026-11-03' as IsoDate)).toBe(45);
  });

  it('handles offsets', () => {
    expect(offsetMinutes('Z')).toBe(0);
    expect(offsetMinutes('-05:00')).toBe(-300);
    expect(offsetMinutes('+05:30')).toBe(330);
    expect(() => offsetMinutes('EST')).toThrow(RangeError);
    expect(instantOfLocal('2026-11-03' as IsoDate, '20:00', '-05:00')).toBe(
      Date.parse('2026-11-04T01:00:00Z'),
    );
    expect(localDateAt(Date.parse('2026-11-04T01:00:00Z'), '-05:00')).toBe('2026-11-03');
    expect(() => instantOf('2026-11-03T20:00:00', 'x')).toThrow(RangeError);
    expect(instantOf('2026-11-03T20:00:00.123-05:00', 'x')).toBe(Date.parse('2026-11-04T01:00:00.123Z'));
  });
});
