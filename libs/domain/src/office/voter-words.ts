/**
 * What each step of a ballot's life and the office's reason codes mean, in plain words addressed
 * to the voter. No I/O: the tracking page and the e-mails say the same thing. Request reasons
 * have theirs in `REASONS` (fpca/reasons.ts).
 */
import { REASONS } from '../fpca/reasons';
import type { BallotRejectionType } from './eavs-vocabulary';
import type { CurableReason } from './ballot-decision';
import type { FwabNotCountedReason } from './fwab';

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
  'uocava.ballot.packet-regenerated.v1': {
    title: 'Ballot packet prepared again',
    detail:
      'Your ballot packet was prepared again, with the same ballot. Use the packet you download now; a copy you printed before is still valid.',
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
  'uocava.request.contact-changed.v1': {
    title: 'Contact details changed',
    detail: 'Your election office changed your contact details or the address your ballot is sent to.',
  },
  'uocava.request.cancelled.v1': {
    title: 'Request cancelled',
    detail:
      'Your election office cancelled your ballot request. A ballot sent for it will not be counted; you can send a new request.',
  },
  'uocava.ballot.voided.v1': {
    title: 'Ballot cancelled',
    detail:
      'This ballot was cancelled and can no longer be counted. If a replacement was issued, use only the new ballot.',
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

/** Why a returned ballot was not accepted (EAVS Section B `BallotRejectionType`). */
export const BALLOT_REJECTION_WORDS: Readonly<Record<BallotRejectionType, string>> = {
  'mismatch-voter-signature':
    'The signature on your ballot envelope does not match the signature the election office has on file.',
  'missing-voter-signature': 'The declaration on your ballot envelope was not signed.',
  'not-timely': 'Your ballot arrived after the deadline.',
  postmark: 'The postmark on your ballot envelope is missing or after the deadline.',
  rejected: 'The election office could not accept your ballot.',
  undeliverable: 'Your ballot packet could not be delivered to you.',
  untracked: 'The election office did not record a reason.',
  'voided-spoiled': 'This ballot was cancelled, for example because a replacement ballot was issued.',
  'voter-died': "The election office's records show this voter as deceased.",
  'voter-moved': "The election office's records show that you moved away from the area it serves.",
  'voter-unregistered': 'You are not registered to vote with this election office.',
  other: 'Another reason; your election office can tell you more.',
};

/** A defect the voter can fix before the cure deadline: what is wrong and what to do. */
export const CURE_WORDS: Readonly<Record<CurableReason, { problem: string; fix: string }>> = {
  'missing-voter-signature': {
    problem: 'The declaration on your ballot envelope was not signed.',
    fix: 'Send the election office a signed statement that the ballot is yours (ask the office for its cure form).',
  },
  'mismatch-voter-signature': {
    problem:
      'The signature on your ballot envelope does not match the signature the election office has on file.',
    fix: 'Confirm to the election office that the ballot is yours with a signed statement (ask the office for its cure form).',
  },
  other: {
    problem: 'The election office found a problem with your returned ballot that you can fix.',
    fix: 'Contact the election office to learn what to send.',
  },
};

/** Why a Federal Write-In Absentee Ballot (FWAB) was set aside or not counted. */
export const FWAB_NOT_COUNTED_WORDS: Readonly<Record<FwabNotCountedReason, string>> = {
  'state-ballot-counted':
    'Your regular state ballot arrived in time and is the one that counts, so your write-in ballot is set aside, as the law provides.',
  'fwab-not-timely': 'Your write-in ballot arrived after the deadline.',
  'no-timely-application':
    'The election office did not receive your ballot application in time for this election.',
  'voter-unregistered': 'You are not registered to vote with this election office.',
};

const has = <T extends object>(table: T, key: string): key is Extract<keyof T, string> =>
  Object.prototype.hasOwnProperty.call(table, key);

const unknownReason = (code: string): string =>
  `Reason code "${code}"; your election office can tell you more.`;

/** A request reason code in plain words. */
export function requestReasonWords(code: string): string {
  return has(REASONS, code) ? REASONS[code].description : unknownReason(code);
}

/** A ballot rejection reason in plain words. */
export function ballotRejectionWords(code: string): string {
  return has(BALLOT_REJECTION_WORDS, code) ? BALLOT_REJECTION_WORDS[code] : unknownReason(code);
}

/** What is wrong and what to do, for a cure reason (`other`'s words if unknown). */
export function cureWords(code: string): { problem: string; fix: string } {
  return has(CURE_WORDS, code) ? CURE_WORDS[code] : CURE_WORDS.other;
}
