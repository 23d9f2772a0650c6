/** Read models over `ballot_requests` (with their ballots): packet sources, election rows, the MOVE Act rows, the office list. */
import type {
  BallotDeliveryMethod,
  BallotStatus,
  Language,
  PaperSize,
  RequestStatus,
  ReturnMethod,
  VoterClass,
} from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { byGivenIds, select, selectOne } from '../sql';
import { fpcaCovers } from './fpca-cover';
import type { RequestMethod } from './requests';

/** What a packet is rendered from, of the request, its office and its election (one read). */
export interface PacketSourceRow {
  trackingCode: string;
  pii: Buffer;
  paperSize: PaperSize | null;
  mailingCountry: string;
  militaryPost: boolean;
  jurisdictionName: string;
  jurisdictionSettings: Record<string, unknown>;
  definition: unknown;
  /** the request's language: the packet is written in it (set once, so a re-render matches) */
  language: Language;
}

export async function packetSource(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  electionId: string,
): Promise<PacketSourceRow | undefined> {
  const [row] = await packetSourcesOf(tx, jurisdictionId, [{ requestId, electionId }], { definitions: true });
  return row;
}

/**
 * `packetSource` of many (request, election) pairs in one query, in their order (undefined where
 * the request or the election is not stored). Without `definitions` the rows carry no election
 * definition (`definition: undefined`): a caller that has the definitions already (the ballots
 * worker reads them with the elections) saves parsing one copy per packet.
 */
export async function packetSourcesOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  refs: ReadonlyArray<{ requestId: string; electionId: string }>,
  options: { definitions: boolean },
): Promise<Array<PacketSourceRow | undefined>> {
  if (refs.length === 0) return [];
  const rows = await select<{
    ord: string;
    tracking_code: string;
    pii: Buffer;
    paper_size: PaperSize | null;
    mailing_country: string;
    military_post: boolean;
    jname: string;
    jsettings: Record<string, unknown> | null;
    definition?: unknown;
    language: Language;
  }>(
    tx,
    `SELECT k.ord, r.tracking_code, r.pii, r.paper_size, r.mailing_country, r.military_post, r.language,
            j.name AS jname, j.settings AS jsettings${options.definitions ? ', e.definition' : ''}
     FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(request_id, election_id, ord)
     JOIN ballot_requests r ON r.request_id = k.request_id AND r.jurisdiction_id = $3
     JOIN jurisdictions j ON j.jurisdiction_id = r.jurisdiction_id
     JOIN elections e ON e.election_id = k.election_id AND e.jurisdiction_id = r.jurisdiction_id`,
    [refs.map((r) => r.requestId), refs.map((r) => r.electionId), jurisdictionId],
  );
  const out = new Array<PacketSourceRow | undefined>(refs.length);
  for (const r of rows)
    out[Number(r.ord) - 1] = {
      trackingCode: r.tracking_code,
      pii: r.pii,
      paperSize: r.paper_size,
      mailingCountry: r.mailing_country,
      militaryPost: r.military_post,
      jurisdictionName: r.jname,
      jurisdictionSettings: r.jsettings ?? {},
      definition: r.definition,
      language: r.language,
    };
  return out;
}

/** One request of an election's year with its ballot for that election (if any): reports and counts. */
export interface ElectionRequestRow {
  requestId: string;
  status: RequestStatus;
  /** the reason codes of the request's status (fpca/reasons.ts), e.g. why it was rejected */
  reasons: string[];
  /** how it reached the office (EAVS RequestMethod) */
  requestMethod: RequestMethod;
  voterClass: VoterClass;
  ballotDelivery: BallotDeliveryMethod;
  mailingCountry: string;
  voterKey: string;
  receivedAt: Date;
  ballotStatus: BallotStatus | null;
  transmittedAt: Date | null;
  transmitMethod: BallotDeliveryMethod | null;
  returnedAt: Date | null;
  returnMethod: ReturnMethod | null;
  returnTimely: boolean | null;
  decisionReasons: string[] | null;
}

/** Every request of the election's year, with its ballot for the election, in arrival order. */
export async function electionRequestRows(
  tx: SqlExecutor,
  jurisdictionId: string,
  election: { electionId: string; date: string },
): Promise<ElectionRequestRow[]> {
  const rows = await select<{
    request_id: string;
    status: RequestStatus;
    reasons: string[] | null;
    request_method: RequestMethod;
    voter_class: VoterClass;
    ballot_delivery: BallotDeliveryMethod;
    mailing_country: string;
    voter_key: string;
    received_at: Date;
    ballot_status: ElectionRequestRow['ballotStatus'];
    transmitted_at: Date | null;
    transmit_method: BallotDeliveryMethod | null;
    returned_at: Date | null;
    return_method: ElectionRequestRow['returnMethod'];
    return_timely: boolean | null;
    decision_reasons: string[] | null;
  }>(
    tx,
    `SELECT r.request_id, r.status, r.reasons, r.request_method, r.voter_class, r.ballot_delivery, r.mailing_country, r.voter_key, r.received_at,
            b.status AS ballot_status, b.transmitted_at, b.transmit_method, b.returned_at, b.return_method,
            b.return_timely, b.decision_reasons
     FROM ballot_requests r
     LEFT JOIN ballots b ON b.request_id = r.request_id AND b.election_id = $2 AND b.status <> 'void'
     WHERE r.jurisdiction_id = $1 AND ${fpcaCovers('$3')}
     ORDER BY r.received_at, r.request_id`,
    [jurisdictionId, election.electionId, election.date],
  );
  return rows.map((r) => ({
    requestId: r.request_id,
    status: r.status,
    reasons: r.reasons ?? [],
    requestMethod: r.request_method,
    voterClass: r.voter_class,
    ballotDelivery: r.ballot_delivery,
    mailingCountry: r.mailing_country,
    voterKey: r.voter_key,
    receivedAt: r.received_at,
    ballotStatus: r.ballot_status,
    transmittedAt: r.transmitted_at,
    transmitMethod: r.transmit_method,
    returnedAt: r.returned_at,
    returnMethod: r.return_method,
    returnTimely: r.return_timely,
    decisionReasons: r.decision_reasons,
  }));
}

/** A request counted by the MOVE Act monitor: when it arrived and when its ballot was sent (UTC days). */
export interface MoveActRequestRow {
  requestId: string;
  receivedOn: string;
  transmittedOn: string | null;
}

/** Requests of the election's year that stand (not rejected) and arrived by election day. */
export async function moveActRequestRows(
  tx: SqlExecutor,
  jurisdictionId: string,
  election: { electionId: string; date: string },
): Promise<MoveActRequestRow[]> {
  const rows = await select<{ request_id: string; received_on: string; transmitted_on: string | null }>(
    tx,
    `SELECT r.request_id, (r.received_at AT TIME ZONE 'UTC')::date::text AS received_on,
            (b.transmitted_at AT TIME ZONE 'UTC')::date::text AS transmitted_on
     FROM ballot_requests r
     LEFT JOIN ballots b ON b.request_id = r.request_id AND b.election_id = $2 AND b.status <> 'void'
     WHERE r.jurisdiction_id = $1 AND r.status NOT IN ('rejected', 'cancelled')
       AND ${fpcaCovers('$3')} AND r.received_at::date <= $3::date
     ORDER BY r.received_at, r.request_id`,
    [jurisdictionId, election.electionId, election.date],
  );
  return rows.map((r) => ({
    requestId: r.request_id,
    receivedOn: r.received_on,
    transmittedOn: r.transmitted_on,
  }));
}

/** A request as the office's list shows it: ids, codes and dates only (no personal data). */
export interface RequestListItem {
  request_id: string;
  tracking_code: string;
  status: RequestStatus;
  voter_class: VoterClass;
  ballot_delivery: BallotDeliveryMethod;
  mailing_country: string;
  reasons: string[];
  received_at: Date;
}

/** The jurisdiction's requests, newest first, at most `limit`. */
export async function listRequests(
  tx: SqlExecutor,
  jurisdictionId: string,
  limit = 500,
): Promise<RequestListItem[]> {
  return select<RequestListItem>(
    tx,
    `SELECT request_id, tracking_code, status, voter_class, ballot_delivery, mailing_country, reasons, received_at
     FROM ballot_requests WHERE jurisdiction_id = $1 ORDER BY received_at DESC LIMIT $2`,
    [jurisdictionId, limit],
  );
}

/** What a voter's e-mail is written from: the sealed request, its tracking code, its office. */
export interface NoticeRecipientRow<S> {
  /** sealed FPCA body (`request:<id>`) */
  pii: Buffer;
  trackingCode: string;
  ballotDelivery: BallotDeliveryMethod;
  /** the language the voter's e-mails are written in */
  language: Language;
  jurisdictionName: string;
  jurisdictionSettings: S | null;
}

export async function noticeRecipient<S extends object>(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<NoticeRecipientRow<S> | undefined> {
  return (await noticeRecipientsOf<S>(tx, jurisdictionId, [requestId])).get(requestId);
}

/** `noticeRecipient` of many requests in one query, by request id (the ids as given). */
export async function noticeRecipientsOf<S extends object>(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestIds: readonly string[],
): Promise<Map<string, NoticeRecipientRow<S>>> {
  if (requestIds.length === 0) return new Map();
  const rows = await select<NoticeRecipientRow<S> & { requestId: string }>(
    tx,
    `SELECT r.request_id::text AS "requestId", r.pii, r.tracking_code AS "trackingCode",
            r.ballot_delivery AS "ballotDelivery", r.language,
            j.name AS "jurisdictionName", j.settings AS "jurisdictionSettings"
       FROM ballot_requests r JOIN jurisdictions j ON j.jurisdiction_id = r.jurisdiction_id
       WHERE r.jurisdiction_id = $2 AND r.request_id = ANY($1::uuid[])`,
    [[...new Set(requestIds)], jurisdictionId],
  );
  return byGivenIds(
    requestIds,
    rows.map(({ requestId, ...row }) => [requestId, row] as const),
  );
}

/** A request as its voter's tracking page reads it (by tracking code). */
export interface TrackedRequestRow {
  request_id: string;
  status: RequestStatus;
  reasons: string[];
  received_at: Date;
  /** keyed hash of the date of birth (the voter's second factor) */
  dob_hash: string;
}

export async function requestByTrackingCode(
  tx: SqlExecutor,
  jurisdictionId: string,
  trackingCode: string,
): Promise<TrackedRequestRow | undefined> {
  return selectOne<TrackedRequestRow>(
    tx,
    `SELECT request_id, status, reasons, received_at, dob_hash FROM ballot_requests
       WHERE jurisdiction_id = $1 AND tracking_code = $2`,
    [jurisdictionId, trackingCode],
  );
}

/** A request found by the office's voter search (sealed body included, opened by the caller). */
export interface FoundRequestRow {
  requestId: string;
  trackingCode: string;
  status: RequestStatus;
  receivedAt: Date;
  pii: Buffer;
}

/** What the voter search looks by: a tracking code, a request id, or the keyed voter index. */
export type RequestSearchKey = { trackingCode: string } | { requestId: string } | { voterKey: string };

/**
 * The jurisdiction's requests matching one exact key, newest first, at most `limit`. Name search
 * goes through `voter_key` (keyed hash of normalised name + birth date), so no row is decrypted
 * to find it.
 */
export async function searchRequests(
  tx: SqlExecutor,
  jurisdictionId: string,
  key: RequestSearchKey,
  limit = 50,
): Promise<FoundRequestRow[]> {
  const [column, value] =
    'trackingCode' in key
      ? ['tracking_code', key.trackingCode]
      : 'requestId' in key
        ? ['request_id', key.requestId]
        : ['voter_key', key.voterKey];
  return select<FoundRequestRow>(
    tx,
    `SELECT request_id AS "requestId", tracking_code AS "trackingCode", status, received_at AS "receivedAt", pii
       FROM ballot_requests WHERE jurisdiction_id = $1 AND ${column} = $2
       ORDER BY received_at DESC LIMIT $3`,
    [jurisdictionId, value, limit],
  );
}

/** What the voter's and the office's forms (cure affidavit, FWAB packet, FPCA) print of a request. */
export interface RequestDocumentSource {
  requestId: string;
  trackingCode: string;
  status: RequestStatus;
  receivedAt: Date;
  paperSize: PaperSize | null;
  mailingCountry: string;
  /** the sealed request (purpose `request:<id>`), opened by the caller */
  pii: Buffer;
}

export async function requestDocumentSource(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<RequestDocumentSource | undefined> {
  const r = await selectOne<{
    request_id: string;
    tracking_code: string;
    status: RequestStatus;
    received_at: Date;
    paper_size: PaperSize | null;
    mailing_country: string;
    pii: Buffer;
  }>(
    tx,
    `SELECT request_id, tracking_code, status, received_at, paper_size, mailing_country, pii
       FROM ballot_requests WHERE jurisdiction_id = $1 AND request_id = $2`,
    [jurisdictionId, requestId],
  );
  return (
    r && {
      requestId: r.request_id,
      trackingCode: r.tracking_code,
      status: r.status,
      receivedAt: r.received_at,
      paperSize: r.paper_size,
      mailingCountry: r.mailing_country,
      pii: r.pii,
    }
  );
}
