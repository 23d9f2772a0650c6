/**
 * Setting up an election office: its directory entry and its staff keys. The operator CLI
 * (`jurisdiction create`, `api-key create`), `npm start`'s demo office and the tests' office
 * context all call these, each in one transaction scoped to the office (row-level security): an
 * office's set-up can only ever touch that office's rows.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  invitationExpiry,
  isJurisdictionId,
  normaliseStaffEmail,
  OFFICE_ROLES,
  type OfficeRole,
} from '@uocava/domain';
import { withTenant, type SqlExecutor } from './data-source';
import { insertStaffInvitation, staffByEmail } from './tables/staff';
import { UUID_PATTERN } from '@uocava/contracts/values';
import { insertApiKey, listApiKeys, revokeApiKey, type ApiKeyListing } from './tables/api-keys';
import { recordAudit } from './tables/audit-log';
import { jurisdictionExists, upsertJurisdiction } from './tables/jurisdictions';

export interface JurisdictionSpec {
  id: string;
  name: string;
  state: string;
  county?: string;
  officeAddress?: string[];
  officeEmail?: string;
  officeFax?: string;
  /** office settings merged into the jurisdiction's settings (e.g. moveActTargetDays, fwabAsRegistration) */
  settings?: Record<string, unknown>;
}

/** What is wrong with a spec (the CLI's option names), or nothing. */
export function validateJurisdictionSpec(spec: JurisdictionSpec): string[] {
  const problems: string[] = [];
  if (!isJurisdictionId(spec.id))
    problems.push('--id must be a lower-case slug (letters, digits, hyphens), e.g. us-ny-kings');
  if (!spec.name.trim() || spec.name.length > 200) problems.push('--name must be 1 to 200 characters');
  if (!/^[A-Z]{2}$/.test(spec.state)) problems.push('--state must be a two-letter code such as NY');
  return problems;
}

/** Creates (or updates) a jurisdiction; its office block is made from the spec's office fields. */
export async function createJurisdiction(ds: DataSource, spec: JurisdictionSpec): Promise<void> {
  const problems = validateJurisdictionSpec(spec);
  if (problems.length) throw new Error(problems.join('\n'));
  const office = {
    name: `${spec.name} Election Office`,
    mailingAddress: spec.officeAddress?.length
      ? spec.officeAddress
      : [`${spec.name} Election Office`, spec.state],
    email: spec.officeEmail,
    fax: spec.officeFax,
  };
  await withTenant(ds, spec.id, (tx) =>
    upsertJurisdiction(tx, {
      jurisdictionId: spec.id,
      name: spec.name,
      state: spec.state,
      county: spec.county ?? null,
      settings: { ...spec.settings, office },
    }),
  );
}

/** How long an office key opens the API and sign-in unless the operator says otherwise. */
export const DEFAULT_KEY_LIFETIME_DAYS = 90;

/**
 * Creates an office key that expires after `expiresInDays` (null: never, for a machine whose
 * key is rotated by other means); returns it (shown once): only its SHA-256 is stored.
 */
export async function createApiKey(
  ds: DataSource,
  jurisdictionId: string,
  role: OfficeRole,
  label?: string,
  expiresInDays: number | null = DEFAULT_KEY_LIFETIME_DAYS,
): Promise<{ keyId: string; key: string; expiresAt: Date | null }> {
  if (!OFFICE_ROLES.includes(role)) throw new Error(`--role must be one of ${OFFICE_ROLES.join(', ')}`);
  if (
    expiresInDays !== null &&
    !(Number.isInteger(expiresInDays) && expiresInDays >= 1 && expiresInDays <= 3660)
  )
    throw new Error('--expires-in-days must be a whole number of days from 1 to 3660');
  const expiresAt = expiresInDays === null ? null : new Date(Date.now() + expiresInDays * 86_400_000);
  const key = `uk_${randomBytes(32).toString('base64url')}`;
  const keyId = randomUUID();
  await withTenant(ds, jurisdictionId, async (tx) => {
    if (!(await jurisdictionExists(tx, jurisdictionId)))
      throw new Error(`no jurisdiction ${jurisdictionId}; create it first`);
    await insertApiKey(tx, {
      keyId,
      jurisdictionId,
      role,
      keyHash: createHash('sha256').update(key, 'utf8').digest(),
      label: label ?? null,
      expiresAt,
    });
  });
  return { keyId, key, expiresAt };
}

/** The office's keys, newest first, with whether each opens anything now (never the key itself). */
export async function listOfficeKeys(ds: DataSource, jurisdictionId: string): Promise<ApiKeyListing[]> {
  return withTenant(ds, jurisdictionId, (tx) => listApiKeys(tx, jurisdictionId));
}

/**
 * Revokes an office key at once (its API calls and sign-in sessions stop), written to the
 * office's audit trail with the operator who did it; false when the office has no such live key.
 */
export async function revokeOfficeKey(
  ds: DataSource,
  jurisdictionId: string,
  keyId: string,
  operator: string,
): Promise<boolean> {
  if (!UUID_PATTERN.test(keyId)) return false;
  return withTenant(ds, jurisdictionId, async (tx) => {
    const revoked = await revokeApiKey(tx, jurisdictionId, keyId);
    if (revoked)
      await recordAudit(tx, {
        jurisdictionId,
        keyId: null,
        role: null,
        action: 'api-key.revoke',
        target: `api-key:${keyId}`,
        outcome: 'ok',
        details: { via: 'cli', operator },
      });
    return revoked;
  });
}

/** An invitation's link path (the token is shown once: only its SHA-256 is stored). */
export const invitationPath = (jurisdictionId: string, token: string): string =>
  `/office/invitations/${jurisdictionId}.${token}`;

/**
 * Invites a named staff member, in the caller's transaction (scoped to the office): the
 * invitation's token is returned once, as the path of its link; only its SHA-256 is stored.
 * Refused (an Error naming the field) for an address that is not one, or one already in use.
 */
export async function inviteStaff(
  tx: SqlExecutor,
  jurisdictionId: string,
  i: { email: string; displayName: string; role: OfficeRole; invitedBy: string; now?: Date },
): Promise<{ invitationId: string; path: string; expiresAt: Date }> {
  const email = normaliseStaffEmail(i.email);
  if (email === undefined)
    throw new StaffInvitationError('email', 'Enter an e-mail address, like name@office.gov');
  const displayName = i.displayName.trim();
  if (displayName.length < 1 || displayName.length > 200)
    throw new StaffInvitationError('displayName', 'Enter the name of the person, up to 200 characters');
  if (!OFFICE_ROLES.includes(i.role))
    throw new StaffInvitationError('role', `Choose a role: ${OFFICE_ROLES.join(', ')}`);
  if ((await staffByEmail(tx, jurisdictionId, email)) !== undefined)
    throw new StaffInvitationError(
      'email',
      'Someone of this office already has an account with this address',
    );
  const token = randomBytes(32).toString('base64url');
  const invitationId = randomUUID();
  const expiresAt = invitationExpiry(i.now ?? new Date());
  await insertStaffInvitation(tx, {
    invitationId,
    jurisdictionId,
    email,
    displayName,
    role: i.role,
    tokenHash: createHash('sha256').update(token, 'utf8').digest(),
    invitedBy: i.invitedBy,
    expiresAt,
  });
  return { invitationId, path: invitationPath(jurisdictionId, token), expiresAt };
}

/** A refused invitation: `field` names the bad input. */
export class StaffInvitationError extends Error {
  constructor(
    readonly field: 'email' | 'displayName' | 'role',
    message: string,
  ) {
    super(message);
  }
}

/** `cli staff invite`: the invitation and its audit entry (naming the operator), in one transaction. */
export async function createStaffInvitation(
  ds: DataSource,
  jurisdictionId: string,
  i: { email: string; displayName: string; role: OfficeRole; operator: string },
): Promise<{ invitationId: string; path: string; expiresAt: Date }> {
  return withTenant(ds, jurisdictionId, async (tx) => {
    if (!(await jurisdictionExists(tx, jurisdictionId)))
      throw new Error(`no jurisdiction ${jurisdictionId}; create it first`);
    const made = await inviteStaff(tx, jurisdictionId, { ...i, invitedBy: `cli:${i.operator}` });
    await recordAudit(tx, {
      jurisdictionId,
      keyId: null,
      role: null,
      action: 'staff.invite',
      target: `staff-invitation:${made.invitationId}`,
      outcome: 'ok',
      details: { via: 'cli', operator: i.operator, role: i.role },
    });
    return made;
  });
}
