/**
 * English: the source language. Every message is ICU MessageFormat (arguments in braces, `plural`
 * and `select`); every other language's file has the same keys with the same arguments (unit test).
 * The vocabulary tables reuse the words the office pages show (libs/domain office/voter-words.ts).
 */
import { REASONS, type ReasonCode } from '../../fpca/reasons';
import { BALLOT_REJECTION_WORDS, CURE_WORDS, FWAB_NOT_COUNTED_WORDS } from '../../office/voter-words';
import type { CurableReason } from '../../office/ballot-decision';
import type { LanguageFile } from './keys';

export const EN_MESSAGES = {
  // dates (the parts come from Intl.DateTimeFormat in the language)
  'date.deadline': '{weekday} {date}, {time} UTC',
  'date.deadline.office': '{utc} ({when} at the election office, UTC{offset})',
  'date.deadline.otherDay': '{time} on {weekday} {dayMonth}',

  // what every e-mail shares
  'mail.greeting': 'Hello {firstName},',
  'mail.footer': 'You receive this e-mail because you gave this address on your ballot request.',
  'mail.officeName': '{jurisdiction} Election Office',
  'mail.office.email': 'E-mail: {email}',
  'mail.office.phone': 'Phone: {phone}',
  'mail.office.fax': 'Fax: {fax}',
  'mail.tracking':
    'Your tracking code: {trackingCode}\nFollow it here (the page asks for your date of birth):\n{trackingUrl}',
  'mail.forElection': ' for the {election}',
  'mail.method': '{method, select, email {by e-mail} online {online} fax {by fax} other {by post}}',
  'mail.forReasons': '{count, plural, one {for this reason} other {for these reasons}}',
  'mail.fwabHint':
    'You can still vote with the Federal Write-In Absentee Ballot (FWAB), from FVAP.gov, if there is time before the election. Your election office can tell you the deadline.',

  // the request
  'mail.field.email': 'your e-mail address',
  'mail.field.phone': 'your phone number',
  'mail.field.mailingAddress': 'the address your ballot is mailed to',
  'mail.field.ballotDelivery': 'how you get your ballot',
  'mail.contactChanged.subject': 'Your contact details were changed',
  'mail.contactChanged.body':
    'Your election office changed {fields} on your ballot request.\nMessages and your ballot now go to the new details.\n\nIf you did not ask for this change, contact your election office at once (below).',
  'mail.cancel.voter-request': 'you asked the office to cancel it',
  'mail.cancel.voter-moved': "the office's records show that you moved away from the area it serves",
  'mail.cancel.voter-died': "the office's records show this voter as deceased",
  'mail.cancel.duplicate': 'you have another request with the office',
  'mail.cancel.other': 'for a reason the office can tell you',
  'mail.requestCancelled.subject': 'Your ballot request was cancelled',
  'mail.requestCancelled.body':
    'Your election office cancelled your ballot request: {reason}.\nA ballot it sent you for this request will not be counted.\n\nIf this is a mistake, contact your election office (below); you can also send a new request.',
  'mail.requestReceived.subject': 'We received your ballot request',
  'mail.requestReceived.body': 'Your election office received your request for an absentee ballot.',
  'mail.requestReceived.nextElectronic': 'When your ballot is ready, we will e-mail you a link to it.',
  'mail.requestReceived.nextSent':
    'Your election office will send your ballot {method} when it is ready, and we will let you know by e-mail.',
  'mail.requestResubmitted.subject': 'Your ballot request was sent again',
  'mail.requestResubmitted.body':
    'Someone, probably you, sent a ballot request for you again. Your election office already has your request for this year, so nothing changes and no second ballot is sent.',
  'mail.requestResubmitted.after': 'If you did not send it, tell your election office.',
  'mail.requestNeedsReview.subject': 'Your ballot request is being checked',
  'mail.requestNeedsReview.body':
    'A person at your election office needs to check some details of your ballot request.\nYou do not need to do anything now. We will e-mail you when it is decided; if the office needs something from you, it will contact you.',
  'mail.requestApproved.subject': 'Your ballot request was approved',
  'mail.requestApproved.body': 'Your election office approved your ballot request.',
  'mail.requestApproved.nextElectronic': 'We will e-mail you a link to your ballot when it is ready.',
  'mail.requestApproved.nextSent': 'Your ballot will be sent {method}.',
  'mail.requestRejected.subject': 'Your ballot request was not accepted',
  'mail.requestRejected.body':
    'Your election office could not accept your ballot request, {forReasons}:\n{reasons}\n\nWhat you can do: contact your election office (below) to fix it or to send a new request.',

  // the ballot
  'mail.reissue.spoiled': 'you asked for a new one',
  'mail.reissue.lost': 'the first one was lost',
  'mail.reissue.damaged': 'the first one was damaged',
  'mail.reissue.undeliverable': 'the first one could not be delivered',
  'mail.reissue.other': 'for a reason the office can tell you',
  'mail.reissue.unknown': 'at its request',
  'mail.ballotReplaced.subject': 'Your ballot was replaced: use the new one',
  'mail.ballotReplaced.body':
    'Your election office cancelled the absentee ballot{forElection} it sent you before{why} and is sending you a new one.\nUse only the new ballot. If you already marked or sent the old one, it will not be counted: mark and send the new one instead.',
  'mail.ballotReplaced.why': ' ({reason})',
  'mail.ballotReady.subject': 'Your ballot is ready',
  'mail.ballotReady.body':
    'Your absentee ballot{forElection} is ready. Open this page to download it:\n{url}\n\nPrint it, mark your choices, sign the declaration and send it back as the instructions say.\nKeep this link to yourself: it opens your ballot.',
  'mail.ballotSent.subject': 'Your ballot was sent {method}',
  'mail.ballotSent.body':
    'Your election office sent your absentee ballot{forElection} {method} on {date}.\nWhen it arrives, mark it, sign the declaration and send it back as the instructions say.',
  'mail.ballotReturned.subject': 'Your ballot arrived at the election office',
  'mail.ballotReturned.body':
    'Your election office received your ballot{forElection} on {date}.\n{timely, select, yes {It arrived in time. The office will now check it; we will e-mail you the result.} other {It arrived after the deadline. The office will decide whether it can be counted; we will e-mail you the result.}}',
  'mail.ballotAccepted.subject': 'Your ballot was accepted',
  'mail.ballotAccepted.body':
    'Your ballot{forElection} was accepted and will be counted. Thank you for voting.',
  'mail.ballotRejected.subject': 'Your ballot was not accepted',
  'mail.ballotRejected.body': 'Your ballot{forElection} could not be accepted, {forReasons}:\n{reasons}',
  'mail.ballotRejected.late':
    'What you can do: for the next election, send your ballot back as early as you can, and ask your election office whether you may return it by fax or e-mail.',
  'mail.ballotRejected.other':
    'What you can do: contact your election office (below) at once; it may be able to send you a new ballot.',
  'mail.cureRequested.subject': 'Action needed: fix a problem with your ballot by {date}',
  'mail.cureRequested.body':
    'Your election office received your ballot{forElection} but cannot count it yet:\n{problems}\n\nWhat to do:\n{fixes}\n\nDeadline: {deadline}.\nIf the office does not have it by then, your ballot cannot be counted.',
  'mail.ballotCured.subject': 'Thank you: the problem with your ballot is fixed',
  'mail.ballotCured.body':
    'Your election office received what it needed. It will now decide on your ballot; we will e-mail you the result.',

  // the Federal Write-In Absentee Ballot
  'mail.fwabCounted.subject': 'Your write-in ballot will be counted',
  'mail.fwabCounted.body':
    'Your election office received your Federal Write-In Absentee Ballot (FWAB){forElection}. It will be counted.',
  'mail.fwabSuperseded.subject': 'Your state ballot will be counted',
  'mail.fwabSuperseded.body':
    'Your election office received both your state ballot and your Federal Write-In Absentee Ballot (FWAB){forElection}.\n{reason}',
  'mail.fwabSuperseded.default': 'Your state ballot is the one that counts.',
  'mail.fwabRejected.subject': 'Your write-in ballot could not be counted',
  'mail.fwabRejected.body':
    'Your election office received your Federal Write-In Absentee Ballot (FWAB){forElection}, but it cannot be counted:\n{reasons}\n\nContact your election office (below) if you have questions.',
  'mail.fwabRejected.default': 'Your election office can tell you why.',

  // a code without words in the catalogue
  'reason.unknown': 'Reason code "{code}"; your election office can tell you more.',
} as const;

const map = <K extends string, V, W>(table: Readonly<Record<K, V>>, f: (v: V) => W): Record<K, W> =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [k, f(v as V)])) as Record<K, W>;

export const en: LanguageFile = {
  messages: EN_MESSAGES,
  vocabulary: {
    requestReason: map(REASONS as Record<ReasonCode, { description: string }>, (r) => r.description),
    ballotRejection: { ...BALLOT_REJECTION_WORDS },
    cureProblem: map(CURE_WORDS as Record<CurableReason, { problem: string }>, (c) => c.problem),
    cureFix: map(CURE_WORDS as Record<CurableReason, { fix: string }>, (c) => c.fix),
    fwabNotCounted: { ...FWAB_NOT_COUNTED_WORDS },
  },
};
