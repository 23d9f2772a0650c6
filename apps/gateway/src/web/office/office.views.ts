import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { withTenant } from '@uocava/database';
import type { BallotStatus } from '@uocava/domain';
import type { DecisionBallot, ElectionChoice } from './office.pages';

/**
 * What the clerk's pages show beyond the office API's answers (lists and counts), read inside the
 * signed-in jurisdiction's tenant transaction. Ids and codes only: no personal data.
 */
@Injectable()
export class OfficeViews {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async elections(jurisdictionId: string): Promise<ElectionChoice[]> {
    const rows: Array<{ election_id: string; name: string; election_date: string; federal: boolean }> =
      await withTenant(this.ds, jurisdictionId, (tx) =>
        tx.query(
          `SELECT election_id, name, to_char(election_date, 'YYYY-MM-DD') AS election_date, federal
           FROM elections WHERE jurisdiction_id = $1 ORDER BY election_date, created_at`,
          [jurisdictionId],
        ),
      );
    return rows.map((r) => ({
      electionId: r.election_id,
      name: r.name,
      date: r.election_date,
      federal: r.federal,
    }));
  }

  /** The election the overview shows by default: the next one (or the last, when all are past). */
  defaultElection(elections: ElectionChoice[], today: string): ElectionChoice | undefined {
    return elections.find((e) => e.date >= today) ?? elections[elections.length - 1];
  }

  async counts(
    jurisdictionId: string,
    electionId: string | undefined,
  ): Promise<{
    reviewWaiting: number;
    workQueue: number;
    returnsPerDay: Array<{ day: string; returned: number }>;
  }> {
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const [review]: Array<{ n: number }> = await tx.query(
        `SELECT count(*)::int AS n FROM ballot_requests WHERE jurisdiction_id = $1 AND status = 'needs-review'`,
        [jurisdictionId],
      );
      const [queue]: Array<{ n: number }> = await tx.query(
        `SELECT count(*)::int AS n FROM ballots b JOIN ballot_requests r ON r.request_id = b.request_id
         WHERE b.jurisdiction_id = $1 AND b.status = 'generated' AND b.transmitted_at IS NULL
           AND r.ballot_delivery IN ('mail', 'fax')`,
        [jurisdictionId],
      );
      const days: Array<{ day: string; returned: number }> =
        electionId === undefined
          ? []
          : await tx.query(
              `SELECT to_char((returned_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS returned
               FROM ballots WHERE jurisdiction_id = $1 AND election_id = $2 AND returned_at IS NOT NULL
               GROUP BY 1 ORDER BY 1 DESC LIMIT 30`,
              [jurisdictionId, electionId],
            );
      return { reviewWaiting: review.n, workQueue: queue.n, returnsPerDay: days.reverse() };
    });
  }

  /** Returned ballots that wait for a decision (returned, cure requested, cured), oldest return first. */
  async awaitingDecision(jurisdictionId: string): Promise<DecisionBallot[]> {
    const rows: Array<{
      ballot_id: string;
      status: BallotStatus;
      election_name: string;
      returned_at: Date | null;
      return_method: string | null;
      return_timely: boolean | null;
      cure_deadline: Date | null;
      tracking_code: string;
    }> = await withTenant(this.ds, jurisdictionId, (tx) =>
      tx.query(
        `SELECT b.ballot_id, b.status, e.name AS election_name, b.returned_at, b.return_method, b.return_timely,
                b.cure_deadline, r.tracking_code
         FROM ballots b
         JOIN elections e ON e.election_id = b.election_id
         JOIN ballot_requests r ON r.request_id = b.request_id
         WHERE b.jurisdiction_id = $1 AND b.status IN ('returned', 'cure-requested', 'cured')
         ORDER BY b.returned_at NULLS LAST, b.ballot_id LIMIT 500`,
        [jurisdictionId],
      ),
    );
    return rows.map((r) => ({
      ballotId: r.ballot_id,
      status: r.status,
      electionName: r.election_name,
      returnedAt: r.returned_at?.toISOString() ?? null,
      returnMethod: r.return_method,
      timely: r.return_timely,
      cureDeadline: r.cure_deadline?.toISOString() ?? null,
      trackingCode: r.tracking_code,
    }));
  }

  /** The UTC offset of the office for a ballot's election (its return rule), e.g. `-05:00`. */
  async utcOffsetOfBallot(jurisdictionId: string, ballotId: string): Promise<string> {
    const rows: Array<{ offset: string | null }> = await withTenant(this.ds, jurisdictionId, (tx) =>
      tx.query(
        `SELECT e.settings -> 'returnRule' ->> 'utcOffset' AS offset
         FROM ballots b JOIN elections e ON e.election_id = b.election_id
         WHERE b.jurisdiction_id = $1 AND b.ballot_id = $2`,
        [jurisdictionId, ballotId],
      ),
    );
    const offset = rows[0]?.offset ?? null;
    return offset !== null && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : 'Z';
  }
}
