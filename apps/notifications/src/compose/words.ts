/** The words and blocks every message shares: dates, deadlines, delivery methods, the tracking lines. */
import {
  formatDate as formatDateIn,
  formatDeadline as formatDeadlineIn,
  t,
  type BallotDeliveryMethod,
  type Language,
} from '@uocava/domain';
import type { MessageContext, OfficeContact } from '../message-context';

/** `3 November 2026` (the calendar date in UTC), in the language (English by default). */
export function formatDate(iso: string, language: Language = 'en'): string {
  return formatDateIn(language, iso);
}

/**
 * A deadline the whole world can read: `Tuesday 10 November 2026, 22:00 UTC`, and when the
 * office's UTC offset is known, also its local time: `(17:00 at the election office, UTC-05:00)`.
 */
export function formatDeadline(iso: string, officeUtcOffset?: string, language: Language = 'en'): string {
  return formatDeadlineIn(language, iso, officeUtcOffset);
}

export function methodWords(language: Language, method: BallotDeliveryMethod): string {
  return t(language, 'mail.method', { method });
}

export function forReasons(language: Language, n: number): string {
  return t(language, 'mail.forReasons', { count: n });
}

export function bullets(lines: string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

export function officeBlock(office: OfficeContact, language: Language = 'en'): string {
  const lines = [office.name];
  if (office.email) lines.push(t(language, 'mail.office.email', { email: office.email }));
  if (office.phone) lines.push(t(language, 'mail.office.phone', { phone: office.phone }));
  if (office.fax) lines.push(t(language, 'mail.office.fax', { fax: office.fax }));
  return lines.join('\n');
}

export function trackingLines(ctx: MessageContext): string {
  return t(ctx.language, 'mail.tracking', { trackingCode: ctx.trackingCode, trackingUrl: ctx.trackingUrl });
}

export function forElection(ctx: MessageContext): string {
  return ctx.election ? t(ctx.language, 'mail.forElection', { election: ctx.election.name }) : '';
}

export function fwabHint(language: Language): string {
  return t(language, 'mail.fwabHint');
}
