import type { IsoDate } from '../ids';
import { addDays, assertIsoDate, daysBetween } from './dates';

export const MOVE_ACT_STATUSES = ['on-time', 'due', 'at-risk', 'late'] as const;
/**
 * - `on-time`: transmitted by its due date;
 * - `due`: not yet transmitted, due date more than `atRiskDays` away;
 * - `at-risk`: not yet transmitted, due within `atRiskDays` days (today included);
 * - `late`: transmitted after its due date, or still untransmitted after it.
 */
export type MoveActStatus = (typeof MOVE_ACT_STATUSES)[number];

/** Days before a federal election by which ballots must be sent (52 U.S.C. 20302(a)(8)(A)). */
export const MOVE_ACT_DAYS = 45;
export const DEFAULT_AT_RISK_DAYS = 2;

export interface MoveActInput {
  electionDate: IsoDate;
  requestReceivedOn: IsoDate;
  transmittedOn?: IsoDate;
  today: IsoDate;
  /** for requests received after day 45: transmit within this many days of receipt */
  officeTargetDays: number;
  /** default 2 */
  atRiskDays?: number;
}

export interface MoveActResult {
  status: MoveActStatus;
  dueDate: IsoDate;
  /** day 45 of this election (election date minus 45 days) */
  day45: IsoDate;
  /** days from today to the due date (negative when past), for untransmitted requests */
  daysLeft?: number;
}

export function moveActDay45(electionDate: IsoDate): IsoDate {
  return addDays(assertIsoDate(electionDate, 'electionDate'), -MOVE_ACT_DAYS);
}

/** The date by which the ballot for this request must be sent. */
export function moveActDueDate(
  electionDate: IsoDate,
  requestReceivedOn: IsoDate,
  officeTargetDays: number,
): IsoDate {
  if (!Number.isInteger(officeTargetDays) || officeTargetDays < 0) {
    throw new RangeError('officeTargetDays must be a non-negative integer');
  }
  const day45 = moveActDay45(electionDate);
  const received = assertIsoDate(requestReceivedOn, 'requestReceivedOn');
  return received <= day45 ? day45 : addDays(received, officeTargetDays);
}

export function moveActStatus(input: MoveActInput): MoveActResult {
  const atRiskDays = input.atRiskDays ?? DEFAULT_AT_RISK_DAYS;
  if (!Number.isInteger(atRiskDays) || atRiskDays < 0)
    throw new RangeError('atRiskDays must be a non-negative integer');
  const day45 = moveActDay45(input.electionDate);
  const dueDate = moveActDueDate(input.electionDate, input.requestReceivedOn, input.officeTargetDays);
  if (input.transmittedOn !== undefined) {
    const sent = assertIsoDate(input.transmittedOn, 'transmittedOn');
    return { status: sent <= dueDate ? 'on-time' : 'late', dueDate, day45 };
  }
  const daysLeft = daysBetween(assertIsoDate(input.today, 'today'), dueDate);
  const status: MoveActStatus = daysLeft < 0 ? 'late' : daysLeft <= atRiskDays ? 'at-risk' : 'due';
  return { status, dueDate, day45, daysLeft };
}

export type MoveActRow = Omit<MoveActInput, 'today'>;
export type MoveActCounts = Record<MoveActStatus, number>;

export interface MoveActSummary {
  today: IsoDate;
  total: number;
  byStatus: MoveActCounts;
  /** one entry per due date, ascending */
  byDueDate: Array<{ dueDate: IsoDate; total: number } & MoveActCounts>;
}

function zeroCounts(): MoveActCounts {
  return { 'on-time': 0, due: 0, 'at-risk': 0, late: 0 };
}

/** Counts per status and per due date, for the daily summary event and the dashboard. */
export function moveActSummary(rows: readonly MoveActRow[], today: IsoDate): MoveActSummary {
  const byStatus = zeroCounts();
  const perDay = new Map<IsoDate, MoveActCounts>();
  for (const row of rows) {
    const { status, dueDate } = moveActStatus({ ...row, today });
    byStatus[status] += 1;
    let day = perDay.get(dueDate);
    if (!day) perDay.set(dueDate, (day = zeroCounts()));
    day[status] += 1;
  }
  const byDueDate = [...perDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dueDate, c]) => ({ dueDate, total: c['on-time'] + c.due + c['at-risk'] + c.late, ...c }));
  return { today, total: rows.length, byStatus, byDueDate };
}
