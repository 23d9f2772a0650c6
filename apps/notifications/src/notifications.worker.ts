import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { KeyRing } from '@uocava/database';
import type { CloudEvent, HandlerMap } from '@uocava/messaging';
import { downloadToken, EventWorker, publicBaseUrl, trackingUrl } from '@uocava/platform';
import { Mailer, type OutgoingMail } from './mailer';

interface Recipient {
  email?: string;
  trackingCode: string;
  firstName: string;
}

@Injectable()
export class NotificationsWorker extends EventWorker {
  protected readonly name = 'notifications';
  protected readonly topics = [TOPICS.requests, TOPICS.ballots];
  /** e-mail leaves the database: one message per transaction, so a rollback never sends twice */
  protected override readonly batch = false;
  private readonly mailer = new Mailer();

  constructor(private readonly keyRing: KeyRing) {
    super();
  }

  protected handlers(): HandlerMap {
    return {
      'uocava.request.needs-review.v1': (e, tx) =>
        this.notify(e, tx, (r) => ({
          subject: 'Your ballot request is being reviewed',
          text:
            `Your election office received your ballot request and needs to check some details by hand.\n` +
            `You do not need to do anything now; we will write again when it is decided.\n\n` +
            `Follow it here: ${trackingUrl(r.trackingCode)}\n`,
        })),
      'uocava.request.rejected.v1': (e, tx) =>
        this.notify(e, tx, (r) => ({
          subject: 'Your ballot request could not be accepted',
          text:
            `Your election office could not accept your ballot request.\n` +
            `The reasons and what you can do are on your tracking page: ${trackingUrl(r.trackingCode)}\n` +
            `You can still vote with the Federal Write-In Absentee Ballot (FWAB).\n`,
        })),
      'uocava.ballot.transmitted.v1': async (e, tx) => {
        if (e.data.method !== 'email' && e.data.method !== 'online') return;
        const keys = await this.keyRing.forJurisdiction(e.jurisdiction);
        const link = `${publicBaseUrl()}/api/v1/ballots/${e.data.ballotId}/packet?token=${downloadToken(keys, e.data.ballotId)}`;
        await this.notify(e, tx, (r) => ({
          subject: 'Your ballot is ready',
          text:
            `Hello ${r.firstName},\n\nYour absentee ballot packet is ready. Download it here:\n${link}\n\n` +
            `Print it, mark your ballot, sign the declaration and send it back as the instructions say.\n` +
            `Follow your ballot: ${trackingUrl(r.trackingCode)}\n`,
        }));
      },
      'uocava.ballot.accepted.v1': (e, tx) =>
        this.notify(e, tx, (r) => ({
          subject: 'Your ballot was accepted',
          text: `Your returned ballot was accepted for counting. Thank you for voting.\n${trackingUrl(r.trackingCode)}\n`,
        })),
      'uocava.ballot.rejected.v1': (e, tx) =>
        this.notify(e, tx, (r) => ({
          subject: 'Your ballot could not be counted',
          text: `Your returned ballot could not be accepted. See why and what you can do: ${trackingUrl(r.trackingCode)}\n`,
        })),
    };
  }

  private async notify(
    event: CloudEvent,
    tx: EntityManager,
    compose: (r: Recipient) => Omit<OutgoingMail, 'to'>,
  ): Promise<void> {
    const { requestId } = event.data as { requestId: string };
    const rows: Array<{ pii: Buffer; tracking_code: string }> = await tx.query(
      `SELECT pii, tracking_code FROM ballot_requests WHERE request_id = $1 AND jurisdiction_id = $2`,
      [requestId, event.jurisdiction],
    );
    if (rows.length === 0) return;
    const keys = await this.keyRing.forJurisdiction(event.jurisdiction);
    const pii = keys.openJson<Pick<BallotRequestInput, 'contact' | 'name'>>(
      `request:${requestId}`,
      rows[0].pii,
    );
    if (!pii.contact.email) return; // fax and mail voters hear from the office
    const recipient = {
      email: pii.contact.email,
      trackingCode: rows[0].tracking_code,
      firstName: pii.name.first,
    };
    await this.mailer.send({ to: pii.contact.email, ...compose(recipient) }, event.id);
  }
}
