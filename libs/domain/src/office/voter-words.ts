/**
 * What the office's reason codes mean, in plain words addressed to the voter (e-mails, the
 * tracking page). Request reasons have theirs in `REASONS` (fpca/reasons.ts).
 */
import type { BallotRejectionType } from './eavs-vocabulary';
import type { CurableReason } from './ballot-decision';
import type { FwabNotCountedReason } from './fwab';

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
