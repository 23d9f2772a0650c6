/** The messages about the ballot request: received, sent again, in review, approved, rejected. */
import { reasonWords, t, type FixedKey, type Language } from '@uocava/domain';
import type { MessageContext } from '../message-context';
import { ELECTRONIC, type Notice } from '../notice-policy';
import { bullets, forReasons, fwabHint, methodWords, trackingLines } from './words';

export type RequestNotice = Extract<Notice, { kind: `request-${string}` | 'contact-changed' }>;

/** The changed fields in the voter's words (vocabulary CONTACT_FIELDS); an unknown one as is. */
const FIELD_KEYS: Readonly<Record<string, FixedKey>> = {
  email: 'mail.field.email',
  phone: 'mail.field.phone',
  mailingAddress: 'mail.field.mailingAddress',
  ballotDelivery: 'mail.field.ballotDelivery',
  sms: 'sms.field',
};

/** Why the office cancelled the request (vocabulary CANCEL_REASONS); `other`'s words if unknown. */
const CANCEL_KEYS: Readonly<Record<string, FixedKey>> = {
  'voter-request': 'mail.cancel.voter-request',
  'voter-moved': 'mail.cancel.voter-moved',
  'voter-died': 'mail.cancel.voter-died',
  duplicate: 'mail.cancel.duplicate',
  other: 'mail.cancel.other',
};

const has = (table: object, key: string): boolean => Object.prototype.hasOwnProperty.call(table, key);

function fieldWords(language: Language, field: string): string {
  return has(FIELD_KEYS, field) ? t(language, FIELD_KEYS[field]) : field;
}

export function composeRequestMessage(
  notice: RequestNotice,
  ctx: MessageContext,
): { subject: string; body: string } {
  const lang = ctx.language;
  const electronic = ELECTRONIC.includes(ctx.ballotDelivery);
  const method = methodWords(lang, ctx.ballotDelivery);
  switch (notice.kind) {
    case 'contact-changed':
      return {
        subject: t(lang, 'mail.contactChanged.subject'),
        body:
          t(lang, 'mail.contactChanged.body', {
            fields: notice.fields.map((f) => fieldWords(lang, f)).join(', '),
          }) + `\n\n${trackingLines(ctx)}`,
      };
    case 'request-cancelled':
      return {
        subject: t(lang, 'mail.requestCancelled.subject'),
        body:
          t(lang, 'mail.requestCancelled.body', {
            reason: t(
              lang,
              has(CANCEL_KEYS, notice.reason) ? CANCEL_KEYS[notice.reason] : 'mail.cancel.other',
            ),
          }) + `\n\n${trackingLines(ctx)}`,
      };
    case 'request-received': {
      const next = electronic
        ? t(lang, 'mail.requestReceived.nextElectronic')
        : t(lang, 'mail.requestReceived.nextSent', { method });
      return {
        subject: t(lang, 'mail.requestReceived.subject'),
        body: `${t(lang, 'mail.requestReceived.body')}\n\n${trackingLines(ctx)}\n\n${next}`,
      };
    }
    case 'request-resubmitted':
      return {
        subject: t(lang, 'mail.requestResubmitted.subject'),
        body:
          `${t(lang, 'mail.requestResubmitted.body')}\n\n${trackingLines(ctx)}\n\n` +
          t(lang, 'mail.requestResubmitted.after'),
      };
    case 'request-needs-review':
      return {
        subject: t(lang, 'mail.requestNeedsReview.subject'),
        body: `${t(lang, 'mail.requestNeedsReview.body')}\n\n${trackingLines(ctx)}`,
      };
    case 'request-approved':
      return {
        subject: t(lang, 'mail.requestApproved.subject'),
        body:
          `${t(lang, 'mail.requestApproved.body')}\n` +
          (electronic
            ? t(lang, 'mail.requestApproved.nextElectronic')
            : t(lang, 'mail.requestApproved.nextSent', { method })) +
          `\n\n${trackingLines(ctx)}`,
      };
    case 'request-rejected':
      return {
        subject: t(lang, 'mail.requestRejected.subject'),
        body:
          t(lang, 'mail.requestRejected.body', {
            forReasons: forReasons(lang, notice.reasons.length),
            reasons: bullets(notice.reasons.map((r) => reasonWords(lang, 'requestReason', r))),
          }) + `\n${fwabHint(lang)}\n\n${trackingLines(ctx)}`,
      };
  }
}
