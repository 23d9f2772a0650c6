/** The messages about the ballot request: received, sent again, in review, approved, rejected. */
import { requestReasonWords } from '@uocava/domain';
import type { MessageContext } from '../message-context';
import { ELECTRONIC, type Notice } from '../notice-policy';
import { bullets, forReasons, FWAB_HINT, METHOD_WORDS, trackingLines } from './words';

export type RequestNotice = Extract<Notice, { kind: `request-${string}` | 'contact-changed' }>;

/** The changed fields in the voter's words (vocabulary CONTACT_FIELDS). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  email: 'your e-mail address',
  phone: 'your phone number',
  mailingAddress: 'the address your ballot is mailed to',
  ballotDelivery: 'how you get your ballot',
};

/** Why the office cancelled the request (vocabulary CANCEL_REASONS). */
const CANCEL_WORDS: Readonly<Record<string, string>> = {
  'voter-request': 'you asked the office to cancel it',
  'voter-moved': "the office's records show that you moved away from the area it serves",
  'voter-died': "the office's records show this voter as deceased",
  duplicate: 'you have another request with the office',
  other: 'for a reason the office can tell you',
};

export function composeRequestMessage(
  notice: RequestNotice,
  ctx: MessageContext,
): { subject: string; body: string } {
  switch (notice.kind) {
    case 'contact-changed':
      return {
        subject: 'Your contact details were changed',
        body:
          `Your election office changed ${notice.fields.map((f) => FIELD_WORDS[f] ?? f).join(', ')} on your ballot request.\n` +
          'Messages and your ballot now go to the new details.\n\n' +
          'If you did not ask for this change, contact your election office at once (below).\n\n' +
          trackingLines(ctx),
      };
    case 'request-cancelled':
      return {
        subject: 'Your ballot request was cancelled',
        body:
          `Your election office cancelled your ballot request: ${CANCEL_WORDS[notice.reason] ?? CANCEL_WORDS.other}.\n` +
          'A ballot it sent you for this request will not be counted.\n\n' +
          'If this is a mistake, contact your election office (below); you can also send a new request.\n\n' +
          trackingLines(ctx),
      };
    case 'request-received': {
      const next = ELECTRONIC.includes(ctx.ballotDelivery)
        ? 'When your ballot is ready, we will e-mail you a link to it.'
        : `Your election office will send your ballot ${METHOD_WORDS[ctx.ballotDelivery]} when it is ready, and we will let you know by e-mail.`;
      return {
        subject: 'We received your ballot request',
        body: `Your election office received your request for an absentee ballot.\n\n${trackingLines(ctx)}\n\n${next}`,
      };
    }
    case 'request-resubmitted':
      return {
        subject: 'Your ballot request was sent again',
        body:
          'Someone, probably you, sent a ballot request for you again. Your election office already has ' +
          'your request for this year, so nothing changes and no second ballot is sent.\n\n' +
          `${trackingLines(ctx)}\n\n` +
          'If you did not send it, tell your election office.',
      };
    case 'request-needs-review':
      return {
        subject: 'Your ballot request is being checked',
        body:
          'A person at your election office needs to check some details of your ballot request.\n' +
          'You do not need to do anything now. We will e-mail you when it is decided; ' +
          'if the office needs something from you, it will contact you.\n\n' +
          trackingLines(ctx),
      };
    case 'request-approved':
      return {
        subject: 'Your ballot request was approved',
        body:
          'Your election office approved your ballot request.\n' +
          (ELECTRONIC.includes(ctx.ballotDelivery)
            ? 'We will e-mail you a link to your ballot when it is ready.'
            : `Your ballot will be sent ${METHOD_WORDS[ctx.ballotDelivery]}.`) +
          `\n\n${trackingLines(ctx)}`,
      };
    case 'request-rejected':
      return {
        subject: 'Your ballot request was not accepted',
        body:
          `Your election office could not accept your ballot request, ${forReasons(notice.reasons.length)}:\n` +
          `${bullets(notice.reasons.map(requestReasonWords))}\n\n` +
          'What you can do: contact your election office (below) to fix it or to send a new request.\n' +
          `${FWAB_HINT}\n\n${trackingLines(ctx)}`,
      };
  }
}
