import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { mailFaxQueue, markTransmitted, withTenant, type MailFaxItem } from '@uocava/database';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import {
  applyAction,
  ballotEventBase,
  lockBallot,
  OFFICE_SOURCE,
  officeSettings,
} from '../common/ballot-lifecycle';
import { checked } from '../common/input';
import type { OfficePrincipal } from '../common/office-auth';
import { parseTransmitted } from './transmissions.schemas';

/** Mail and fax voters: the ballots to send, and the record that one was sent. */
@Injectable()
export class TransmissionsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async workQueue(p: OfficePrincipal): Promise<{ items: MailFaxItem[] }> {
    return { items: await withTenant(this.ds, p.jurisdictionId, (tx) => mailFaxQueue(tx, p.jurisdictionId)) };
  }

  async transmitted(p: OfficePrincipal, ballotId: string, body: unknown) {
    const { transmittedAt: at, method } = checked(parseTransmitted(body));
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const b = await lockBallot(tx, p.jurisdictionId, ballotId);
      applyAction(b, { type: 'transmit' }, await officeSettings(tx, p.jurisdictionId));
      await markTransmitted(tx, b.ballotId, { at, method });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.ballot.transmitted.v1',
          { ...ballotEventBase(b, p.jurisdictionId), method, transmittedAt: new Date(at).toISOString() },
          OFFICE_SOURCE,
        ),
      );
      return {
        ballotId: b.ballotId,
        status: 'transmitted' as const,
        transmittedAt: new Date(at).toISOString(),
        method,
      };
    });
  }
}
