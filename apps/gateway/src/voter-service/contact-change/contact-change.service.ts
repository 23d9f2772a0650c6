import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { KeyRing, recordContactChange, withTenant } from '@uocava/database';
import {
  applyContactChange,
  CANCELLABLE_REQUEST_STATUSES,
  isMilitaryPostAddress,
  type ContactChange,
  type ContactField,
} from '@uocava/domain';
import { invalidRequest } from '@uocava/platform';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { OFFICE_SOURCE } from '../../common/ballot-lifecycle';
import { Clock } from '../../common/clock';
import { checked } from '../../common/input';
import { actorLabel, type OfficePrincipal } from '../../common/office-auth';
import { lockRequest, openRequest, refused } from '../sealed-request';
import { parseContactChange } from './contact-change.schemas';

export interface ContactChanged {
  requestId: string;
  changeId: string;
  fields: ContactField[];
  ballotDelivery: string;
  changedAt: string;
}

/**
 * A clerk changes a voter's e-mail, phone, mailing address or delivery method: the request is
 * checked again with every rule of a new request, re-sealed, and the request as it was is kept
 * sealed in `request_contact_changes`; `request.contact-changed` (which fields, never their values)
 * goes on the log and the voter is told at the new and the old address. A ballot already sent
 * stays valid: to send it again to the new address, reissue it.
 */
@Injectable()
export class ContactChangeService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly clock: Clock,
  ) {}

  async change(p: OfficePrincipal, requestId: string, body: unknown): Promise<ContactChanged> {
    const change = checked(parseContactChange(body), 'The change is not valid.') as ContactChange;
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const r = await lockRequest(tx, p.jurisdictionId, requestId);
      if (!(CANCELLABLE_REQUEST_STATUSES as readonly string[]).includes(r.status))
        throw refused({
          code: 'request-not-standing',
          message: `A request that is ${r.status} cannot be changed; the voter can send a new request.`,
        });
      const before = openRequest(keys, r);
      const result = applyContactChange(before, change, this.clock.today());
      if (!result.ok)
        throw invalidRequest(result.problems, 'The request would not be valid after this change.');
      const changeId = randomUUID();
      const now = this.clock.now();
      const after = result.request;
      await recordContactChange(tx, {
        changeId,
        jurisdictionId: p.jurisdictionId,
        requestId: r.requestId,
        fields: result.fields,
        previousPii: keys.sealJson(`contact-change:${changeId}`, before),
        pii: keys.sealJson(`request:${r.requestId}`, after),
        ballotDelivery: after.ballotDelivery,
        mailingCountry: after.mailingAddress.country,
        militaryPost: isMilitaryPostAddress(after.mailingAddress),
        paperSize: after.paperSize ?? null,
        changedBy: actorLabel(p),
        changedAt: now,
      });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.contact-changed.v1',
          {
            requestId: r.requestId,
            jurisdictionId: p.jurisdictionId,
            changeId,
            fields: result.fields,
            ballotDelivery: after.ballotDelivery,
            mailingCountry: after.mailingAddress.country,
            changedAt: now.toISOString(),
          },
          OFFICE_SOURCE,
        ),
      );
      return {
        requestId: r.requestId,
        changeId,
        fields: result.fields,
        ballotDelivery: after.ballotDelivery,
        changedAt: now.toISOString(),
      };
    });
  }
}
