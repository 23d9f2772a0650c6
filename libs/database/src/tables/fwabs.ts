/**
 * Owner of `fwabs`: Federal Write-In Absentee Ballots the office recorded, with their resolution
 * (which ballot counts), recomputed when the voter's state ballot comes back.
 */
import type { FwabNotCountedReason, ReturnMethod } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, select, selectOne } from './sql';

export type FwabCounts = 'state-ballot' | 'fwab' | 'none';
export type FwabDisposition = 'counted' | 'superseded' | 'rejected';

export interface FwabResolutionColumns {
  counts: FwabCounts;
  disposition: FwabDisposition;
  reason: FwabNotCountedReason | null;
  registrationApplication: boolean;
}

export interface NewFwab extends FwabResolutionColumns {
  fwabId: string;
  jurisdictionId: string;
  electionId: string;
  requestId: string | null;
  voterRegistered: boolean;
  appliedOn: string | null;
  receivedAt: string;
  timely: boolean;
  method: ReturnMethod;
  postmarkDate: string | null;
}

/** Records a FWAB with its resolution. */
export async function insertFwab(tx: SqlExecutor, f: NewFwab): Promise<void> {
  await execute(
    tx,
    `INSERT INTO fwabs (fwab_id, jurisdiction_id, election_id, request_id, voter_registered, applied_on,
                        received_at, timely, counts, disposition, reason, registration_application, method,
                        postmark_date)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      f.fwabId,
      f.jurisdictionId,
      f.electionId,
      f.requestId,
      f.voterRegistered,
      f.appliedOn,
      f.receivedAt,
      f.timely,
      f.counts,
      f.disposition,
      f.reason,
      f.registrationApplication,
      f.method,
      f.postmarkDate,
    ],
  );
}

/** What resolving a FWAB needs of it (and its election's date), with its current resolution. */
export interface FwabForResolution extends FwabResolutionColumns {
  fwabId: string;
  electionId: string;
  requestId: string | null;
  voterRegistered: boolean;
  appliedOn: string | null;
  receivedAt: Date;
  timely: boolean;
  electionDate: string;
}

export async function fwabForResolution(
  tx: SqlExecutor,
  fwabId: string,
): Promise<FwabForResolution | undefined> {
  const r = await selectOne<{
    election_id: string;
    request_id: string | null;
    voter_registered: boolean;
    applied_on: string | null;
    received_at: Date;
    timely: boolean;
    election_date: string;
    counts: FwabCounts;
    disposition: FwabDisposition;
    reason: FwabNotCountedReason | null;
    registration_application: boolean;
  }>(
    tx,
    `SELECT f.election_id, f.request_id, f.voter_registered, f.applied_on::text AS applied_on, f.received_at,
            f.timely, e.election_date::text AS election_date, f.counts, f.disposition, f.reason,
            f.registration_application
     FROM fwabs f JOIN elections e ON e.election_id = f.election_id WHERE f.fwab_id = $1`,
    [fwabId],
  );
  return (
    r && {
      fwabId,
      electionId: r.election_id,
      requestId: r.request_id,
      voterRegistered: r.voter_registered,
      appliedOn: r.applied_on,
      receivedAt: r.received_at,
      timely: r.timely,
      electionDate: r.election_date,
      counts: r.counts,
      disposition: r.disposition,
      reason: r.reason,
      registrationApplication: r.registration_application,
    }
  );
}

export async function updateFwabResolution(
  tx: SqlExecutor,
  fwabId: string,
  r: FwabResolutionColumns,
): Promise<void> {
  await execute(
    tx,
    `UPDATE fwabs SET counts = $2, disposition = $3, reason = $4, registration_application = $5, resolved_at = now()
     WHERE fwab_id = $1`,
    [fwabId, r.counts, r.disposition, r.reason, r.registrationApplication],
  );
}

/** The FWABs of a request for one election. */
export async function fwabIdsOfRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  electionId: string,
): Promise<string[]> {
  const rows = await select<{ fwab_id: string }>(
    tx,
    `SELECT fwab_id FROM fwabs WHERE jurisdiction_id = $1 AND request_id = $2 AND election_id = $3`,
    [jurisdictionId, requestId, electionId],
  );
  return rows.map((r) => r.fwab_id);
}

/** A FWAB as the office API shows it. */
export interface FwabView {
  fwabId: string;
  electionId: string;
  requestId: string | null;
  timely: boolean;
  counts: FwabCounts;
  disposition: FwabDisposition;
  reason: FwabNotCountedReason | null;
  registrationApplication: boolean;
  resolvedAt: Date;
}

export async function fwabView(tx: SqlExecutor, fwabId: string): Promise<FwabView | undefined> {
  return selectOne<FwabView>(
    tx,
    `SELECT fwab_id AS "fwabId", election_id AS "electionId", request_id AS "requestId", timely, counts,
            disposition, reason, registration_application AS "registrationApplication", resolved_at AS "resolvedAt"
     FROM fwabs WHERE fwab_id = $1`,
    [fwabId],
  );
}

/** A FWAB in the election's list. */
export interface FwabListItem extends Omit<FwabView, 'electionId' | 'resolvedAt'> {
  receivedAt: Date;
  method: ReturnMethod | null;
}

export async function fwabsOfElection(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
): Promise<FwabListItem[]> {
  return select<FwabListItem>(
    tx,
    `SELECT fwab_id AS "fwabId", request_id AS "requestId", timely, counts, disposition, reason,
            registration_application AS "registrationApplication", received_at AS "receivedAt", method
     FROM fwabs WHERE jurisdiction_id = $1 AND election_id = $2 ORDER BY received_at`,
    [jurisdictionId, electionId],
  );
}

/** How many FWABs of the election have each disposition. */
export async function fwabDispositionCounts(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
): Promise<Record<string, number>> {
  const rows = await select<{ disposition: string; n: number }>(
    tx,
    `SELECT disposition, count(*)::int AS n FROM fwabs WHERE jurisdiction_id = $1 AND election_id = $2
     GROUP BY disposition`,
    [jurisdictionId, electionId],
  );
  return Object.fromEntries(rows.map((f) => [f.disposition, f.n]));
}

/** FWABs of the election from voters without a request (EAVS rows of their own). */
export async function fwabsWithoutRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
): Promise<
  Array<{
    fwabId: string;
    receivedAt: Date;
    method: ReturnMethod | null;
    disposition: FwabDisposition;
    reason: FwabNotCountedReason | null;
  }>
> {
  return select(
    tx,
    `SELECT fwab_id AS "fwabId", received_at AS "receivedAt", method, disposition, reason FROM fwabs
     WHERE jurisdiction_id = $1 AND election_id = $2 AND request_id IS NULL
     ORDER BY received_at, fwab_id`,
    [jurisdictionId, electionId],
  );
}
