import type { IsoDate } from '../ids';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` that names a real calendar day (no 2024-02-30, no month 13). */
export function isRealIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** ISO dates compare correctly as strings once both are real `YYYY-MM-DD` dates. */
export function compareIsoDates(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * True when someone born on `dateOfBirth` is at least `years` old on `onDate`. A person born
 * on 29 February reaches an age on 1 March of a non-leap year.
 */
export function isAtLeastYearsOld(dateOfBirth: string, onDate: string, years: number): boolean {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [oy, om, od] = onDate.split('-').map(Number);
  const target = [by + years, bm, bd];
  const on = [oy, om, od];
  for (let i = 0; i < 3; i++) {
    if (on[i] !== target[i]) return on[i] > target[i];
  }
  return true;
}
