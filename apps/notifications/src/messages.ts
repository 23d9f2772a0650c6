/**
 * Which events a voter hears about, and the words of each e-mail: plain functions, no I/O.
 *
 * Every message is short plain text (it reaches every mail client, and the .mil gateways that
 * strip HTML and attachments), addresses the voter by first name only, and carries links, never
 * files. Nothing else personal goes in: no last name, date of birth, ID number, address or e-mail
 * address in the text (the address is only the recipient). Links never carry the date of birth:
 * the tracking page asks for it.
 */
import { t } from '@uocava/domain';
import type { MessageContext } from './message-context';
import type { Notice } from './notice-policy';
import { composeBallotMessage } from './compose/ballot-messages';
import { composeFwab } from './compose/fwab-messages';
import { composeRequestMessage } from './compose/request-messages';
import { officeBlock } from './compose/words';

export {
  NOTICE_KINDS,
  NOTIFICATION_POLICY,
  noticeFor,
  requestIdOf,
  type AnyEvent,
  type Notice,
  type NoticeKind,
} from './notice-policy';
export {
  messageContext,
  type ContextSource,
  type MessageContext,
  type OfficeContact,
} from './message-context';
export { formatDate, formatDeadline } from './compose/words';

export interface ComposedMessage {
  subject: string;
  text: string;
}

/** The subject and plain-text body of one notice, in the request's language (`ctx.language`). */
export function composeMessage(notice: Notice, ctx: MessageContext): ComposedMessage {
  const { subject, body } = compose(notice, ctx);
  const text =
    `${t(ctx.language, 'mail.greeting', { firstName: ctx.firstName })}\n\n${body.trim()}\n\n` +
    `${officeBlock(ctx.office, ctx.language)}\n\n` +
    `${t(ctx.language, 'mail.footer')}\n`;
  return { subject, text };
}

function compose(notice: Notice, ctx: MessageContext): { subject: string; body: string } {
  switch (notice.kind) {
    case 'request-received':
    case 'request-resubmitted':
    case 'request-needs-review':
    case 'request-approved':
    case 'request-rejected':
    case 'request-cancelled':
    case 'contact-changed':
      return composeRequestMessage(notice, ctx);
    case 'fwab-resolved':
      return composeFwab(notice, ctx);
    default:
      return composeBallotMessage(notice, ctx);
  }
}
