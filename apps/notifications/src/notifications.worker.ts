import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, TOPICS } from '@uocava/contracts';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  ballotRequestExists,
  contactChange,
  electionNamesAndSettingsOf,
  enqueueMails,
  enqueueSmsMessages,
  KeyRing,
  mailIdFor,
  mailsQueuedOf,
  noticeRecipientsOf,
  resubmissionReminderQueuedToday,
  resubmissionSmsQueuedToday,
  smsQueuedOf,
  type NewMail,
  type NewSms,
  type NoticeRecipientRow,
} from '@uocava/database';
import {
  effectKeyOf,
  PermanentError,
  RunItemError,
  UnknownRequestError,
  type CloudEvent,
  type EventHandler,
  type HandlerMap,
  type RunHandler,
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
      if (NOTIFICATION_POLICY[type].notices.length > 0)
        handlers[type] = (event, tx) => this.queue([event], tx, false);
    return handlers as HandlerMap;
  }

  /** a run of one jurisdiction's events: queued together (one query per step, not per event) */
  protected override runHandler(): RunHandler {
    return (events, tx) => this.queue(events, tx, true);
  }

  /**
   * Queues the mails and texts of `events` (of one jurisdiction, in delivery order). Each step is
   * one query for all of them: what is queued already, the requests' sealed rows, the elections
   * named, and one INSERT per queue. In a run (`inRun`), an event that cannot be applied is named
   * with RunItemError, so that the consumer applies the others without it and retries it alone.
   */
  private async queue(events: CloudEvent[], tx: EntityManager, inRun: boolean): Promise<void> {
    const fail: (event: CloudEvent, error: Error) => never = (event, error) => {
      throw inRun ? new RunItemError(event.id, error) : error;
    };
    const items = events.flatMap((event) => {
      const ev = { type: event.type, data: event.data } as AnyEvent;
      const requestId = requestIdOf(ev);
      // e.g. a FWAB from a voter without a request: no address
      return requestId === undefined ? [] : [{ event, ev, requestId, effectKey: effectKeyOf(event) }];
    });
    if (items.length === 0) return;
    const jurisdictionId = items[0].event.jurisdiction;
    for (const { event } of items)
      if (event.jurisdiction !== jurisdictionId)
        fail(event, new PermanentError(`a run of ${jurisdictionId} holds an event of ${event.jurisdiction}`));
    // one mail per event, and per meaning: the same step under a new event id mails nothing
    const queued = items.map(({ event, effectKey }) => ({ eventId: event.id, effectKey }));
    const mailDone = await mailsQueuedOf(tx, jurisdictionId, queued);
    const smsDone = this.smsOn ? await smsQueuedOf(tx, jurisdictionId, queued) : items.map(() => true);
    const open = items
      .map((item, n) => ({ ...item, mailDone: mailDone[n], smsDone: smsDone[n] }))
      .filter((item) => !(item.mailDone && item.smsDone));
    if (open.length === 0) return;
    const recipients = await noticeRecipientsOf<JurisdictionSettings>(
      tx,
      jurisdictionId,
      open.map((item) => item.requestId),
    );
    const todo: Array<
      (typeof open)[number] & {
        row: NoticeRecipientRow<JurisdictionSettings>;
        notice: NonNullable<ReturnType<typeof noticeFor>>;
      }
    > = [];
    for (const item of open) {
      const row = recipients.get(item.requestId);
      if (!row) {
        // an event about a request that does not exist is parked, never mailed
        if (!(await ballotRequestExists(tx, jurisdictionId, item.requestId)))
          fail(item.event, new UnknownRequestError(item.event.type, item.requestId));
        continue;
      }
      const notice = noticeFor(item.ev, { ballotDelivery: row.ballotDelivery });
      if (notice) todo.push({ ...item, row, notice });
    }
    if (todo.length === 0) return;
    const elections = await electionNamesAndSettingsOf(
      tx,
      jurisdictionId,
      todo.flatMap(({ notice }) => ('electionId' in notice ? [notice.electionId] : [])),
    );
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    const mails: NewMail[] = [];
    const texts: NewSms[] = [];
    // what this call queues counts as queued for the events after it: a meaning once, a
    // resubmission's reminder once a day per request
    const meanings = { mail: new Set<string>(), sms: new Set<string>() };
    const reminded = { mail: new Set<string>(), sms: new Set<string>() };
    const opened = new Map<string, Pick<BallotRequestInput, 'contact' | 'name'>>();
    for (const { event, requestId, effectKey, row, notice, ...done } of todo) {
      const resubmitted = notice.kind === 'request-resubmitted';
      const mailDone = done.mailDone || meanings.mail.has(effectKey);
      const smsDone = done.smsDone || meanings.sms.has(effectKey);
      // a resubmission's reminder goes out at most once a day per request, however often it is sent
      const mailToday =
        resubmitted &&
        !mailDone &&
        (reminded.mail.has(requestId) ||
          (await resubmissionReminderQueuedToday(tx, jurisdictionId, requestId)));
      const smsToday =
        resubmitted &&
        !smsDone &&
        (reminded.sms.has(requestId) || (await resubmissionSmsQueuedToday(tx, jurisdictionId, requestId)));
      let pii = opened.get(requestId);
      if (pii === undefined) {
        try {
          pii = keys.openJson<Pick<BallotRequestInput, 'contact' | 'name'>>(`request:${requestId}`, row.pii);
        } catch {
          // a row that does not open under its jurisdiction's key never will: park the event
          fail(event, new PermanentError(`the sealed data of request ${requestId} does not open`));
        }
        opened.set(requestId, pii);
      }
      // no address and no text messages: the voter hears from the office (or the tracking page)
      const to = !mailDone && !mailToday ? pii.contact?.email : undefined;
      const mobile = !smsDone && !smsToday && pii.contact?.smsOptIn === true ? pii.contact.mobile : undefined;
      if (!to && !mobile) continue;

      let election: { name: string; utcOffset?: string } | undefined;
      if ('electionId' in notice) {
        const e = elections.get(notice.electionId);
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
      const queuedFor = {
        jurisdictionId,
        eventId: event.id,
        effectKey,
        requestId,
        kind: notice.kind,
        eventTime: event.time,
      };
      if (mobile) {
        texts.push({ ...queuedFor, content: { to: mobile, text: composeSms(notice, ctx) } });
        meanings.sms.add(effectKey);
        if (resubmitted) reminded.sms.add(requestId);
      }
      if (!to) continue;
      const message = composeMessage(notice, ctx);
      const mail: NewMail = { ...queuedFor, content: { to, subject: message.subject, text: message.text } };
      mails.push(mail);
      meanings.mail.add(effectKey);
      if (resubmitted) reminded.mail.add(requestId);
      if (notice.kind === 'contact-changed' && notice.fields.includes('email')) {
        // the previous address hears of the change too, so that a change the voter did not ask for
        // is seen; its mail gets its own id, derived from the event's (one mail per event and address)
        const change = await contactChange(tx, jurisdictionId, notice.changeId);
        const before =
          change &&
          keys.openJson<Pick<BallotRequestInput, 'contact'>>(
            `contact-change:${change.changeId}`,
            change.previousPii,
          );
        const previous = before?.contact?.email;
        if (previous && previous.toLowerCase() !== to.toLowerCase())
          mails.push({
            ...mail,
            eventId: mailIdFor(jurisdictionId, `${event.id}/previous-address`),
            effectKey: `${effectKey}/previous-address`,
            content: { ...mail.content, to: previous },
          });
      }
    }
    await enqueueSmsMessages(tx, keys, texts);
    await enqueueMails(tx, keys, mails, this.from);
  }
}
