/** Void ballots: replaced by a reissue, or cancelled with their request. */
import type { BallotStatus, ReissueReason, VoidReason } from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { execute, select, selectOne } from '../sql';

/** Marks one ballot void (the caller checked that it may be). */
export async function markVoid(
  tx: SqlExecutor,
  ballotId: string,
  v: { reason: VoidReason; reissueReason: ReissueReason | null; at: Date },
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballots SET status = 'void', void_reason = $2, reissue_reason = $3, voided_at = $4 WHERE ballot_id = $1`,
    [ballotId, v.reason, v.reissueReason, v.at],
  );
}

export interface LiveBallotRow {
  ballotId: string;
  electionId: string;
  status: BallotStatus;
}

/** The request's ballots that are not void, locked (FOR UPDATE), oldest first. */
export async function liveBallotsOfRequest(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
): Promise<LiveBallotRow[]> {
  return select<LiveBallotRow>(
    tx,
    `SELECT ballot_id AS "ballotId", election_id AS "electionId", status FROM ballots
     WHERE jurisdiction_id = $1 AND request_id = $2 AND status <> 'void'
     ORDER BY generated_at, ballot_id FOR UPDATE`,
    [jurisdictionId, requestId],
  );
}

/** The void ballot a reissue replaces, if `ballotId` replaced one. */
export async function replacedBallotOf(tx: SqlExecutor, ballotId: string): Promise<string | undefined> {
  const r = await selectOne<{ replaces_ballot_id: string | null }>(
    tx,
    `SELECT replaces_ballot_id FROM ballots WHERE ballot_id = $1`,
    [ballotId],
  );
  return r?.replaces_ballot_id ?? undefined;
}

/** Whether `ballotId` already has its replacement (a replay of the reissue generates nothing). */
export async function hasReplacement(tx: SqlExecutor, ballotId: string): Promise<boolean> {
  return (
    (await selectOne(tx, `SELECT 1 FROM ballots WHERE replaces_ballot_id = $1`, [ballotId])) !== undefined
  );
}
