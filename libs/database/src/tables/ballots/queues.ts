/** Lists and counts of ballots: the office's mail and fax queue, returns per day, decisions to make; a voter's ballots. */
import type { BallotDeliveryMethod, BallotStatus, PaperSize } from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { iso, select, selectOne } from '../sql';

/** A ballot to send by mail or fax that has not been sent. */
export interface MailFaxItem {
  ballotId: string;
  requestId: string;
  electionId: string;
  deliveryMethod: BallotDeliveryMethod;
  mailingCountry: string;
  paperSize: PaperSize;
  pageCount: number;
  generatedAt: Date;
}

const MAIL_FAX_WHERE = `b.jurisdiction_id = $1 AND b.status = 'generated' AND b.transmitted_at IS NULL
  AND r.ballot_delivery IN ('mail', 'fax') AND (b.held_at IS NULL OR b.released_at IS NOT NULL)`;

/** The mail and fax work queue, oldest first. */
export async function mailFaxQueue(
  tx: SqlExecutor,
  jurisdictionId: string,
  limit = 1000,
): Promise<MailFaxItem[]> {
  return select<MailFaxItem>(
    tx,
    `SELECT b.ballot_id AS "ballotId", b.request_id AS "requestId", b.election_id AS "electionId",
            r.ballot_delivery AS "deliveryMethod", r.mailing_country AS "mailingCountry",
            b.paper_size AS "paperSize", b.page_count AS "pageCount", b.generated_at AS "generatedAt"
     FROM ballots b JOIN ballot_requests r ON r.request_id = b.request_id
     WHERE ${MAIL_FAX_WHERE}
     ORDER BY b.generated_at LIMIT $2`,
    [jurisdictionId, limit],
  );
}

export async function countMailFaxQueue(tx: SqlExecutor, jurisdictionId: string): Promise<number> {
  const r = await selectOne<{ n: number }>(
    tx,
    `SELECT count(*)::int AS n FROM ballots b JOIN ballot_requests r ON r.request_id = b.request_id
     WHERE ${MAIL_FAX_WHERE}`,
    [jurisdictionId],
  );
  return r?.n ?? 0;
}

/** Returned envelopes per UTC day of one election, the last `days` days that had any, oldest first. */
export async function returnsPerDay(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
  days = 30,
): Promise<Array<{ day: string; returned: number }>> {
  const rows = await select<{ day: string; returned: number }>(
    tx,
    `SELECT to_char((returned_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS returned
     FROM ballots WHERE jurisdiction_id = $1 AND election_id = $2 AND returned_at IS NOT NULL
     GROUP BY 1 ORDER BY 1 DESC LIMIT $3`,
    [jurisdictionId, electionId, days],
  );
  return rows.reverse();
}

/** A returned ballot waiting for the office's decision. */
export interface AwaitingDecision {
  ballotId: string;
  status: BallotStatus;
  electionName: string;
  returnedAt: string | null;
  returnMethod: string | null;
  timely: boolean | null;
  cureDeadline: string | null;
  trackingCode: string;
}

/** Returned, cure-requested and cured ballots, oldest return first. */
export async function ballotsAwaitingDecision(
  tx: SqlExecutor,
  jurisdictionId: string,
  limit = 500,
): Promise<AwaitingDecision[]> {
  const rows = await select<{
    ballot_id: string;
    status: BallotStatus;
    election_name: string;
    returned_at: Date | null;
    return_method: string | null;
    return_timely: boolean | null;
    cure_deadline: Date | null;
    tracking_code: string;
  }>(
    tx,
    `SELECT b.ballot_id, b.status, e.name AS election_name, b.returned_at, b.return_method, b.return_timely,
            b.cure_deadline, r.tracking_code
     FROM ballots b
     JOIN elections e ON e.election_id = b.election_id
     JOIN ballot_requests r ON r.request_id = b.request_id
     WHERE b.jurisdiction_id = $1 AND b.status IN ('returned', 'cure-requested', 'cured')
     ORDER BY b.returned_at NULLS LAST, b.ballot_id LIMIT $2`,
    [jurisdictionId, limit],
  );
  return rows.map((r) => ({
    ballotId: r.ballot_id,
    status: r.status,
    electionName: r.election_name,
    returnedAt: r.returned_at === null ? null : iso(r.returned_at),
    returnMethod: r.return_method,
    timely: r.return_timely,
    cureDeadline: r.cure_deadline === null ? null : iso(r.cure_deadline),
    trackingCode: r.tracking_code,
  }));
}

/** The request's ballot for the election if it came back: when, and whether in time. */
export async function returnedBallotOf(
  tx: SqlExecutor,
  requestId: string,
  electionId: string,
): Promise<{ returnedAt: Date; timely: boolean; rejected: boolean } | undefined> {
  const r = await selectOne<{ returned_at: Date; return_timely: boolean; rejected: boolean }>(
    tx,
    `SELECT returned_at, return_timely, status = 'rejected' AS rejected FROM ballots
     WHERE request_id = $1 AND election_id = $2 AND returned_at IS NOT NULL`,
    [requestId, electionId],
  );
  return r && { returnedAt: r.returned_at, timely: r.return_timely, rejected: r.rejected };
}

/** The packet hash recorded for a ballot now. */
export async function recordedPdfSha256(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
): Promise<string | undefined> {
  const r = await selectOne<{ pdf_sha256: string }>(
    tx,
    `SELECT pdf_sha256 FROM ballots WHERE jurisdiction_id = $1 AND ballot_id = $2`,
    [jurisdictionId, ballotId],
  );
  return r?.pdf_sha256;
}

/** A ballot of a request as its voter's tracking page shows it, with its election. */
export interface VoterBallotRow {
  ballot_id: string;
  election_id: string;
  status: BallotStatus;
  page_count: number;
  election_name: string;
  election_date: string;
  decision_reasons: string[] | null;
  cure_deadline: Date | null;
  return_timely: boolean | null;
  /** the office's UTC offset (`-05:00`) from the election's return rule, for its deadlines on pages */
  office_utc_offset: string | null;
}

/** Every ballot of the request, in the order they were generated. */
export async function ballotsOfRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<VoterBallotRow[]> {
  return select<VoterBallotRow>(
    tx,
    `SELECT b.ballot_id, b.election_id, b.status, b.page_count, e.name AS election_name,
              to_char(e.election_date, 'YYYY-MM-DD') AS election_date, b.decision_reasons, b.cure_deadline,
              b.return_timely,
              COALESCE(e.settings->'returnRule'->>'utcOffset',
                       substring(e.settings->'returnRule'->>'deadline' from '([+-][0-9]{2}:[0-9]{2})$'))
                AS office_utc_offset
       FROM ballots b JOIN elections e ON e.election_id = b.election_id AND e.jurisdiction_id = b.jurisdiction_id
       WHERE b.jurisdiction_id = $1 AND b.request_id = $2 ORDER BY b.generated_at`,
    [jurisdictionId, requestId],
  );
}
