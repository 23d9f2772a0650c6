/**
 * What the office's actions on a returned ballot share (returns, decisions, cures, transmissions):
 * the ballot locked in the action's transaction, its state for the lifecycle rules of libs/domain
 * (`decide`), the office settings those rules read, and the ids every ballot event carries.
 */
import {
  jurisdictionSettings,
  lockBallotForDecision,
  type BallotForDecision,
  type SqlExecutor,
} from '@uocava/database';
import {
  decide,
  isUuid,
  type BallotAction,
  type BallotRejectionType,
  type BallotState,
  type CurableReason,
  type ReturnAssessment,
} from '@uocava/domain';
import { notFound, ProblemException } from '@uocava/platform';

/** The source of the events the office's actions emit. */
export const OFFICE_SOURCE = 'urn:uocava:gateway:office';

/** Jurisdiction settings read by the office operations (jurisdictions.settings jsonb). */
export interface OfficeSettings {
  /** days to transmit a request received after day 45 (MOVE Act monitor); default 3 */
  moveActTargetDays?: number;
  /** due within this many days counts as at risk; default 2 */
  moveActAtRiskDays?: number;
  /** accept a FWAB from an unregistered voter as their registration and application */
  fwabAsRegistration?: boolean;
  /** last day an application counts, as days before election day; default 7 */
  applicationDeadlineDaysBefore?: number;
  /** accept ballots that came back late (default false) */
  acceptLateReturns?: boolean;
}

export function officeSettings(tx: SqlExecutor, jurisdictionId: string): Promise<OfficeSettings> {
  return jurisdictionSettings<OfficeSettings>(tx, jurisdictionId);
}

/** The ballot of the caller's jurisdiction, locked for the action; 404 for anything else. */
export async function lockBallot(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
): Promise<BallotForDecision> {
  const b = isUuid(ballotId.toLowerCase())
    ? await lockBallotForDecision(tx, jurisdictionId, ballotId)
    : undefined;
  if (b === undefined) throw notFound(`Ballot ${ballotId}`);
  return b;
}

/** The lifecycle state of a stored ballot, as `decide` takes it. */
export function stateOf(b: BallotForDecision): BallotState {
  switch (b.status) {
    case 'returned': {
      const ret: ReturnAssessment =
        b.returnTimely === false && b.lateReason !== null
          ? { timely: false, reason: b.lateReason }
          : { timely: true };
      return { status: 'returned', return: ret };
    }
    case 'cure-requested':
      return {
        status: 'cure-requested',
        reason: (b.decisionReasons?.[0] ?? 'other') as CurableReason,
        cureDeadline: (b.cureDeadline ?? new Date(0)).toISOString(),
      };
    case 'rejected': {
      const r = (b.decisionReasons ?? ['other']) as BallotRejectionType[];
      return { status: 'rejected', reasons: [r[0] ?? 'other', ...r.slice(1)] };
    }
    default:
      return { status: b.status };
  }
}

/** The state after `action`, or the lifecycle's refusal as problem+json (409, or 400 for a bad time). */
export function applyAction(
  b: BallotForDecision,
  action: BallotAction,
  settings: OfficeSettings,
): BallotState {
  const result = decide(stateOf(b), action, { acceptLateReturns: settings.acceptLateReturns === true });
  if (!result.ok) {
    const status = result.error.code === 'invalid-timestamp' ? 400 : 409;
    throw new ProblemException(status, result.error.code, 'This step is not allowed', result.error.message, {
      code: result.error.code,
      from: result.error.from,
      action: result.error.action,
    } as Record<string, unknown>);
  }
  return result.state;
}

/** The ids every ballot event carries. */
export function ballotEventBase(b: BallotForDecision, jurisdictionId: string) {
  return { requestId: b.requestId, ballotId: b.ballotId, jurisdictionId, electionId: b.electionId };
}
