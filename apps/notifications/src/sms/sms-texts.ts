/**
 * The words of each text message (SMS): plain functions, no I/O. A text is one short sentence in
 * the request's language, after the office's name (so the voter knows who writes), and one link:
 * the tracking page, or for `ballot-ready` the packet page. Nothing personal goes in: not even the
 * first name (a text shows on a locked phone's screen), never an address, date of birth or ID.
 * The words are the `sms.*` messages of the catalogue; English and Spanish keep to the GSM-7
 * alphabet so that a text with a tracking link fits one 160-character segment.
 */
import { t } from '@uocava/domain';
import type { MessageContext } from '../message-context';
import type { Notice } from '../notice-policy';
import { formatDate } from '../compose/words';

/** The office's name is cut to this length in a text (the e-mail carries it whole). */
export const SMS_OFFICE_NAME_MAX = 36;

/** `2026-11-10 22:00 UTC`: a deadline every reader reads the same, in few characters. */
export function smsDeadline(iso: string): string {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

function officeName(ctx: MessageContext): string {
  const name = ctx.office.name.replace(/\s+/g, ' ').trim();
  if (name.length <= SMS_OFFICE_NAME_MAX) return name;
  // cut at the last whole word that fits (or mid-word for one very long word)
  const cut = name.slice(0, SMS_OFFICE_NAME_MAX + 1).lastIndexOf(' ');
  return (cut > SMS_OFFICE_NAME_MAX / 2 ? name.slice(0, cut) : name.slice(0, SMS_OFFICE_NAME_MAX)).trimEnd();
}

/** The text of one notice, in the request's language (`ctx.language`). */
export function composeSms(notice: Notice, ctx: MessageContext): string {
  const lang = ctx.language;
  const track = ctx.trackingUrl;
  let text: string;
  switch (notice.kind) {
    case 'request-received':
      text = `${t(lang, 'sms.request-received')} ${track} ${t(lang, 'sms.stop')}`;
      break;
    case 'request-rejected':
    case 'ballot-rejected':
      text = `${t(lang, `sms.${notice.kind}`)} ${ctx.trackingUrl}`;
      break;
    case 'ballot-ready':
      text = `${t(lang, 'sms.ballot-ready')} ${ctx.packetUrl ?? ctx.trackingUrl}`;
      break;
    case 'ballot-sent':
      text = `${t(lang, 'sms.ballot-sent', { method: notice.method, date: formatDate(notice.at, lang) })} ${track}`;
      break;
    case 'ballot-returned':
      text = `${t(lang, 'sms.ballot-returned', { timely: notice.timely ? 'yes' : 'no' })} ${track}`;
      break;
    case 'cure-requested':
      text = `${t(lang, 'sms.cure-requested', { deadline: smsDeadline(notice.deadline) })} ${ctx.trackingUrl}`;
      break;
    case 'fwab-resolved':
      text = `${t(lang, 'sms.fwab-resolved', { disposition: notice.disposition })} ${track}`;
      break;
    default:
      text = `${t(lang, `sms.${notice.kind}`)} ${track}`;
  }
  return t(lang, 'sms.message', { office: officeName(ctx), text });
}

/** GSM 03.38 default alphabet, and its extension table (each of those counts twice). */
const GSM7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

/**
 * How a text travels: GSM-7 when every character is in the GSM alphabet (160 per single message,
 * 153 per part of a longer one), else UCS-2 (70, or 67 per part).
 */
export function smsSegments(text: string): { encoding: 'gsm7' | 'ucs2'; length: number; segments: number } {
  let units = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM7.includes(ch)) units += 1;
    else if (GSM7_EXTENSION.includes(ch)) units += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'gsm7', length: units, segments: units <= 160 ? 1 : Math.ceil(units / 153) };
  const length = [...text].reduce((n, ch) => n + (ch.codePointAt(0)! > 0xffff ? 2 : 1), 0);
  return { encoding: 'ucs2', length, segments: length <= 70 ? 1 : Math.ceil(length / 67) };
}
