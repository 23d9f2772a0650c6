/**
 * Dates and the return deadline in the packet's language (the catalogue's `pdf.*`). Month and
 * weekday names are fixed tables here, not Intl: the packet's bytes must not follow the ICU data
 * of whichever Node.js renders them.
 */
import { MONTH_NAMES, t, WEEKDAY_NAMES, type Language, type ReturnRule } from '@uocava/domain';

const NAMES: Readonly<Record<Language, { months: readonly string[]; days: readonly string[] }>> = {
  en: { months: MONTH_NAMES, days: WEEKDAY_NAMES },
  es: {
    months: [
      'enero',
      'febrero',
      'marzo',
      'abril',
      'mayo',
      'junio',
      'julio',
      'agosto',
      'septiembre',
      'octubre',
      'noviembre',
      'diciembre',
    ],
    days: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
  },
};

/** `Tuesday, November 3, 2026` (`martes, 3 de noviembre de 2026`) for a `YYYY-MM-DD` calendar date. */
export function plainDate(isoDate: string, plusDays = 0, lang: Language = 'en'): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d + plusDays));
  const names = NAMES[lang];
  return t(lang, 'pdf.date', {
    weekday: names.days[day.getUTCDay()],
    month: names.months[day.getUTCMonth()],
    day: String(day.getUTCDate()),
    year: String(day.getUTCFullYear()),
  });
}

function plainTime(hhmm: string, lang: Language): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === 0 && m === 0) return t(lang, 'pdf.time.midnight');
  if (h === 12 && m === 0) return t(lang, 'pdf.time.noon');
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return t(lang, 'pdf.time', {
    hour: String(h12),
    minute: String(m).padStart(2, '0'),
    am: h < 12 ? 'yes' : 'no',
  });
}

function plainOffset(offset: string): string {
  if (offset === 'Z' || offset === '+00:00') return 'UTC';
  return `UTC${offset.replace('-', '\u2212')}`;
}

/** The return deadline in plain words, for the voter's instructions. */
export function describeReturnDeadline(
  rule: ReturnRule,
  electionDate: string,
  lang: Language = 'en',
): string {
  if (rule.kind === 'received-by') {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2})$/.exec(rule.deadline);
    if (!m) return t(lang, 'pdf.deadline.raw', { deadline: rule.deadline });
    return t(lang, 'pdf.deadline.receivedBy', {
      time: plainTime(m[2], lang),
      date: plainDate(m[1], 0, lang),
      offset: plainOffset(m[3]),
    });
  }
  const days = rule.receiveWithinDays;
  return t(lang, 'pdf.deadline.postmarked', {
    electionDay: plainDate(electionDate, 0, lang),
    receivedBy: plainDate(electionDate, days, lang),
    days,
  });
}
