/** Requests with what choosing their ballot style needs (the FPCA party, the roll precinct and party). */
import type { BallotDeliveryMethod, RequestStatus } from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { byGivenIds, select, selectOne } from '../sql';
import { FPCA_VALID_THROUGH, fpcaCovers } from './fpca-cover';

/** A request with what choosing its ballot style needs: the FPCA's party, the roll's precinct and party. */
export interface StyleInputs {
  requestId: string;
  trackingCode: string;
  ballotDelivery: BallotDeliveryMethod;
  party: string | null;
  precinct: string | null;
  rollParty: string | null;
  coversYear: number;
  /** the last day the FPCA stands, `YYYY-MM-DD` */
  fpcaValidThrough: string;
}

interface StyleRow {
  request_id: string;
  tracking_code: string;
  ballot_delivery: BallotDeliveryMethod;
  party: string | null;
  precinct: string | null;
  roll_party: string | null;
  covers_year: number;
  valid_through: string;
}

const STYLE_COLUMNS = `r.request_id, r.tracking_code, r.ballot_delivery, r.party, v.precinct, v.party AS roll_party,
  r.covers_year, ${FPCA_VALID_THROUGH} AS valid_through
  FROM ballot_requests r LEFT JOIN voter_roll v ON v.roll_record_id = r.roll_record_id`;

const styleInputs = (r: StyleRow): StyleInputs => ({
  requestId: r.request_id,
  trackingCode: r.tracking_code,
  ballotDelivery: r.ballot_delivery,
  party: r.party,
  precinct: r.precinct,
  rollParty: r.roll_party,
  coversYear: r.covers_year,
  fpcaValidThrough: r.valid_through,
});

/** One request with its style inputs (`verifiedOnly`: only if verified). */
export async function requestStyleInputs(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  options: { verifiedOnly?: boolean } = {},
): Promise<StyleInputs | undefined> {
  const r = await selectOne<StyleRow>(
    tx,
    `SELECT ${STYLE_COLUMNS} WHERE r.request_id = $1 AND r.jurisdiction_id = $2${
      options.verifiedOnly ? ` AND r.status = 'verified'` : ''
    }`,
    [requestId, jurisdictionId],
  );
  return r && styleInputs(r);
}

/** `requestStyleInputs` of many requests in one query, by request id (the ids as given). */
export async function requestStyleInputsOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestIds: readonly string[],
): Promise<Map<string, StyleInputs>> {
  if (requestIds.length === 0) return new Map();
  const rows = await select<StyleRow>(
    tx,
    `SELECT ${STYLE_COLUMNS} WHERE r.request_id = ANY($1::uuid[]) AND r.jurisdiction_id = $2`,
    [[...new Set(requestIds)], jurisdictionId],
  );
  return byGivenIds(
    requestIds,
    rows.map((r) => [r.request_id, styleInputs(r)] as const),
  );
}

/**
 * Verified requests whose FPCA covers the election's date (its state's rule) without a ballot for
 * it, by request id after `after` (keyset pagination), at most `limit`.
 */
export async function verifiedRequestsWithoutBallot(
  tx: SqlExecutor,
  jurisdictionId: string,
  election: { electionId: string; date: string },
  page: { after: string; limit: number; order: 'request-id' | 'received' },
): Promise<StyleInputs[]> {
  const order = page.order === 'received' ? 'r.received_at, r.request_id' : 'r.request_id';
  const rows = await select<StyleRow>(
    tx,
    `SELECT ${STYLE_COLUMNS}
     WHERE r.jurisdiction_id = $1 AND r.status = 'verified' AND ${fpcaCovers('$2')} AND r.request_id > $3
       AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.request_id = r.request_id AND b.election_id = $4 AND b.status <> 'void')
     ORDER BY ${order} LIMIT $5`,
    [jurisdictionId, election.date, page.after, election.electionId, page.limit],
  );
  return rows.map(styleInputs);
}

/** Whether the request is verified and whether it has its ballot for the election; undefined if unknown. */
export async function requestBallotState(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  electionId: string,
): Promise<{ status: RequestStatus; hasBallot: boolean } | undefined> {
  const r = await selectOne<{ status: RequestStatus; has_ballot: boolean }>(
    tx,
    `SELECT r.status, EXISTS (SELECT 1 FROM ballots b WHERE b.request_id = r.request_id AND b.election_id = $3 AND b.status <> 'void') AS has_ballot
     FROM ballot_requests r WHERE r.request_id = $1 AND r.jurisdiction_id = $2`,
    [requestId, jurisdictionId, electionId],
  );
  return r && { status: r.status, hasBallot: r.has_ballot };
}
