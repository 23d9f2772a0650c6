/**
 * English: the source language. Every message is ICU MessageFormat (arguments in braces, `plural`
 * and `select`); every other language's file has the same keys with the same arguments (unit test).
 * The vocabulary tables reuse the words the office pages show (libs/domain office/voter-words.ts).
 */
import { REASONS, type ReasonCode } from '../../fpca/reasons';
import {
  BALLOT_REJECTION_WORDS,
  CURE_WORDS,
  FWAB_NOT_COUNTED_WORDS,
  STEP_WORDS,
} from '../../office/voter-words';
import type { CurableReason } from '../../office/ballot-decision';
import type { LanguageFile } from './keys';
import { EN_PACKET_MESSAGES } from './en-packet';
import { EN_REQUEST_MESSAGES } from './en-request';

export const EN_MESSAGES = {
  ...EN_REQUEST_MESSAGES,
  ...EN_PACKET_MESSAGES,

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

  // the voter pages (apps/gateway/src/web): chrome
  'web.siteName': 'Ballots for overseas and military voters',
  'web.skipLink': 'Skip to main content',
  'web.nav.label': 'Main',
  'web.nav.request': 'Request a ballot',
  'web.nav.track': 'Track your ballot',
  'web.footer':
    'Nothing on these pages comes from another website. Your ballot choices are never sent to us: you mark your ballot on paper.',
  'web.language.label': 'Language',
  'web.errorSummary': 'There is a problem',
  'web.errorPrefix': 'Error: ',
  'web.titleError': 'Error: {title}',

  // the home page
  'web.home.title': 'Home',
  'web.home.heading': 'Vote from abroad or from the military',
  'web.home.lead':
    'U.S. citizens serving in the military, their families, and citizens living abroad can get their absentee ballot here, and follow it until it is counted.',
  'web.home.request': 'Request your ballot',
  'web.home.track': 'Track your ballot',
  'web.home.how': 'How it works',
  'web.home.step1': 'Fill in the request (the Federal Post Card Application). You get a tracking code.',
  'web.home.step2': 'Your election office checks it and prepares your ballot.',
  'web.home.step3':
    'Download and print your ballot, mark it on paper, sign the declaration and send it back.',
  'web.home.step4':
    'Follow each step: the office records when your ballot arrives and whether it is counted.',
  'web.home.receipts': 'Every step comes with a receipt',
  'web.home.receiptsText':
    "Each step is written to your election office's public log, and you get a signed receipt for it. Your browser checks the receipt itself, so you do not have to take our word for it: if anyone changed the history of your ballot later, the receipt would no longer match the log.",

  // the tracking form
  'web.track.title': 'Track your ballot',
  'web.track.intro': 'Enter the tracking code you got when you sent your request, and your date of birth.',
  'web.track.code': 'Tracking code',
  'web.track.codeHint': 'For example {example}',
  'web.track.codeMissing': 'Enter your tracking code',
  'web.track.dob': 'Date of birth',
  'web.track.dobHint': 'Year, month and day, for example 1990-04-25',
  'web.track.dobMissing': 'Enter your date of birth',
  'web.track.submit': 'Show my ballot',
  'web.track.notFound':
    'We could not find a ballot request with this tracking code and date of birth. Check both and try again.',

  // the tracking result
  'web.result.title': 'Your ballot request',
  'web.result.code': 'Tracking code',
  'web.result.request': 'Request:',
  'web.result.requestStatus':
    '{status, select, verified {Accepted} needs_review {Being checked} rejected {Not accepted} cancelled {Cancelled} other {Received}}',
  'web.result.ballotStatus':
    '{status, select, generated {Ready} transmitted {Sent to you} returned {Received by the office} cure_requested {Action needed} cured {Fixed, being decided} accepted {Accepted} rejected {Not accepted} other {Replaced or cancelled}}',
  'web.result.rejectedHelp':
    'You can contact your election office, send a corrected request, or vote with the Federal Write-In Absentee Ballot (FWAB).',
  'web.result.reviewHelp': 'You do not need to do anything now. We write to you when it is decided.',
  'web.result.ballots': 'Your ballots',
  'web.result.getBallot': 'Get your ballot',
  'web.result.whatToDo': 'What to do',
  'web.result.cureBefore':
    'Contact your election office before {deadline} to fix it, or your ballot cannot be counted.',
  'web.result.theDeadline': 'the deadline',
  'web.result.cureAffidavit': 'Download the cure affidavit (PDF)',
  'web.result.cureUploadHelp':
    'Sign it, then send it back by mail, fax or e-mail as it says, or upload a scan or photo of the signed page here (PDF, PNG or JPEG, up to 5 MB):',
  'web.result.cureFile': 'Signed affidavit',
  'web.result.cureUpload': 'Upload the signed affidavit',
  'web.result.why': 'Why',
  'web.result.fwabHeading': 'Has your ballot not arrived?',
  'web.result.fwabText':
    'If your ballot does not reach you in time, vote with the Federal Write-In Absentee Ballot (FWAB). If your regular ballot arrives later, send it back too: only one is counted.',
  'web.result.fwabDownload': 'Download the write-in ballot (PDF)',
  'web.result.steps': 'Every step',
  'web.result.stepsText':
    "Each step has a receipt signed by your election office's public log. Verify checks it here in your browser with the log's public key below: we are not asked whether it is valid.",
  // what the tracking page's script writes (client/voter.ts): {…} arguments are filled in the browser
  'web.verify.checking': 'Checking\u2026',
  'web.verify.otherStep': 'Not verified: this receipt is for another step.',
  'web.verify.ok': 'Verified: signed by {signedBy}, entry {entry} of {size} in the public log{also}.',
  'web.verify.witnessed': ', witnessed by {names}',
  'web.verify.bad': 'Not verified: {reason}.',
  'web.packetCheck.ok': 'This is the packet of this step: its SHA-256 is the one on the receipted log entry.',
  'web.packetCheck.bad': 'Not this packet: {reason}.',
  'web.result.verify': 'Verify this receipt',
  'web.result.witnessed': 'Witnessed by {witnesses}.',
  'web.result.awaitingWitnesses':
    'Signed by the log; waiting for the independent witnesses to countersign (this page shows it once they have).',
  'web.result.packetSha': 'Packet SHA-256 (from this receipted step):',
  'web.result.packetCheck': 'Check the PDF you downloaded (it stays on your device):',
  'web.result.showReceipt': 'Show the receipt',
  'web.result.receiptPending': 'The receipt for this step is being signed; it appears here in a few seconds.',
  'web.result.witnesses': 'Independent witnesses',
  'web.result.witnessesText':
    "Your election office's log is countersigned by independent witnesses, who each sign only a history that extends what they signed before. A receipt counts once {quorum} of these {count} have countersigned it; Verify checks that too.",
  'web.result.logKey': "The log's public key",
  'web.result.logKeyText':
    "Anyone can check these receipts offline with this key, for example with the project's verify-receipt command. Your election office publishes the same key.",
  'web.result.logKeyPending': 'The log key is published once the first receipt is signed.',
  'web.result.another': 'Track another request',
  'web.step.unknownTitle': 'Update',
  'web.step.unknownDetail': 'Your election office recorded a step.',

  // the packet page (the e-mail's link)
  'web.packet.title': 'Your ballot',
  'web.packet.returned':
    'Your election office has already received this ballot. You do not need to send it again.',
  'web.packet.download':
    'Download your ballot packet (PDF, {pages, plural, one {# page} other {# pages}}, {paper, select, a4 {A4} other {US Letter}})',
  'web.packet.whatToDo': 'What to do',
  'web.packet.step1': 'Print every page of the packet on plain paper.',
  'web.packet.step2':
    'Mark your choices on the ballot with a dark pen. Your choices are never sent over the internet.',
  'web.packet.step3': "Sign and date the voter's declaration.",
  'web.packet.step4':
    'Put the ballot in an envelope, the declaration with it, and send it back with the return envelope page as the instructions in the packet say.',
  'web.packet.screenReader': 'Using a screen reader?',
  'web.packet.accessibleLink': 'Read your ballot as a web page',
  'web.packet.accessibleText': ': the same contests and choices, in order, with headings.',

  // a code without words in the catalogue
  'reason.unknown': 'Reason code "{code}"; your election office can tell you more.',

  // the marking page (/ballot/{id}/mark): marked in the browser, nothing sent
  'marking.title': 'Mark your ballot on this device',
  'marking.private':
    'Your choices stay on this device. This page has already loaded everything it needs: it sends nothing while you mark, and your browser itself makes your marked ballot.',
  'marking.noScript':
    'Marking on this page needs JavaScript. Without it, download your ballot packet, print it and mark the ballot with a pen.',
  'marking.howTo':
    'Each contest is a group of choices. Use Tab to move between contests and the arrow keys or Space to choose. You may leave a contest blank.',
  'marking.voteFor': '{n, plural, one {Vote for one.} other {Vote for up to #.}}',
  'marking.chooseOne': 'Choose one.',
  'marking.writeIn': 'Write-in {n}: fill this oval; after printing, write the name on its line with a pen',
  'marking.tooMany':
    'You can choose up to {n} in this contest. To choose another, first uncheck one of your choices.',
  'marking.clear': 'Clear this contest',
  'marking.cleared': 'No choice in this contest.',
  'marking.toReview': 'Review my choices',
  'marking.review': 'Review your choices',
  'marking.reviewIntro':
    'Check each contest. Nothing has been sent. To change a choice, go back to your ballot.',
  'marking.none': 'No choice',
  'marking.change': 'Change my choices',
  'marking.make': 'Make my marked ballot (PDF)',
  'marking.making': 'Making your marked ballot…',
  'marking.failed':
    'Your browser could not make the PDF. Download your ballot packet, print it and mark it with a pen.',
  'marking.ready': 'Your marked ballot is ready',
  'marking.readyText':
    'It is your ballot packet with the ovals of your choices filled in, made by your browser. It has not been sent anywhere.',
  'marking.save': 'Save your marked ballot packet (PDF)',
  'marking.next1':
    'Open the PDF and print every page on plain paper. Check that the filled ovals are the choices you made.',
  'marking.next2': 'Write each write-in name on its line with a pen.',
  'marking.next3': "Sign and date the voter's declaration on paper.",
  'marking.next4': 'Return the ballot and the declaration as the instructions in the packet say.',
  'marking.back': 'Back to your ballot packet',
  'marking.link': 'Mark your ballot on this device',
  'marking.linkText':
    ': choose with the keyboard or a screen reader, review, then print the ballot your browser fills in. Your choices never leave your device.',
  // text messages (SMS) to voters who opted in: short, GSM-7 where the words allow, one link, no personal data
  'sms.message': '{office}: {text}',
  'sms.stop': 'Reply STOP to end texts.',
  'sms.request-received': 'We received your ballot request.',
  'sms.request-resubmitted': 'Your ballot request was sent again. Not you? Tell the office.',
  'sms.request-needs-review': 'A person is checking your ballot request. Nothing to do now.',
  'sms.request-approved': 'Your ballot request was approved. Your ballot follows.',
  'sms.request-rejected': 'Your ballot request was not accepted. See why and what to do:',
  'sms.ballot-ready': 'Your ballot is ready. Download it:',
  'sms.ballot-sent': 'Your ballot was sent {method, select, fax {by fax} other {by post}} on {date}.',
  'sms.ballot-returned':
    '{timely, select, yes {Your ballot arrived in time.} other {Your ballot arrived too late to be counted.}}',
  'sms.ballot-accepted': 'Your ballot was accepted and will be counted.',
  'sms.ballot-rejected': 'Your ballot could not be counted. See why and what to do:',
  'sms.cure-requested': 'Fix a problem with your ballot by {deadline}:',
  'sms.ballot-cured': 'The problem with your ballot is fixed. The decision follows.',
  'sms.fwab-resolved':
    '{disposition, select, counted {Your write-in ballot (FWAB) will be counted.} superseded {Your regular ballot counts, not the FWAB.} other {Your write-in ballot (FWAB) could not be counted.}}',
  'sms.contact-changed': 'Your contact details were changed. If you did not ask, tell us.',
  'sms.request-cancelled': 'Your ballot request was cancelled. You may send a new one.',
  'sms.ballot-replaced': 'Your ballot was replaced. Use only the new one, which follows.',
  'sms.field': 'text messages (SMS)',
  'request.sms.legend': 'Text messages (optional)',
  'request.sms.optIn': 'Also send me short text messages (SMS) about my request and my ballot',
  'request.sms.mobile': 'Mobile number, in international form (for example +491701234567)',
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
    stepTitle: map(STEP_WORDS, (w) => w.title),
    stepDetail: map(STEP_WORDS, (w) => w.detail),
  },
};
