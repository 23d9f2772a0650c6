import type { ElectionId } from '../ids';
import type { BallotDeliveryMethod, BallotStatus, RequestStatus, VoterClass } from '../vocabulary';
import type { BallotRejectionType } from './eavs-vocabulary';

/** One request (and its ballot, if any) for one election, as the dashboard needs it. No personal data. */
export interface DashboardRow {
  electionId: ElectionId;
  requestStatus: RequestStatus;
  voterClass: VoterClass;
  deliveryMethod?: BallotDeliveryMethod;
  /** ISO 3166 country code or short name where the ballot is sent */
  mailingCountry?: string;
  ballot?: {
    status: BallotStatus;
    /** whether the envelope came back (false for e.g. an undeliverable packet) */
    returned: boolean;
    /** for returned ballots: whether the return was on time */
    returnTimely?: boolean;
    rejectionReasons?: readonly BallotRejectionType[];
  };
}

export interface ElectionDashboard {
  electionId: ElectionId;
  requests: number;
  byRequestStatus: Partial<Record<RequestStatus, number>>;
  byVoterClass: Partial<Record<VoterClass, number>>;
  byDeliveryMethod: Partial<Record<BallotDeliveryMethod | 'unknown', number>>;
  byMailingCountry: Record<string, number>;
  ballots: {
    byStatus: Partial<Record<BallotStatus, number>>;
    returned: number;
    returnedOnTime: number;
    returnedLate: number;
    accepted: number;
    rejected: number;
    /** a ballot rejected for two reasons counts once under each */
    rejectedByReason: Partial<Record<BallotRejectionType, number>>;
  };
}

function bump<K extends string>(counts: Partial<Record<K, number>>, key: K): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The dashboard of an election with nothing in it yet. */
export function emptyDashboard(electionId: ElectionId): ElectionDashboard {
  return {
    electionId,
    requests: 0,
    byRequestStatus: {},
    byVoterClass: {},
    byDeliveryMethod: {},
    byMailingCountry: {},
    ballots: {
      byStatus: {},
      returned: 0,
      returnedOnTime: 0,
      returnedLate: 0,
      accepted: 0,
      rejected: 0,
      rejectedByReason: {},
    },
  };
}

/** Counts per election, in first-seen order of elections. */
export function dashboardCounts(rows: Iterable<DashboardRow>): ElectionDashboard[] {
  const perElection = new Map<ElectionId, ElectionDashboard>();
  for (const row of rows) {
    let d = perElection.get(row.electionId);
    if (!d) perElection.set(row.electionId, (d = emptyDashboard(row.electionId)));
    d.requests += 1;
    bump(d.byRequestStatus, row.requestStatus);
    bump(d.byVoterClass, row.voterClass);
    bump(d.byDeliveryMethod, row.deliveryMethod ?? 'unknown');
    bump(d.byMailingCountry, row.mailingCountry ?? 'unknown');
    const b = row.ballot;
    if (!b) continue;
    bump(d.ballots.byStatus, b.status);
    if (b.returned) {
      d.ballots.returned += 1;
      if (b.returnTimely === true) d.ballots.returnedOnTime += 1;
      if (b.returnTimely === false) d.ballots.returnedLate += 1;
    }
    if (b.status === 'accepted') d.ballots.accepted += 1;
    if (b.status === 'rejected') {
      d.ballots.rejected += 1;
      const reasons: readonly BallotRejectionType[] = b.rejectionReasons ?? ['untracked'];
      for (const reason of new Set(reasons)) bump(d.ballots.rejectedByReason, reason);
    }
  }
  return [...perElection.values()];
}
