import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  disableStaff,
  enqueueMail,
  findJurisdiction,
  inviteStaff,
  KeyRing,
  listApiKeys,
  listStaff,
  openInvitations,
  revokeApiKey,
  StaffInvitationError,
  withTenant,
} from '@uocava/database';
import { mailFrom, OFFICE_ROLES, staffInvitationMail, type OfficeRole } from '@uocava/domain';
import { ProblemException } from '@uocava/platform';
import { publicBaseUrl } from '@uocava/packets';
import { actorLabel, type OfficePrincipal } from '../common/office-auth';
import { FormRefused } from './staff-auth.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const notFound = (what: string) => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Not found', what);

/** The admin's work on the office's people and machine keys (each call audited by the caller). */
@Injectable()
export class StaffAdminService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  overview(p: OfficePrincipal) {
    const j = p.jurisdictionId;
    return withTenant(this.ds, j, async (tx) => ({
      staff: await listStaff(tx, j),
      invitations: await openInvitations(tx, j),
      keys: await listApiKeys(tx, j),
    }));
  }

  /**
   * A new invitation, e-mailed to the person: the mail is queued in the invitation's own
   * transaction (sealed like every mail; the notifications service sends it), so there is no
   * invitation without its mail. Its link is also returned once, for the admin to hand over when
   * mail does not reach the person.
   */
  async invite(
    p: OfficePrincipal,
    form: { email: string; displayName: string; role: string },
  ): Promise<{ link: string; email: string }> {
    if (!OFFICE_ROLES.includes(form.role as OfficeRole))
      throw new FormRefused({ role: `Choose a role: ${OFFICE_ROLES.join(', ')}` });
    const j = p.jurisdictionId;
    const keys = await this.keyRing.forJurisdiction(j);
    try {
      return await withTenant(this.ds, j, async (tx) => {
        const role = form.role as OfficeRole;
        const made = await inviteStaff(tx, j, {
          email: form.email,
          displayName: form.displayName,
          role,
          invitedBy: actorLabel(p),
        });
        const link = `${publicBaseUrl()}${made.path}`;
        const email = form.email.trim().toLowerCase();
        const office = await findJurisdiction(tx, j);
        const mail = staffInvitationMail({
          officeName: office?.name ?? j,
          displayName: form.displayName.trim(),
          role,
          link,
          expiresAt: made.expiresAt,
        });
        // the invitation stands in for the event and the request a voter's mail has
        await enqueueMail(
          tx,
          keys,
          {
            jurisdictionId: j,
            eventId: made.invitationId,
            requestId: made.invitationId,
            kind: 'staff-invitation',
            eventTime: new Date().toISOString(),
            content: { to: email, subject: mail.subject, text: mail.text },
          },
          mailFrom(),
        );
        return { link, email };
      });
    } catch (error) {
      if (error instanceof StaffInvitationError) throw new FormRefused({ [error.field]: error.message });
      throw error;
    }
  }

  /** Disables a staff member; their sessions end at once. An admin cannot disable themselves. */
  async disable(p: OfficePrincipal, staffId: string): Promise<void> {
    if (!UUID.test(staffId)) throw notFound('No such staff member.');
    if (staffId === p.staffId)
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'conflict',
        'Not allowed',
        'You cannot disable your own account.',
      );
    const done = await withTenant(this.ds, p.jurisdictionId, (tx) =>
      disableStaff(tx, p.jurisdictionId, staffId),
    );
    if (!done) throw notFound('No such active staff member.');
  }

  /** Revokes a machine key at once (its API calls and sessions stop). */
  async revokeKey(p: OfficePrincipal, keyId: string): Promise<void> {
    if (!UUID.test(keyId)) throw notFound('No such key.');
    if (keyId === p.keyId)
      throw new ProblemException(
        HttpStatus.CONFLICT,
        'conflict',
        'Not allowed',
        'You are signed in with this key.',
      );
    const done = await withTenant(this.ds, p.jurisdictionId, (tx) =>
      revokeApiKey(tx, p.jurisdictionId, keyId),
    );
    if (!done) throw notFound('No such live key.');
  }
}
