import type { BallotStatus } from '../vocabulary';
import type { BallotRejectionType } from './eavs-vocabulary';
import type { ReturnAssessment, ReturnLateReason } from './return-rules';
import { rejectionTypeForLateReturn } from './return-rules';
import { instantOf } from './dates';

/** Defects a voter may fix (cure) before the cure deadline. */
export const CURABLE_REASONS = ['missing-voter-signature', 'mismatch-voter-signature', 'other'] as const;
export type CurableReason = (typeof CURABLE_REASONS)[number];

/** Reasons to reject a ballot that never came back (e.g. the packet bounced). */
export const UNRETURNED_REJECTION_REASONS = [
  'undeliverable',
  'voided-spoiled',
  'voter-died',
  'voter-moved',
  'voter-unregistered',
] as const satisfies readonly BallotRejectionType[];

export type NonEmpty<T> = readonly [T, ...T[]];

/** The state of one ballot, with what each status needs to decide the next step. */
export type BallotState =
  | { status: 'generated' }
  | { status: 'transmitted' }
  | { status: 'returned'; return: ReturnAssessment }
  | { status: 'cure-requested'; reason: CurableReason; cureDeadline: string }
  | { status: 'cured' }
  | { status: 'accepted' }
  | { status: 'rejected'; reasons: NonEmpty<BallotRejectionType> }
  /** replaced by a reissue, or cancelled with its request */
  | { status: 'void' };

export type BallotAction =
  | { type: 'transmit' }
  | { type: 'return'; assessment: ReturnAssessment }
  | { type: 'accept' }
  | { type: 'reject'; reasons: NonEmpty<BallotRejectionType> }
  | { type: 'request-cure'; reason: CurableReason; cureDeadline: string }
  | { type: 'cure'; at: string }
  | { type: 'cure-deadline-passed'; at: string }
  /** a reissue replaces it, or its request is cancelled: only a ballot still out, never one returned */
  | { type: 'void' };
export type BallotActionType = BallotAction['type'];

export interface DecisionPolicy {
  /** accept a ballot that came back late (default false: late returns can only be rejected) */
  acceptLateReturns?: boolean;
}

export const DECISION_ERROR_CODES = [
  'illegal-transition',
  'late-return-must-be-rejected-as-late',
  'late-return-cannot-be-cured',
  'reasons-required',
  'reason-not-applicable',
  'cure-after-deadline',
  'cure-deadline-not-passed',
  'invalid-timestamp',
] as const;
export type DecisionErrorCode = (typeof DECISION_ERROR_CODES)[number];

export interface DecisionError {
  code: DecisionErrorCode;
  from: BallotStatus;
  action: BallotActionType;
  message: string;
}

export type DecisionResult = { ok: true; state: BallotState } | { ok: false; error: DecisionError };

/** The statuses each action may start from. */
export const ALLOWED_FROM: Readonly<Record<BallotActionType, readonly BallotStatus[]>> = {
  transmit: ['generated'],
  return: ['transmitted'],
  accept: ['returned', 'cured'],
  reject: ['transmitted', 'returned', 'cure-requested', 'cured'],
  'request-cure': ['returned'],
  cure: ['cure-requested'],
  'cure-deadline-passed': ['cure-requested'],
  void: ['generated', 'transmitted'],
};

export const TERMINAL_STATUSES: readonly BallotStatus[] = ['accepted', 'rejected', 'void'];

function fail(
  code: DecisionErrorCode,
  current: BallotState,
  action: BallotAction,
  message: string,
): DecisionResult {
  return { ok: false, error: { code, from: current.status, action: action.type, message } };
}

function lateReason(state: BallotState): ReturnLateReason | undefined {
  return state.status === 'returned' && !state.return.timely ? state.return.reason : undefined;
}

function tryInstant(value: string): number | undefined {
  try {
    return instantOf(value, 'timestamp');
  } catch {
    return undefined;
  }
}

/**
 * The next state of a ballot after an office action, or a typed error when the action is not
 * allowed from the current status. Pure: the caller persists the state and emits the event.
 */
export function decide(
  current: BallotState,
  action: BallotAction,
  policy: DecisionPolicy = {},
): DecisionResult {
  if (!ALLOWED_FROM[action.type].includes(current.status)) {
    return fail(
      'illegal-transition',
      current,
      action,
      `cannot ${action.type} a ballot that is ${current.status}`,
    );
  }
  switch (action.type) {
    case 'transmit':
      return { ok: true, state: { status: 'transmitted' } };
    case 'return':
      return { ok: true, state: { status: 'returned', return: action.assessment } };
    case 'void':
      return { ok: true, state: { status: 'void' } };
    case 'accept': {
      if (lateReason(current) !== undefined && policy.acceptLateReturns !== true) {
        return fail(
          'late-return-must-be-rejected-as-late',
          current,
          action,
          'a late return can only be rejected',
        );
      }
      return { ok: true, state: { status: 'accepted' } };
    }
    case 'reject': {
      if (action.reasons.length === 0)
        return fail('reasons-required', current, action, 'give at least one reason');
      const late = lateReason(current);
      if (late !== undefined && policy.acceptLateReturns !== true) {
        const required = rejectionTypeForLateReturn(late);
        if (!action.reasons.includes(required)) {
          return fail(
            'late-return-must-be-rejected-as-late',
            current,
            action,
            `a late return is rejected as ${required}`,
          );
        }
      }
      if (current.status === 'transmitted') {
        const allowed: readonly BallotRejectionType[] = UNRETURNED_REJECTION_REASONS;
        if (!action.reasons.every((r) => allowed.includes(r))) {
          return fail(
            'reason-not-applicable',
            current,
            action,
            'a ballot not returned can only be rejected as undeliverable, voided or for voter eligibility',
          );
        }
      }
      return { ok: true, state: { status: 'rejected', reasons: action.reasons } };
    }
    case 'request-cure': {
      if (lateReason(current) !== undefined) {
        return fail('late-return-cannot-be-cured', current, action, 'lateness cannot be cured');
      }
      if (tryInstant(action.cureDeadline) === undefined) {
        return fail('invalid-timestamp', current, action, 'cureDeadline must be a date-time with offset');
      }
      return {
        ok: true,
        state: { status: 'cure-requested', reason: action.reason, cureDeadline: action.cureDeadline },
      };
    }
    case 'cure':
    case 'cure-deadline-passed': {
      if (current.status !== 'cure-requested') {
        return fail(
          'illegal-transition',
          current,
          action,
          `cannot ${action.type} a ballot that is ${current.status}`,
        );
      }
      const at = tryInstant(action.at);
      const deadline = tryInstant(current.cureDeadline);
      if (at === undefined || deadline === undefined) {
        return fail('invalid-timestamp', current, action, 'timestamps must be date-times with offset');
      }
      if (action.type === 'cure') {
        return at <= deadline
          ? { ok: true, state: { status: 'cured' } }
          : fail('cure-after-deadline', current, action, 'the cure arrived after the cure deadline');
      }
      return at > deadline
        ? { ok: true, state: { status: 'rejected', reasons: [current.reason] } }
        : fail('cure-deadline-not-passed', current, action, 'the cure deadline has not passed yet');
    }
  }
}
