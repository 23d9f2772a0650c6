/** Owner of `tracking_steps` for the office's reads (the voter's timeline is read by the tracking feature). */
import type { SqlExecutor } from '../data-source';
import { select } from './sql';

/** One lifecycle step of a request of the election's year (its ballot for this election, or none). */
export interface LifecycleStep {
  eventId: string;
  eventType: string;
  occurredAt: Date;
  requestId: string;
  ballotId: string | null;
}

/** Every step of the election's requests in time order (NIST SP 1500-101 export). */
export async function electionLifecycleSteps(
  tx: SqlExecutor,
  jurisdictionId: string,
  election: { electionId: string; date: string },
): Promise<LifecycleStep[]> {
  return select<LifecycleStep>(
    tx,
    `SELECT s.event_id AS "eventId", s.event_type AS "eventType", s.occurred_at AS "occurredAt",
            s.request_id AS "requestId", s.ballot_id AS "ballotId"
     FROM tracking_steps s JOIN ballot_requests r ON r.request_id = s.request_id
     WHERE s.jurisdiction_id = $1 AND r.covers_year = extract(year FROM $2::date)
       AND (s.ballot_id IS NULL OR s.ballot_id IN (SELECT ballot_id FROM ballots WHERE election_id = $3))
     ORDER BY s.occurred_at, s.event_id`,
    [jurisdictionId, election.date, election.electionId],
  );
}
