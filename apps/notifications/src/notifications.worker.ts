import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, TOPICS } from '@uocava/contracts';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  ballotRequestExists,
  contactChange,
  electionNameAndSettings,
  enqueueMail,
  enqueueSms,
  KeyRing,
  mailIdFor,
  mailQueued,
  noticeRecipient,
  resubmissionReminderQueuedToday,
  resubmissionSmsQueuedToday,
  smsQueued,
} from '@uocava/database';
import {
  effectKeyOf,
  PermanentError,
  UnknownRequestError,
  type CloudEvent,
  type EventHandler,
  type HandlerMap,
} from '@uocava/messaging';
import { EventWorker } from '@uocava/platform';
import { downloadToken, packetPageUrl, trackingUrl, type JurisdictionSettings } from '@uocava/packets';
import { mailSettingsFromEnv } from './mail-policy';
import {
  composeMessage,
  NOTIFICATION_POLICY,
  noticeFor,
  requestIdOf,
  messageContext,
  type AnyEvent,
} from './messages';
import { smsSettingsFromEnv } from './sms/sms-policy';
import { composeSms } from './sms/sms-texts';

/**
 * Turns the lifecycle events a voter cares about (NOTIFICATION_POLICY) into queued e-mails, and
 * into queued text messages for a voter who opted in to SMS (`contact.smsOptIn` with
 * `contact.mobile`). Both are written in the consumer's own transaction, next to its inbox row
 * (`mail_queue`, `sms_queue`): each is queued exactly once per event, and nothing leaves the
 * process here (the sender loops deliver). The address, mobile number and first name come from
 * the sealed request row, never from the event.
 */
@Injectable()
export class NotificationsWorker extends EventWorker {
  protected readonly name = 'notifications';
  protected readonly topics = [TOPICS.requests, TOPICS.ballots];
  private readonly from = mailSettingsFromEnv().from;
  /** `SMS_PROVIDER=off`: no text is queued */
  private readonly smsOn = smsSettingsFromEnv().provider !== 'off';

  constructor(private readonly keyRing: KeyRing) {
    super();
  }

  protected handlers(): HandlerMap {
    const handlers: Partial<Record<string, EventHandler>> = {};
    for (const type of EVENT_TYPES)
      if (NOTIFICATION_POLICY[type].notices.length > 0) handlers[type] = (event, tx) => this.queue(event, tx);
    return handlers as HandlerMap;
  }

  private async queue(event: CloudEvent, tx: EntityManager): Promise<void> {
    const ev = { type: event.type, data: event.data } as AnyEvent;
    const requestId = requestIdOf(ev);
    if (requestId === undefined) return; // e.g. a FWAB from a voter without a request: no address
    // one mail per event, and per meaning: the same step under a new event id mails nothing
    const effectKey = effectKeyOf(event);
    const mailDone = await mailQueued(tx, event.jurisdiction, event.id, effectKey);
    const smsDone = !this.smsOn || (await smsQueued(tx, event.jurisdiction, event.id, effectKey));
    if (mailDone && smsDone) return;
    const row = await noticeRecipient<JurisdictionSettings>(tx, event.jurisdiction, requestId);
    if (!row) {
      // an event about a request that does not exist is parked, never mailed
      if (!(await ballotRequestExists(tx, event.jurisdiction, requestId)))
        throw new UnknownRequestError(event.type, requestId);
      return;
    }
    const notice = noticeFor(ev, { ballotDelivery: row.ballotDelivery });
    if (!notice) return;
    // a resubmission's reminder goes out at most once a day per request, however often it is sent
    const resubmitted = notice.kind === 'request-resubmitted';
    const mailToday =
      resubmitted && (await resubmissionReminderQueuedToday(tx, event.jurisdiction, requestId));
    const smsToday =
      resubmitted && !smsDone && (await resubmissionSmsQueuedToday(tx, event.jurisdiction, requestId));
    const keys = await this.keyRing.forJurisdiction(event.jurisdiction);
    let pii: Pick<BallotRequestInput, 'contact' | 'name'>;
    try {
      pii = keys.openJson(`request:${requestId}`, row.pii);
    } catch {
      // a row that does not open under its jurisdiction's key never will: park the event
      throw new PermanentError(`the sealed data of request ${requestId} does not open`);
    }
    // no address and no text messages: the voter hears from the office (or the tracking page)
    const to = !mailDone && !mailToday ? pii.contact?.email : undefined;
    const mobile = !smsDone && !smsToday && pii.contact?.smsOptIn === true ? pii.contact.mobile : undefined;
    if (!to && !mobile) return;

    let election: { name: string; utcOffset?: string } | undefined;
    if ('electionId' in notice) {
      const e = await electionNameAndSettings(tx, event.jurisdiction, notice.electionId);
      const offset = e?.settings?.returnRule?.utcOffset;
      if (e) election = { name: e.name, ...(typeof offset === 'string' ? { utcOffset: offset } : {}) };
    }
    const ctx = messageContext({
      pii,
      trackingCode: row.trackingCode,
      trackingUrl: trackingUrl(row.trackingCode),
      ballotDelivery: row.ballotDelivery,
      language: row.language,
      jurisdictionName: row.jurisdictionName,
      office: row.jurisdictionSettings?.office,
      election,
      packetUrl:
        notice.kind === 'ballot-ready'
          ? packetPageUrl(notice.ballotId, downloadToken(keys, notice.ballotId))
          : undefined,
    });
    if (mobile)
      await enqueueSms(tx, keys, {
        jurisdictionId: event.jurisdiction,
        eventId: event.id,
        effectKey,
        requestId,
        kind: notice.kind,
        eventTime: event.time,
        content: { to: mobile, text: composeSms(notice, ctx) },
      });
    if (!to) return;
    const message = composeMessage(notice, ctx);
    const mail = {
      jurisdictionId: event.jurisdiction,
      eventId: event.id,
      effectKey,
      requestId,
      kind: notice.kind,
      eventTime: event.time,
      content: { to, subject: message.subject, text: message.text },
    };
    await enqueueMail(tx, keys, mail, this.from);
    if (notice.kind === 'contact-changed' && notice.fields.includes('email')) {
      // the previous address hears of the change too, so that a change the voter did not ask for
      // is seen; its mail gets its own id, derived from the event's (one mail per event and address)
      const change = await contactChange(tx, event.jurisdiction, notice.changeId);
      const before =
        change &&
        keys.openJson<Pick<BallotRequestInput, 'contact'>>(
          `contact-change:${change.changeId}`,
          change.previousPii,
        );
      const previous = before?.contact?.email;
      if (previous && previous.toLowerCase() !== to.toLowerCase())
        await enqueueMail(
          tx,
          keys,
          {
            ...mail,
            eventId: mailIdFor(event.jurisdiction, `${event.id}/previous-address`),
            effectKey: `${effectKey}/previous-address`,
            content: { ...mail.content, to: previous },
          },
          this.from,
        );
    }
  }
}
