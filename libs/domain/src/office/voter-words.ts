/**
 * What each step of a ballot's life means to the voter, in plain words, with what they can do.
 * No I/O: the tracking page and the e-mails say the same thing.
 */
import type { ReasonCode } from '../fpca/reasons';
import { REASONS } from '../fpca/reasons';
import type { BallotRejectionType } from './eavs-vocabulary';

export interface StepWords {
  title: string;
  /** what happened and what comes next */
  detail: string;
}

/** Lifecycle event types (`uocava.request.*`, `uocava.ballot.*`) to the voter's words. */
export const STEP_WORDS: Record<string, StepWords> = {
  'uocava.request.submitted.v1': {
    title: 'Request received',
    detail: 'Your election office received your ballot request.',
  },
  'uocava.request.duplicate.v1': {
    title: 'Request sent again',
    detail: 'You sent your request again. Nothing changes: your first request stands.',
  },
  'uocava.request.verified.v1': {
    title: 'Request accepted',
    detail: 'Your election office found you on the voter roll. Your ballot is prepared next.',
  },
  'uocava.request.needs-review.v1': {
    title: 'Being checked by your election office',
    detail:
      'Some details need a person to check them. You do not need to do anything now: we write again when it is decided.',
  },
  'uocava.request.rejected.v1': {
    title: 'Request not accepted',
    detail:
      'Your election office could not accept your request. You can contact them, send a corrected request, or vote with the Federal Write-In Absentee Ballot (FWAB).',
  },
  'uocava.request.style-assigned.v1': {
    title: 'Ballot chosen',
    detail: 'Your election office chose the ballot for your address.',
  },
  'uocava.ballot.generated.v1': {
    title: 'Ballot ready',
    detail: 'Your ballot packet was prepared: instructions, the ballot, the declaration and the envelope.',
  },
  'uocava.ballot.transmitted.v1': {
    title: 'Ballot sent to you',
    detail: 'Print it, mark your choices, sign the declaration and send it back as the instructions say.',
  },
  'uocava.ballot.returned.v1': {
    title: 'Returned ballot received',
    detail: 'Your election office received your returned ballot. It checks the envelope next.',
  },
  'uocava.ballot.accepted.v1': {
    title: 'Ballot accepted',
    detail: 'Your ballot was accepted and will be counted. Thank you for voting.',
  },
  'uocava.ballot.rejected.v1': {
    title: 'Ballot not accepted',
    detail: 'Your ballot could not be counted.',
  },
  'uocava.ballot.cure-requested.v1': {
    title: 'Action needed: fix your ballot envelope',
    detail: 'Your election office found a problem you can fix before the deadline.',
  },
  'uocava.ballot.cured.v1': {
    title: 'Problem fixed',
    detail:
      'The problem with your ballot envelope was fixed. Your election office decides on your ballot next.',
  },
};

export function stepWords(eventType: string): StepWords {
  return STEP_WORDS[eventType] ?? { title: 'Update', detail: 'Your election office recorded a step.' };
}

/** Why a returned ballot was not accepted, and what the voter can do. */
export const BALLOT_REJECTION_WORDS: Record<BallotRejectionType, string> = {
  'mismatch-voter-signature':
    'The signature on the declaration does not match the one on file. Contact your election office: you may be able to confirm it is yours.',
  'missing-voter-signature':
    'The declaration was not signed. Contact your election office: you may be able to sign it before the deadline.',
  'not-timely': 'The ballot arrived after the deadline.',
  postmark: 'The ballot was postmarked after the deadline.',
  rejected: 'Your election office could not accept the ballot. Contact them to learn more.',
  undeliverable: 'The ballot could not be delivered to you. Check your address with your election office.',
  untracked: 'Your election office could not trace the ballot. Contact them to learn more.',
  'voided-spoiled': 'The ballot was cancelled and replaced, or spoiled.',
  'voter-died': 'The ballot was cancelled.',
  'voter-moved':
    'You are recorded as having moved. Contact your election office to update your registration.',
  'voter-unregistered': 'You are not registered in this jurisdiction. Contact your election office.',
  other: 'Your election office could not accept the ballot. Contact them to learn more.',
};

/** What the voter must fix for a cure request (the codes are the curable rejection reasons). */
export const CURE_WORDS: Record<string, string> = {
  'missing-voter-signature': 'The declaration on your return envelope is not signed.',
  'mismatch-voter-signature': 'The signature on your declaration does not match the one on file.',
  other: 'Your election office needs something from you about your returned ballot.',
};

export function requestReasonWords(code: ReasonCode | string): string {
  return (REASONS as Record<string, { description: string } | undefined>)[code]?.description ?? code;
}

export function ballotRejectionWords(code: BallotRejectionType | string): string {
  return (BALLOT_REJECTION_WORDS as Record<string, string | undefined>)[code] ?? BALLOT_REJECTION_WORDS.other;
}

export function cureWords(code: string): string {
  return CURE_WORDS[code] ?? CURE_WORDS.other;
}
