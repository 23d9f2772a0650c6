/**
 * The one way to put words in front of a voter: `t(language, key, values)` formats the catalogue's
 * ICU MessageFormat text with intl-messageformat (FormatJS), and the date helpers format dates
 * with Intl.DateTimeFormat in the language. Plain functions, no I/O; formatters are cached.
 */
import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { CATALOGUE, type FixedKey, type VocabularyName } from './catalogue';

import type { Language } from '../vocabulary';

export type MessageValues = Record<string, PrimitiveType>;

const formats = new Map<string, IntlMessageFormat>();

/** Intl's locale for a language: English dates in the day-month-year order the world reads. */
const LOCALE: Readonly<Record<Language, string>> = { en: 'en-GB', es: 'es' };

function formatter(language: Language, key: string, text: string): IntlMessageFormat {
  const id = `${language}\u0000${key}`;
  let f = formats.get(id);
  if (!f) {
    f = new IntlMessageFormat(text, language);
    formats.set(id, f);
  }
  return f;
}

/** A fixed message in the language. */
export function t(language: Language, key: FixedKey, values?: MessageValues): string {
  const out = formatter(language, key, CATALOGUE[language].messages[key]).format(values);
  if (typeof out !== 'string') throw new TypeError(`message ${key} did not format to text`);
  return out;
}

/** A vocabulary code's words (e.g. a reason code) in the language; `undefined` for an unknown code. */
export function vocabularyWords(
  language: Language,
  vocabulary: VocabularyName,
  code: string,
): string | undefined {
  const table = CATALOGUE[language].vocabulary[vocabulary] as Readonly<Record<string, string>>;
  return Object.prototype.hasOwnProperty.call(table, code) ? table[code] : undefined;
}

/** A vocabulary code's words, or the catalogue's "reason code X" words for an unknown one. */
export function reasonWords(language: Language, vocabulary: VocabularyName, code: string): string {
  return vocabularyWords(language, vocabulary, code) ?? t(language, 'reason.unknown', { code });
}

function part(language: Language, d: Date, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(LOCALE[language], { timeZone: 'UTC', ...options }).format(d);
}

const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

/** `3 November 2026`, `3 de noviembre de 2026`: the calendar date in UTC. */
export function formatDate(language: Language, iso: string): string {
  return part(language, new Date(iso), { day: 'numeric', month: 'long', year: 'numeric' });
}

function time(language: Language, d: Date): string {
  return part(language, d, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
}

/**
 * A deadline the whole world can read, in UTC (`Tuesday 10 November 2026, 22:00 UTC`), and when
 * the office's UTC offset is known (`-05:00`), also the office's local time.
 */
export function formatDeadline(language: Language, iso: string, officeUtcOffset?: string): string {
  const d = new Date(iso);
  const utc = t(language, 'date.deadline', {
    weekday: part(language, d, { weekday: 'long' }),
    date: formatDate(language, iso),
    time: time(language, d),
  });
  const m = officeUtcOffset ? OFFSET.exec(officeUtcOffset) : null;
  if (!m || officeUtcOffset === undefined) return utc;
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  // the office's wall clock: shift the instant, then read it as UTC
  const local = new Date(d.getTime() + minutes * 60_000);
  const when =
    local.getUTCDate() === d.getUTCDate()
      ? time(language, local)
      : t(language, 'date.deadline.otherDay', {
          time: time(language, local),
          weekday: part(language, local, { weekday: 'long' }),
          dayMonth: part(language, local, { day: 'numeric', month: 'long' }),
        });
  return t(language, 'date.deadline.office', { utc, when, offset: officeUtcOffset });
}
