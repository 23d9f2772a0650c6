import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  disableStaff,
  inviteStaff,
  listApiKeys,
  listStaff,
  openInvitations,
  revokeApiKey,
  StaffInvitationError,
  withTenant,
} from '@uocava/database';
import { OFFICE_ROLES, type OfficeRole } from '@uocava/domain';
import { ProblemException } from '@uocava/platform';
import { publicBaseUrl } from '@uocava/packets';
import { actorLabel, type OfficePrincipal } from '../common/office-auth';
import { FormRefused } from './staff-auth.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const notFound = (what: string) => new ProblemException(HttpStatus.NOT_FOUND, 'not-found', 'Not found', what);

/** The admin's work on the office's people and machine keys (each call audited by the caller). */
@Injectable()
export class StaffAdminService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  overview(p: OfficePrincipal) {
    const j = p.jurisdictionId;
    return withTenant(this.ds, j, async (tx) => ({
      staff: await listStaff(tx, j),
      invitations: await openInvitations(tx, j),
      keys: await listApiKeys(tx, j),
    }));
  }

  /** A new invitation; its link is returned once. */
  async invite(
    p: OfficePrincipal,
    form: { email: string; displayName: string; role: string },
  ): Promise<{ link: string; email: string }> {
    if (!OFFICE_ROLES.includes(form.role as OfficeRole))
      throw new FormRefused({ role: `Choose a role: ${OFFICE_ROLES.join(', ')}` });
    try {
      const made = await withTenant(this.ds, p.jurisdictionId, (tx) =>
        inviteStaff(tx, p.jurisdictionId, {
          email: form.email,
          displayName: form.displayName,
          role: form.role as OfficeRole,
          invitedBy: actorLabel(p),
        }),
      );
      return { link: `${publicBaseUrl()}${made.path}`, email: form.email.trim().toLowerCase() };
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
