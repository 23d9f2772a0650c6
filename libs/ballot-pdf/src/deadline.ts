import { MONTH_NAMES, WEEKDAY_NAMES, type ReturnRule } from '@uocava/domain';

const MONTHS = MONTH_NAMES;
const DAYS = WEEKDAY_NAMES;

/** `Tuesday, November 3, 2026` for a `YYYY-MM-DD` calendar date (no time zone involved). */
export function plainDate(isoDate: string, plusDays = 0): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + plusDays));
  return `${DAYS[t.getUTCDay()]}, ${MONTHS[t.getUTCMonth()]} ${t.getUTCDate()}, ${t.getUTCFullYear()}`;
}

function plainTime(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (h === 0 && m === 0) return 'midnight (start of the day)';
  if (h === 12 && m === 0) return 'noon';
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${h12}:${String(m).padStart(2, '0')} ${h < 12 ? 'a.m.' : 'p.m.'}`;
}

function plainOffset(offset: string): string {
  if (offset === 'Z' || offset === '+00:00') return 'UTC';
  return `UTC${offset.replace('-', '\u2212')}`;
}

/** The return deadline in plain words, for the voter's instructions. */
export function describeReturnDeadline(rule: ReturnRule, electionDate: string): string {
  if (rule.kind === 'received-by') {
    const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?(Z|[+-]\d{2}:\d{2})$/.exec(rule.deadline);
    if (!m) return `Your ballot must be received by the election office by ${rule.deadline}.`;
    return (
      `Your ballot must be RECEIVED by the election office by ${plainTime(m[2])} on ${plainDate(m[1])} ` +
      `(${plainOffset(m[3])}). Mail takes time from abroad: send it back as soon as you can.`
    );
  }
  const days = rule.receiveWithinDays;
  return (
    `Your ballot must be mailed no later than election day, ${plainDate(electionDate)} ` +
    `(postmarked, or signed and dated on the declaration if there is no postmark), and must be RECEIVED ` +
    `by the election office by ${plainDate(electionDate, days)}` +
    (days > 0 ? ` (${days} day${days === 1 ? '' : 's'} after election day).` : '.')
  );
}
