/** The office's lifecycle of a returned ballot: the locked read and each transition. */
import type {
  BallotDeliveryMethod,
  BallotStatus,
  ElectionSettings,
  ReturnLateReason,
  ReturnMethod,
} from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { execute, select, selectOne } from '../sql';

/** A ballot as the office's decisions see it, with its election's settings and date. */
export interface BallotForDecision {
  ballotId: string;
  requestId: string;
  electionId: string;
  status: BallotStatus;
  returnTimely: boolean | null;
  lateReason: ReturnLateReason | null;
  decisionReasons: string[] | null;
  cureDeadline: Date | null;
  returnedAt: Date | null;
  returnMethod: ReturnMethod | null;
  postmarkDate: string | null;
  generatedAt: Date;
  transmittedAt: Date | null;
  electionSettings: ElectionSettings;
  electionDate: string;
}

/** The ballot of the jurisdiction, locked (FOR UPDATE) for a decision; undefined if unknown. */
export async function lockBallotForDecision(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
): Promise<BallotForDecision | undefined> {
  const r = await selectOne<{
    ballot_id: string;
    request_id: string;
    election_id: string;
    status: BallotStatus;
    return_timely: boolean | null;
    late_reason: ReturnLateReason | null;
    decision_reasons: string[] | null;
    cure_deadline: Date | null;
    returned_at: Date | null;
    return_method: ReturnMethod | null;
    postmark_date: string | null;
    generated_at: Date;
    transmitted_at: Date | null;
    settings: ElectionSettings;
    election_date: string;
  }>(
    tx,
    `SELECT b.ballot_id, b.request_id, b.election_id, b.status, b.return_timely, b.late_reason,
            b.decision_reasons, b.cure_deadline, b.returned_at, b.return_method,
            b.postmark_date::text AS postmark_date, b.generated_at, b.transmitted_at, e.settings, e.election_date::text AS election_date
     FROM ballots b JOIN elections e ON e.election_id = b.election_id
     WHERE b.jurisdiction_id = $1 AND b.ballot_id = $2 FOR UPDATE OF b`,
    [jurisdictionId, ballotId],
  );
  return (
    r && {
      ballotId: r.ballot_id,
      requestId: r.request_id,
      electionId: r.election_id,
      status: r.status,
      returnTimely: r.return_timely,
      lateReason: r.late_reason,
      decisionReasons: r.decision_reasons,
      cureDeadline: r.cure_deadline,
      returnedAt: r.returned_at,
      returnMethod: r.return_method,
      postmarkDate: r.postmark_date,
      generatedAt: r.generated_at,
      transmittedAt: r.transmitted_at,
      electionSettings: r.settings,
      electionDate: r.election_date,
    }
  );
}

export async function markReturned(
  tx: SqlExecutor,
  ballotId: string,
  r: {
    receivedAt: string;
    method: ReturnMethod;
    postmarkDate: string | null;
    timely: boolean;
    lateReason: ReturnLateReason | null;
  },
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballots SET status = 'returned', returned_at = $2, return_method = $3, postmark_date = $4,
            return_timely = $5, late_reason = $6
     WHERE ballot_id = $1`,
    [ballotId, r.receivedAt, r.method, r.postmarkDate, r.timely, r.lateReason],
  );
}

export async function markAccepted(tx: SqlExecutor, ballotId: string, at: Date | string): Promise<void> {
  await execute(tx, `UPDATE ballots SET status = 'accepted', decided_at = $2 WHERE ballot_id = $1`, [
    ballotId,
    at,
  ]);
}

export async function markRejected(
  tx: SqlExecutor,
  ballotId: string,
  reasons: readonly string[],
  at: Date | string,
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballots SET status = 'rejected', decision_reasons = $2, decided_at = $3 WHERE ballot_id = $1`,
    [ballotId, JSON.stringify(reasons), at],
  );
}

export async function markCureRequested(
  tx: SqlExecutor,
  ballotId: string,
  c: { reasons: readonly string[]; cureDeadline: string; at: Date | string },
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballots SET status = 'cure-requested', decision_reasons = $2, cure_deadline = $3, decided_at = $4
     WHERE ballot_id = $1`,
    [ballotId, JSON.stringify(c.reasons), c.cureDeadline, c.at],
  );
}

export async function markCured(tx: SqlExecutor, ballotId: string, at: Date | string): Promise<void> {
  await execute(tx, `UPDATE ballots SET status = 'cured', decided_at = $2 WHERE ballot_id = $1`, [
    ballotId,
    at,
  ]);
}

export async function markTransmitted(
  tx: SqlExecutor,
  ballotId: string,
  t: { at: string; method: BallotDeliveryMethod },
): Promise<void> {
  await execute(
    tx,
    `UPDATE ballots SET status = 'transmitted', transmitted_at = $2, transmit_method = $3 WHERE ballot_id = $1`,
    [ballotId, t.at, t.method],
  );
}

/** Ballots of the jurisdiction whose cure deadline passed before `now`. */
export async function curesDue(tx: SqlExecutor, jurisdictionId: string, now: Date): Promise<string[]> {
  const rows = await select<{ ballot_id: string }>(
    tx,
    `SELECT ballot_id FROM ballots WHERE jurisdiction_id = $1 AND status = 'cure-requested'
       AND cure_deadline < $2 ORDER BY ballot_id`,
    [jurisdictionId, now],
  );
  return rows.map((r) => r.ballot_id);
}

/** Whether the scoped jurisdiction has a ballot whose cure deadline passed (probe for loops). */
export async function hasCuresDue(tx: SqlExecutor, now: Date): Promise<boolean> {
  return (
    (await selectOne(
      tx,
      `SELECT 1 FROM ballots WHERE status = 'cure-requested' AND cure_deadline < $1 LIMIT 1`,
      [now],
    )) !== undefined
  );
}
