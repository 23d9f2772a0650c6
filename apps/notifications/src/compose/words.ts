/** The words and blocks every message shares: dates, deadlines, delivery methods, the tracking lines. */
import { MONTH_NAMES, WEEKDAY_NAMES, type BallotDeliveryMethod } from '@uocava/domain';
import type { MessageContext, OfficeContact } from '../message-context';

const DAYS = WEEKDAY_NAMES;
const MONTHS = MONTH_NAMES;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `3 November 2026` (the calendar date in UTC). */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * A deadline the whole world can read: `Tuesday 10 November 2026, 22:00 UTC`, and when the
 * office's UTC offset is known, also its local time: `(17:00 at the election office, UTC-05:00)`.
 */
export function formatDeadline(iso: string, officeUtcOffset?: string): string {
  const d = new Date(iso);
  const utc = `${DAYS[d.getUTCDay()]} ${formatDate(iso)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  const m = officeUtcOffset ? OFFSET.exec(officeUtcOffset) : null;
  if (!m) return utc;
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const local = new Date(d.getTime() + minutes * 60_000);
  const sameDay = local.getUTCDate() === d.getUTCDate();
  const when = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}${
    sameDay ? '' : ` on ${DAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]}`
  }`;
  return `${utc} (${when} at the election office, UTC${officeUtcOffset})`;
}

export const METHOD_WORDS: Record<BallotDeliveryMethod, string> = {
  email: 'by e-mail',
  online: 'online',
  fax: 'by fax',
  mail: 'by post',
};

export function forReasons(n: number): string {
  return n > 1 ? 'for these reasons' : 'for this reason';
}

export function bullets(lines: string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

export function officeBlock(office: OfficeContact): string {
  const lines = [office.name];
  if (office.email) lines.push(`E-mail: ${office.email}`);
  if (office.phone) lines.push(`Phone: ${office.phone}`);
  if (office.fax) lines.push(`Fax: ${office.fax}`);
  return lines.join('\n');
}

export function trackingLines(ctx: MessageContext): string {
  return (
    `Your tracking code: ${ctx.trackingCode}\n` +
    `Follow it here (the page asks for your date of birth):\n${ctx.trackingUrl}`
  );
}

export function forElection(ctx: MessageContext): string {
  return ctx.election ? ` for the ${ctx.election.name}` : '';
}

export const FWAB_HINT =
  'You can still vote with the Federal Write-In Absentee Ballot (FWAB), from FVAP.gov, if there is time before the election. Your election office can tell you the deadline.';
