import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EVENT_TYPES, TOPICS } from '@uocava/contracts';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { KeyRing } from '@uocava/database';
import type { BallotDeliveryMethod } from '@uocava/domain';
import { PermanentError, type CloudEvent, type EventHandler, type HandlerMap } from '@uocava/messaging';
import { enqueueMail, EventWorker, mailQueued } from '@uocava/platform';
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

interface RequestRow {
  pii: Buffer;
  tracking_code: string;
  ballot_delivery: BallotDeliveryMethod;
  jname: string;
  jsettings: JurisdictionSettings | null;
}

/**
 * Turns the lifecycle events a voter cares about (NOTIFICATION_POLICY) into queued e-mails. The
 * mail is written to `mail_queue` in the consumer's own transaction, next to its inbox row: it is
 * queued exactly once per event, and nothing leaves the process here (the sender loop delivers).
 * The address and first name come from the sealed request row, never from the event.
 */
@Injectable()
export class NotificationsWorker extends EventWorker {
  protected readonly name = 'notifications';
  protected readonly topics = [TOPICS.requests, TOPICS.ballots];
  private readonly from = mailSettingsFromEnv().from;

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
    if (await mailQueued(tx, event.jurisdiction, event.id)) return;
    const [row]: RequestRow[] = await tx.query(
      `SELECT r.pii, r.tracking_code, r.ballot_delivery, j.name AS jname, j.settings AS jsettings
       FROM ballot_requests r JOIN jurisdictions j ON j.jurisdiction_id = r.jurisdiction_id
       WHERE r.request_id = $1 AND r.jurisdiction_id = $2`,
      [requestId, event.jurisdiction],
    );
    if (!row) return;
    const notice = noticeFor(ev, { ballotDelivery: row.ballot_delivery });
    if (!notice) return;
    // a resubmission's reminder goes out at most once a day per request, however often it is sent
    if (
      notice.kind === 'request-resubmitted' &&
      (await this.remindedToday(tx, event.jurisdiction, requestId))
    )
      return;
    const keys = await this.keyRing.forJurisdiction(event.jurisdiction);
    let pii: Pick<BallotRequestInput, 'contact' | 'name'>;
    try {
      pii = keys.openJson(`request:${requestId}`, row.pii);
    } catch {
      // a row that does not open under its jurisdiction's key never will: park the event
      throw new PermanentError(`the sealed data of request ${requestId} does not open`);
    }
    const to = pii.contact?.email;
    if (!to) return; // no address: the voter hears from the office (or the tracking page)

    let election: { name: string; utcOffset?: string } | undefined;
    if ('electionId' in notice) {
      const [e]: Array<{ name: string; settings: { returnRule?: { utcOffset?: unknown } } | null }> =
        await tx.query(
          `SELECT name, settings FROM elections WHERE election_id = $1 AND jurisdiction_id = $2`,
          [notice.electionId, event.jurisdiction],
        );
      const offset = e?.settings?.returnRule?.utcOffset;
      if (e) election = { name: e.name, ...(typeof offset === 'string' ? { utcOffset: offset } : {}) };
    }
    const ctx = messageContext({
      pii,
      trackingCode: row.tracking_code,
      trackingUrl: trackingUrl(row.tracking_code),
      ballotDelivery: row.ballot_delivery,
      jurisdictionName: row.jname,
      office: row.jsettings?.office,
      election,
      packetUrl:
        notice.kind === 'ballot-ready'
          ? packetPageUrl(notice.ballotId, downloadToken(keys, notice.ballotId))
          : undefined,
    });
    const message = composeMessage(notice, ctx);
    await enqueueMail(
      tx,
      keys,
      {
        jurisdictionId: event.jurisdiction,
        eventId: event.id,
        requestId,
        kind: notice.kind,
        eventTime: event.time,
        content: { to, subject: message.subject, text: message.text },
      },
      this.from,
    );
  }

  private async remindedToday(
    tx: EntityManager,
    jurisdictionId: string,
    requestId: string,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM mail_queue WHERE jurisdiction_id = $1 AND request_id = $2 AND kind = 'request-resubmitted'
         AND created_at > now() - interval '1 day' LIMIT 1`,
      [jurisdictionId, requestId],
    );
    return rows.length > 0;
  }
}
