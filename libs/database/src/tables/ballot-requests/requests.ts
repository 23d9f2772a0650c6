/** Writes and single-request reads of `ballot_requests` and `request_duplicates`. */
import type {
  BallotDeliveryMethod,
  Language,
  PaperSize,
  ReasonCode,
  RequestStatus,
  VoterClass,
} from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { execute, iso, select, selectOne } from '../sql';
import { FPCA_VALID_THROUGH } from './fpca-cover';

export type RequestSource = 'json' | 'nist-vri';
/** How the request reached the office (EAVS RequestMethod): the voter online, or keyed in by a clerk. */
export type RequestMethod = 'online' | 'mail' | 'fax' | 'email' | 'in-person';

export interface NewBallotRequest {
  requestId: string;
  jurisdictionId: string;
  trackingCode: string;
  voterClass: VoterClass;
  ballotDelivery: BallotDeliveryMethod;
  mailingCountry: string;
  militaryPost: boolean;
  paperSize: PaperSize | null;
  party: string | null;
  coversYear: number;
  /** the last day the FPCA stands (the state's rule, docs/state-rules.md); null: end of coversYear */
  fpcaValidThrough: string | null;
  source: RequestSource;
  requestMethod: RequestMethod;
  /** the voter's language (FPCA preference, else the page's or browser's) */
  language: Language;
  voterKey: string;
  requestHash: string;
  dobHash: string;
  /** the whole request, sealed */
  pii: Buffer;
  receivedAt: Date;
}

/** Stores a new request with status `received`. */
export async function insertBallotRequest(tx: SqlExecutor, r: NewBallotRequest): Promise<void> {
  await insertBallotRequests(tx, [r]);
}

/**
 * Stores new requests with status `received`, in one statement and in the given order (intake
 * stores the requests that arrive together in one transaction).
 */
export async function insertBallotRequests(
  tx: SqlExecutor,
  requests: readonly NewBallotRequest[],
): Promise<void> {
  if (requests.length === 0) return;
  await execute(
    tx,
    `INSERT INTO ballot_requests (request_id, jurisdiction_id, tracking_code, status, voter_class, ballot_delivery,
       mailing_country, military_post, paper_size, party, covers_year, source, voter_key, request_hash, dob_hash,
       pii, received_at, updated_at, request_method, fpca_valid_through, language)
     SELECT r.request_id, r.jurisdiction_id, r.tracking_code, 'received', r.voter_class, r.ballot_delivery,
       r.mailing_country, r.military_post, r.paper_size, r.party, r.covers_year, r.source, r.voter_key,
       r.request_hash, r.dob_hash, decode(r.pii, 'base64'), r.received_at, r.received_at, r.request_method,
       r.fpca_valid_through, r.language
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, ord),
       jsonb_to_record(e.doc) AS r(request_id uuid, jurisdiction_id text, tracking_code text, voter_class text,
       ballot_delivery text, mailing_country text, military_post boolean, paper_size text, party text,
       covers_year integer, source text, voter_key text, request_hash text, dob_hash text, pii text,
       received_at timestamptz, request_method text, fpca_valid_through date, language text)
     ORDER BY e.ord`,
    [
      JSON.stringify(
        requests.map((r) => ({
          request_id: r.requestId,
          jurisdiction_id: r.jurisdictionId,
          tracking_code: r.trackingCode,
          voter_class: r.voterClass,
          ballot_delivery: r.ballotDelivery,
          mailing_country: r.mailingCountry,
          military_post: r.militaryPost,
          paper_size: r.paperSize,
          party: r.party,
          covers_year: r.coversYear,
          source: r.source,
          voter_key: r.voterKey,
          request_hash: r.requestHash,
          dob_hash: r.dobHash,
          pii: r.pii.toString('base64'),
          received_at: r.receivedAt.toISOString(),
          request_method: r.requestMethod,
          fpca_valid_through: r.fpcaValidThrough,
          language: r.language,
        })),
      ),
    ],
  );
}

export interface ActiveRequest {
  requestId: string;
  trackingCode: string;
  status: RequestStatus;
  requestHash: string;
}

/**
 * The voter's request that was not rejected or cancelled and still stands: of that year (there is at most one),
 * or of an earlier year whose FPCA is valid through `today` (a state rule longer than the calendar
 * year), the latest first.
 */
export async function activeRequestOfVoter(
  tx: SqlExecutor,
  jurisdictionId: string,
  voterKey: string,
  coversYear: number,
  today: string,
): Promise<ActiveRequest | undefined> {
  return (await activeRequestsOfVoters(tx, jurisdictionId, [{ voterKey, coversYear, today }]))[0];
}

/** What `activeRequestOfVoter` finds for each voter, in one statement: entry k answers voters[k]. */
export async function activeRequestsOfVoters(
  tx: SqlExecutor,
  jurisdictionId: string,
  voters: ReadonlyArray<{ voterKey: string; coversYear: number; today: string }>,
): Promise<Array<ActiveRequest | undefined>> {
  if (voters.length === 0) return [];
  // one index probe per voter (LATERAL), whatever the statistics
  const rows = await select<{
    ord: string;
    request_id: string;
    tracking_code: string;
    status: RequestStatus;
    request_hash: string;
  }>(
    tx,
    `SELECT v.ord, r.request_id, r.tracking_code, r.status, r.request_hash
     FROM unnest($2::text[], $3::int[], $4::date[]) WITH ORDINALITY AS v(voter_key, covers_year, today, ord)
     CROSS JOIN LATERAL (
       SELECT request_id, tracking_code, status, request_hash FROM ballot_requests
       WHERE jurisdiction_id = $1 AND voter_key = v.voter_key AND status NOT IN ('rejected', 'cancelled')
         AND (covers_year = v.covers_year OR (covers_year < v.covers_year AND fpca_valid_through >= v.today))
       ORDER BY covers_year DESC LIMIT 1) r`,
    [
      jurisdictionId,
      voters.map((v) => v.voterKey),
      voters.map((v) => v.coversYear),
      voters.map((v) => v.today),
    ],
  );
  const out = new Array<ActiveRequest | undefined>(voters.length).fill(undefined);
  for (const r of rows)
    out[Number(r.ord) - 1] = {
      requestId: r.request_id,
      trackingCode: r.tracking_code,
      status: r.status,
      requestHash: r.request_hash,
    };
  return out;
}

/** Records that the voter of `requestId` sent a request again (`sameBody`: byte for byte the same). */
export async function recordDuplicate(
  tx: SqlExecutor,
  d: { jurisdictionId: string; requestId: string; sameBody: boolean; receivedAt: Date },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO request_duplicates (jurisdiction_id, request_id, same_body, received_at) VALUES ($1, $2, $3, $4)`,
    [d.jurisdictionId, d.requestId, d.sameBody, d.receivedAt],
  );
}

export interface StoredRequest {
  requestId: string;
  status: RequestStatus;
  coversYear: number;
  /** the last day the FPCA stands, `YYYY-MM-DD` */
  fpcaValidThrough: string;
  /** the day it was received (UTC), `YYYY-MM-DD` */
  receivedOn: string;
  party: string | null;
  pii: Buffer;
}

/** One request of the jurisdiction (`lock`: FOR UPDATE, for a decision), or undefined. */
interface StoredRequestRow {
  request_id: string;
  status: RequestStatus;
  covers_year: number;
  valid_through: string;
  received_on: string;
  party: string | null;
  pii: Buffer;
}

const STORED_REQUEST_COLUMNS = `request_id, status, covers_year, ${FPCA_VALID_THROUGH} AS valid_through,
            (received_at AT TIME ZONE 'UTC')::date::text AS received_on, party, pii`;

const storedRequest = (r: StoredRequestRow): StoredRequest => ({
  requestId: r.request_id,
  status: r.status,
  coversYear: r.covers_year,
  fpcaValidThrough: r.valid_through,
  receivedOn: r.received_on,
  party: r.party,
  pii: r.pii,
});

export async function findRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  options: { lock?: boolean } = {},
): Promise<StoredRequest | undefined> {
  const r = await selectOne<StoredRequestRow>(
    tx,
    `SELECT ${STORED_REQUEST_COLUMNS} FROM ballot_requests r
     WHERE request_id = $1 AND jurisdiction_id = $2${options.lock ? ' FOR UPDATE' : ''}`,
    [requestId, jurisdictionId],
  );
  return r && storedRequest(r);
}

/** `findRequest` for many requests of one jurisdiction in one query (primary-key probes), by id. */
export async function findRequests(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestIds: readonly string[],
): Promise<Map<string, StoredRequest>> {
  if (requestIds.length === 0) return new Map();
  const rows = await select<StoredRequestRow>(
    tx,
    `SELECT ${STORED_REQUEST_COLUMNS} FROM ballot_requests r
     WHERE request_id = ANY($1::uuid[]) AND jurisdiction_id = $2`,
    [requestIds, jurisdictionId],
  );
  return new Map(rows.map((r) => [String(r.request_id), storedRequest(r)]));
}

/** The decision on a request: its status, reason codes and (when verified) the roll record. */
export async function setRequestDecision(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  d: {
    status: 'verified' | 'needs-review' | 'rejected';
    reasons: readonly string[];
    rollRecordId: string | null;
  },
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballot_requests SET status = $1, reasons = $2, roll_record_id = $3, updated_at = now()
     WHERE request_id = $4 AND jurisdiction_id = $5`,
    [d.status, JSON.stringify(d.reasons), d.rollRecordId, requestId, jurisdictionId],
  );
}

/** `setRequestDecision` for many requests of one jurisdiction in one statement. */
export async function setRequestDecisions(
  tx: SqlExecutor,
  jurisdictionId: string,
  decisions: ReadonlyArray<{
    requestId: string;
    status: 'verified' | 'needs-review' | 'rejected';
    reasons: readonly string[];
    rollRecordId: string | null;
  }>,
): Promise<void> {
  if (decisions.length === 0) return;
  await execute(
    tx,
    `UPDATE ballot_requests r SET status = d.status, reasons = d.reasons, roll_record_id = d.roll_record_id,
            updated_at = now()
       FROM unnest($2::uuid[], $3::text[], $4::jsonb[], $5::uuid[]) AS d(request_id, status, reasons, roll_record_id)
      WHERE r.request_id = d.request_id AND r.jurisdiction_id = $1`,
    [
      jurisdictionId,
      decisions.map((d) => d.requestId),
      decisions.map((d) => d.status),
      decisions.map((d) => JSON.stringify(d.reasons)),
      decisions.map((d) => d.rollRecordId),
    ],
  );
}

/** The office rejected a request after review (the roll record, if any, stays). */
export async function rejectRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  reasons: readonly string[],
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballot_requests SET status = 'rejected', reasons = $1, updated_at = now()
     WHERE request_id = $2 AND jurisdiction_id = $3`,
    [JSON.stringify(reasons), requestId, jurisdictionId],
  );
}

export interface ReviewRow {
  requestId: string;
  trackingCode: string;
  receivedAt: string;
  reasons: ReasonCode[];
  pii: Buffer;
}

/** Requests that need a person, oldest first. */
export async function requestsNeedingReview(
  tx: SqlExecutor,
  jurisdictionId: string,
  limit: number,
): Promise<ReviewRow[]> {
  const rows = await select<{
    request_id: string;
    tracking_code: string;
    received_at: Date;
    reasons: ReasonCode[];
    pii: Buffer;
  }>(
    tx,
    `SELECT request_id, tracking_code, received_at, reasons, pii FROM ballot_requests
     WHERE jurisdiction_id = $1 AND status = 'needs-review' ORDER BY received_at, request_id LIMIT $2`,
    [jurisdictionId, limit],
  );
  return rows.map((r) => ({
    requestId: r.request_id,
    trackingCode: r.tracking_code,
    receivedAt: iso(r.received_at),
    reasons: r.reasons,
    pii: r.pii,
  }));
}

/** How many requests wait for review. */
export async function countNeedingReview(tx: SqlExecutor, jurisdictionId: string): Promise<number> {
  const r = await selectOne<{ n: number }>(
    tx,
    `SELECT count(*)::int AS n FROM ballot_requests WHERE jurisdiction_id = $1 AND status = 'needs-review'`,
    [jurisdictionId],
  );
  return r?.n ?? 0;
}

/** What a FWAB needs of the voter's request: when it came, whether it stands, whether on the roll. */
export async function requestForFwab(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<{ receivedAt: Date; rollRecordId: string | null; status: RequestStatus } | undefined> {
  const r = await selectOne<{ received_at: Date; roll_record_id: string | null; status: RequestStatus }>(
    tx,
    `SELECT received_at, roll_record_id, status FROM ballot_requests WHERE jurisdiction_id = $1 AND request_id = $2`,
    [jurisdictionId, requestId],
  );
  return r && { receivedAt: r.received_at, rollRecordId: r.roll_record_id, status: r.status };
}

/** Whether the request exists in this jurisdiction (events about unknown requests are parked). */
/** Which of these requests exist in the jurisdiction (one statement). */
export async function existingBallotRequests(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestIds: readonly string[],
): Promise<Set<string>> {
  if (requestIds.length === 0) return new Set();
  // by the primary key alone, the jurisdiction compared here: with `jurisdiction_id = $1` in the
  // WHERE clause a planner without statistics picks the (jurisdiction, status) index and filters
  // every request of the jurisdiction, once per batch
  const rows = await select<{ request_id: string; jurisdiction_id: string }>(
    tx,
    `SELECT request_id, jurisdiction_id FROM ballot_requests WHERE request_id = ANY($1::uuid[])`,
    [requestIds],
  );
  return new Set(rows.filter((r) => r.jurisdiction_id === jurisdictionId).map((r) => String(r.request_id)));
}

export async function ballotRequestExists(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<boolean> {
  const rows = await select(
    tx,
    `SELECT 1 FROM ballot_requests WHERE jurisdiction_id = $1 AND request_id = $2::uuid`,
    [jurisdictionId, requestId],
  );
  return rows.length > 0;
}

/** The voter's request of that year with exactly this body (keyed hash), whatever its status. */
export async function requestOfVoterWithBody(
  tx: SqlExecutor,
  jurisdictionId: string,
  voterKey: string,
  coversYear: number,
  requestHash: string,
): Promise<string | undefined> {
  const r = await selectOne<{ request_id: string }>(
    tx,
    `SELECT request_id FROM ballot_requests
     WHERE jurisdiction_id = $1 AND voter_key = $2 AND covers_year = $3 AND request_hash = $4
     ORDER BY received_at LIMIT 1`,
    [jurisdictionId, voterKey, coversYear, requestHash],
  );
  return r?.request_id;
}
