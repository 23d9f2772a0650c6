import type { IsoDate } from '../ids';
import { isIsoDate } from '../office/dates';

/** `YYYY-MM-DD` that names a real calendar day (no 2024-02-30, no month 13). */
export const isRealIsoDate: (value: string) => value is IsoDate = isIsoDate;

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
