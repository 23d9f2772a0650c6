import type { IsoDate } from '../ids';

/** `YYYY-MM-DD`, a real calendar date. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** RFC 3339 date-time with an explicit offset (`Z` or `±HH:MM`). */
const ISO_DATETIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
/** `±HH:MM` or `Z`. */
const UTC_OFFSET = /^(?:Z|([+-])(\d{2}):(\d{2}))$/;

const DAY_MS = 86_400_000;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Allocation-free (it runs for every cell of a 100k-row export). */
export function isIsoDate(value: string): value is IsoDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/** The value as an `IsoDate` when it is a real `YYYY-MM-DD` date, else undefined (no cast needed). */
export function parseIsoDate(value: unknown): IsoDate | undefined {
  return typeof value === 'string' && isIsoDate(value) ? value : undefined;
}

/** The UTC calendar day of an instant (`new Date()` by default). */
export function utcDateOf(instant: Date = new Date()): IsoDate {
  return instant.toISOString().slice(0, 10) as IsoDate;
}

export function assertIsoDate(value: string, what: string): IsoDate {
  if (!isIsoDate(value)) throw new RangeError(`${what} is not a YYYY-MM-DD date`);
  return value;
}

/** Milliseconds since the epoch of an RFC 3339 date-time that carries an offset; throws otherwise. */
export function instantOf(value: string, what: string): number {
  if (!ISO_DATETIME_WITH_OFFSET.test(value)) {
    throw new RangeError(`${what} must be an ISO 8601 date-time with an offset (Z or ±HH:MM)`);
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a valid date-time`);
  return ms;
}

export function isIsoDateTimeWithOffset(value: string): boolean {
  return ISO_DATETIME_WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value));
}

/** Offset in minutes east of UTC of `Z` / `±HH:MM`; throws otherwise. */
export function offsetMinutes(offset: string): number {
  const m = UTC_OFFSET.exec(offset);
  if (!m) throw new RangeError('offset must be Z or ±HH:MM');
  if (m[1] === undefined) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 23 || Number(m[3]) > 59) throw new RangeError('offset out of range');
  return m[1] === '-' ? -minutes : minutes;
}

/** Day number (days since 1970-01-01) of a calendar date. */
export function dayNumber(date: IsoDate): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
}

export function dateOfDayNumber(day: number): IsoDate {
  return utcDateOf(new Date(day * DAY_MS));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return dateOfDayNumber(dayNumber(date) + days);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** The local calendar date of an instant, seen at a fixed UTC offset. */
export function localDateAt(instantMs: number, offset: string): IsoDate {
  return utcDateOf(new Date(instantMs + offsetMinutes(offset) * 60_000));
}

/** The instant of a local wall-clock time (`HH:MM` or `HH:MM:SS`) on a date at a fixed offset. */
export function instantOfLocal(date: IsoDate, time: string, offset: string): number {
  const t = /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(time);
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59 || Number(t[3] ?? '0') > 59) {
    throw new RangeError('time must be HH:MM or HH:MM:SS');
  }
  const local =
    dayNumber(date) * DAY_MS + ((Number(t[1]) * 60 + Number(t[2])) * 60 + Number(t[3] ?? '0')) * 1000;
  return local - offsetMinutes(offset) * 60_000;
}

/** English month names, January first (for voter-facing dates written out in words). */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** English weekday names, Sunday first, as `Date.getUTCDay()` counts them. */
export const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
] as const;
