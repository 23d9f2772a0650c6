import type { IsoDate } from '../ids';
import { assertIsoDate, instantOf } from './dates';

export interface ReturnedBallotFacts {
  /** ISO 8601 date-time with offset */
  receivedAt: string;
  /** whether it met the return rules (see `assessReturn`) */
  timely: boolean;
}

export interface FwabInput {
  /** date the office received the voter's absentee ballot application (FPCA / state form), if any */
  appliedOn?: IsoDate;
  /** last day an application counts as timely for this election */
  applicationDeadline: IsoDate;
  /** the regular state absentee ballot, if it came back; `rejected` once the office rejected it */
  stateBallot?: ReturnedBallotFacts & { rejected: boolean };
  fwab: ReturnedBallotFacts;
  policy: {
    /** the state accepts a FWAB from an unregistered voter as their registration and application */
    fwabAsRegistration: boolean;
  };
  voterRegistered: boolean;
}

export const FWAB_NOT_COUNTED_REASONS = [
  'state-ballot-counted',
  'fwab-not-timely',
  'no-timely-application',
  'voter-unregistered',
] as const;
export type FwabNotCountedReason = (typeof FWAB_NOT_COUNTED_REASONS)[number];

export interface FwabResolution {
  /** which ballot is counted */
  counts: 'state-ballot' | 'fwab' | 'none';
  fwab: { disposition: 'counted' } | { disposition: 'superseded' | 'rejected'; reason: FwabNotCountedReason };
  /** the FWAB is also this voter's registration application (state policy, unregistered voter) */
  fwabIsRegistrationApplication: boolean;
}

/**
 * Which of a voter's ballots counts when a Federal Write-In Absentee Ballot came back
 * (52 U.S.C. 20303):
 * - a state ballot received in time supersedes the FWAB, whichever arrived first, unless the office
 *   rejects it: then the FWAB is judged on its own, so the voter's vote is not lost;
 * - otherwise the FWAB counts if it is timely and the voter applied in time (by
 *   `applicationDeadline`), or, where the state treats a FWAB as a registration and application,
 *   if the FWAB itself arrived by that deadline;
 * - a FWAB from an unregistered voter counts only under that policy.
 */
export function resolveFwab(input: FwabInput): FwabResolution {
  const deadline = assertIsoDate(input.applicationDeadline, 'applicationDeadline');
  instantOf(input.fwab.receivedAt, 'fwab.receivedAt');
  if (input.stateBallot) instantOf(input.stateBallot.receivedAt, 'stateBallot.receivedAt');
  const asRegistration = !input.voterRegistered && input.policy.fwabAsRegistration;

  if (input.stateBallot?.timely === true && !input.stateBallot.rejected) {
    return {
      counts: 'state-ballot',
      fwab: { disposition: 'superseded', reason: 'state-ballot-counted' },
      fwabIsRegistrationApplication: asRegistration,
    };
  }
  const rejected = (reason: FwabNotCountedReason): FwabResolution => ({
    counts: 'none',
    fwab: { disposition: 'rejected', reason },
    fwabIsRegistrationApplication: asRegistration,
  });
  if (!input.voterRegistered && !input.policy.fwabAsRegistration) return rejected('voter-unregistered');
  if (!input.fwab.timely) return rejected('fwab-not-timely');

  const applied = input.appliedOn !== undefined ? assertIsoDate(input.appliedOn, 'appliedOn') : undefined;
  // Under the registration policy the FWAB is itself an application, dated by its own receipt
  // (the calendar date written in its receivedAt).
  const fwabAsApplicationDate = asRegistration
    ? assertIsoDate(input.fwab.receivedAt.slice(0, 10), 'fwab.receivedAt')
    : undefined;
  const appliedInTime =
    (applied !== undefined && applied <= deadline) ||
    (fwabAsApplicationDate !== undefined && fwabAsApplicationDate <= deadline);
  if (!appliedInTime) return rejected('no-timely-application');
  return { counts: 'fwab', fwab: { disposition: 'counted' }, fwabIsRegistrationApplication: asRegistration };
}
