import type { IsoDate } from '../ids';
import type { ReturnMethod } from '../vocabulary';
import type { BallotRejectionType } from './eavs-vocabulary';
import { assertIsoDate, instantOf, instantOfLocal, addDays, isIsoDate, offsetMinutes } from './dates';

/**
 * What an office does with a mailed ballot that arrives AFTER election day without a readable
 * postmark, under the postmark rule (one that arrives by the end of election day is on time
 * whatever its postmark: it cannot have been mailed later):
 * - `not-timely` (default): not timely, reason `missing-postmark`;
 * - `{ timelyIfReceivedWithinDays: k }`: presumed mailed in time if it arrived within k days after
 *   election day (and within the receipt window); some states' law says so.
 */
export type MissingPostmarkPolicy = 'not-timely' | { timelyIfReceivedWithinDays: number };

/** When a returned ballot is on time for one election. */
export type ReturnRules =
  | {
      kind: 'received-by';
      /** ISO 8601 date-time WITH offset, e.g. `2026-11-03T20:00:00-05:00`; inclusive. */
      deadline: string;
    }
  | {
      kind: 'postmarked-by-election-day';
      electionDate: IsoDate;
      /** the ballot must arrive within this many days after election day (0 = on election day) */
      receiveWithinDays: number;
      /** the office's UTC offset in force at the deadlines, `±HH:MM` (e.g. `-05:00` for EST) */
      utcOffset: string;
      /** local wall-clock end of each deadline day, inclusive; default `23:59:59` */
      closeTime?: string;
      /** local wall-clock end of the LAST day of the receipt window, inclusive; default `closeTime` */
      receiveByTime?: string;
      /** default `not-timely` */
      missingPostmark?: MissingPostmarkPolicy;
      /**
       * the postmark must be this many days before election day (state rules: Ohio, Pennsylvania
       * and North Carolina want it sent by the day before); default 0, election day itself
       */
      postmarkDaysBeforeElection?: number;
    };

export interface ReturnInput {
  rules: ReturnRules;
  /** when the office received it: ISO 8601 date-time with offset */
  receivedAt: string;
  method: ReturnMethod;
  /** postmark date as printed (the post office's local date), mail only */
  postmarkDate?: IsoDate;
}

export const RETURN_LATE_REASONS = [
  'received-after-deadline',
  'postmarked-after-election-day',
  'missing-postmark',
  'electronic-return-after-election-day',
] as const;
export type ReturnLateReason = (typeof RETURN_LATE_REASONS)[number];

export type ReturnAssessment = { timely: true } | { timely: false; reason: ReturnLateReason };

/** The EAVS Section B rejection reason for a late return. */
export function rejectionTypeForLateReturn(reason: ReturnLateReason): BallotRejectionType {
  return reason === 'postmarked-after-election-day' || reason === 'missing-postmark'
    ? 'postmark'
    : 'not-timely';
}

/**
 * Whether a returned ballot is on time.
 *
 * Time zones: every instant is compared as an absolute instant. `receivedAt` and a `received-by`
 * deadline must carry their own offset, so `2026-11-03T20:00:00-05:00` and `2026-11-04T01:00Z` are
 * the same deadline. Under the postmark rule the office's `utcOffset` fixes where "election day"
 * and "N days after" begin and end; a postmark is a calendar date and is compared as a date.
 */
export function assessReturn(input: ReturnInput): ReturnAssessment {
  const received = instantOf(input.receivedAt, 'receivedAt');
  const { rules } = input;
  if (rules.kind === 'received-by') {
    return received <= instantOf(rules.deadline, 'deadline')
      ? { timely: true }
      : { timely: false, reason: 'received-after-deadline' };
  }
  const electionDate = assertIsoDate(rules.electionDate, 'electionDate');
  if (!Number.isInteger(rules.receiveWithinDays) || rules.receiveWithinDays < 0) {
    throw new RangeError('receiveWithinDays must be a non-negative integer');
  }
  offsetMinutes(rules.utcOffset);
  const closeTime = rules.closeTime ?? '23:59:59';
  const electionDayEnd = instantOfLocal(electionDate, closeTime, rules.utcOffset) + 999;
  const windowEnd =
    instantOfLocal(
      addDays(electionDate, rules.receiveWithinDays),
      rules.receiveByTime ?? closeTime,
      rules.utcOffset,
    ) + 999;

  if (input.method !== 'mail') {
    // No postmark exists for fax, e-mail, online or hand delivery: it must arrive by election day.
    return received <= electionDayEnd
      ? { timely: true }
      : { timely: false, reason: 'electronic-return-after-election-day' };
  }
  if (received > windowEnd) return { timely: false, reason: 'received-after-deadline' };
  if (received <= electionDayEnd) return { timely: true };
  if (input.postmarkDate === undefined) {
    const policy = rules.missingPostmark ?? 'not-timely';
    if (policy === 'not-timely') return { timely: false, reason: 'missing-postmark' };
    const k = policy.timelyIfReceivedWithinDays;
    if (!Number.isInteger(k) || k < 0)
      throw new RangeError('timelyIfReceivedWithinDays must be a non-negative integer');
    const presumptionEnd = instantOfLocal(addDays(electionDate, k), closeTime, rules.utcOffset) + 999;
    return received <= presumptionEnd ? { timely: true } : { timely: false, reason: 'missing-postmark' };
  }
  if (!isIsoDate(input.postmarkDate)) throw new RangeError('postmarkDate is not a YYYY-MM-DD date');
  const daysBefore = rules.postmarkDaysBeforeElection ?? 0;
  if (!Number.isInteger(daysBefore) || daysBefore < 0)
    throw new RangeError('postmarkDaysBeforeElection must be a non-negative integer');
  return input.postmarkDate <= addDays(electionDate, -daysBefore)
    ? { timely: true }
    : { timely: false, reason: 'postmarked-after-election-day' };
}

/** How far ahead of the office's clock a receipt time may be (clocks of scanners drift). */
export const RETURN_CLOCK_SKEW_MS = 5 * 60_000;

export interface ReturnDateFacts {
  /** when the envelope is said to have arrived */
  receivedAt: Date;
  /** postmark date as printed, if any */
  postmarkDate?: IsoDate;
  /** the office's clock */
  now: Date;
  /** when the ballot went out: transmitted, else generated (a ballot cannot return before) */
  sentAt: Date;
}

/** A reason a return's dates cannot be true, by field. */
export interface ReturnDateProblem {
  field: 'receivedAt' | 'postmarkDate';
  message: string;
}

/**
 * Dates a returned envelope cannot have: received in the future (beyond a few minutes of clock
 * skew), received before its ballot was sent, postmarked after it was received or before it was
 * sent. Such a return is refused, never recorded or charted.
 */
export function returnDateProblems(f: ReturnDateFacts): ReturnDateProblem[] {
  const problems: ReturnDateProblem[] = [];
  const received = f.receivedAt.getTime();
  if (received > f.now.getTime() + RETURN_CLOCK_SKEW_MS)
    problems.push({ field: 'receivedAt', message: 'is in the future: give the time the envelope arrived' });
  else if (received < f.sentAt.getTime())
    problems.push({
      field: 'receivedAt',
      message: `is before the ballot was sent (${f.sentAt.toISOString()}): check the date`,
    });
  if (f.postmarkDate !== undefined) {
    const sentDay = f.sentAt.toISOString().slice(0, 10);
    // a postmark is a local calendar date: a day of slack either way for the time zones
    const dayMs = 86_400_000;
    const postmark = Date.parse(`${f.postmarkDate}T00:00:00Z`);
    if (postmark > received + dayMs)
      problems.push({ field: 'postmarkDate', message: 'is after the envelope was received' });
    else if (postmark + dayMs < Date.parse(`${sentDay}T00:00:00Z`))
      problems.push({ field: 'postmarkDate', message: 'is before the ballot was sent' });
  }
  return problems;
}
