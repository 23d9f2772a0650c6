import type { IsoDate } from '../ids';
import { addDays } from './dates';

/**
 * Days after election day an election stays on the office's overview: UOCAVA ballots postmarked by
 * election day may still arrive (up to 13 days after in some states), be cured and canvassed, and the
 * office still reports on them. After that the election is past and only its reports remain.
 */
export const ELECTION_FOLLOW_UP_DAYS = 60;

export interface DatedElection {
  electionId: string;
  date: IsoDate;
}

/**
 * The elections an office is working on, on `today`, in date order: every election still ahead (this
 * year's general and next year's primaries side by side) and those of the last
 * `followUpDays` days, whose returns, cures and reports are still open. When none qualifies, the most
 * recent election, so an office with only past elections still sees its last one.
 */
export function currentElections<E extends DatedElection>(
  elections: readonly E[],
  today: IsoDate,
  followUpDays: number = ELECTION_FOLLOW_UP_DAYS,
): E[] {
  if (!Number.isInteger(followUpDays) || followUpDays < 0)
    throw new RangeError('followUpDays must be a non-negative integer');
  const sorted = [...elections].sort((a, b) =>
    a.date < b.date ? -1 : a.date > b.date ? 1 : a.electionId < b.electionId ? -1 : 1,
  );
  const from = addDays(today, -followUpDays);
  const current = sorted.filter((e) => e.date >= from);
  if (current.length > 0) return current;
  const last = sorted[sorted.length - 1];
  return last === undefined ? [] : [last];
}
