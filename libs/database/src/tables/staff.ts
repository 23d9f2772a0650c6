/**
 * Owner of `staff_accounts`, `staff_invitations`, `staff_passkeys` and `staff_challenges`: the
 * named people of an office, their invitations, passkeys and half-done sign-ins. Only hashes of
 * tokens are stored; the TOTP secret only sealed (the caller seals it with the jurisdiction's key).
 */
import type { OfficeRole } from '@uocava/domain';
import type { SqlExecutor } from '../data-source';
import { execute, select, selectOne, updateReturning } from './sql';

export interface StaffAccount {
  staffId: string;
  jurisdictionId: string;
  email: string;
  displayName: string;
  role: OfficeRole;
  passwordHash: string;
  totpSecret: Buffer | null;
  failedAttempts: number;
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  disabledAt: Date | null;
  createdAt: Date;
}

const ACCOUNT_COLUMNS = `staff_id AS "staffId", jurisdiction_id AS "jurisdictionId", email,
  display_name AS "displayName", role, password_hash AS "passwordHash", totp_secret AS "totpSecret",
  failed_attempts AS "failedAttempts", locked_until AS "lockedUntil", last_sign_in_at AS "lastSignInAt",
  disabled_at AS "disabledAt", created_at AS "createdAt"`;

export async function insertStaffAccount(
  tx: SqlExecutor,
  a: {
    staffId: string;
    jurisdictionId: string;
    email: string;
    displayName: string;
    role: OfficeRole;
    passwordHash: string;
    totpSecret: Buffer | null;
    /** the time step of the TOTP code given at enrolment (it cannot sign in again) */
    totpStep: number | null;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO staff_accounts (staff_id, jurisdiction_id, email, display_name, role, password_hash, totp_secret,
       totp_last_step)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [a.staffId, a.jurisdictionId, a.email, a.displayName, a.role, a.passwordHash, a.totpSecret, a.totpStep],
  );
}

/**
 * Takes a TOTP code's time step for the staff member: true when it is later than every step
 * accepted before (the code had not been used), false for a replay. One statement, so two
 * sign-ins racing with the same code cannot both win.
 */
export async function claimTotpStep(
  tx: SqlExecutor,
  jurisdictionId: string,
  staffId: string,
  step: number,
): Promise<boolean> {
  const rows = await updateReturning(
    tx,
    `UPDATE staff_accounts SET totp_last_step = $3
     WHERE jurisdiction_id = $1 AND staff_id = $2 AND (totp_last_step IS NULL OR totp_last_step < $3)`,
    'staff_id',
    [jurisdictionId, staffId, step],
  );
  return rows.length > 0;
}

export function staffByEmail(
  tx: SqlExecutor,
  jurisdictionId: string,
  email: string,
): Promise<StaffAccount | undefined> {
  return selectOne<StaffAccount>(
    tx,
    `SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE jurisdiction_id = $1 AND email = $2`,
    [jurisdictionId, email],
  );
}

export function staffById(
  tx: SqlExecutor,
  jurisdictionId: string,
  staffId: string,
): Promise<StaffAccount | undefined> {
  return selectOne<StaffAccount>(
    tx,
    `SELECT ${ACCOUNT_COLUMNS} FROM staff_accounts WHERE jurisdiction_id = $1 AND staff_id = $2`,
    [jurisdictionId, staffId],
  );
}

/** A staff member as the admin page lists them (never a secret or hash). */
export interface StaffListing {
  staffId: string;
  email: string;
  displayName: string;
  role: OfficeRole;
  passkeys: number;
  totp: boolean;
  lastSignInAt: Date | null;
  lockedUntil: Date | null;
  disabledAt: Date | null;
}

export function listStaff(tx: SqlExecutor, jurisdictionId: string): Promise<StaffListing[]> {
  return select<StaffListing>(
    tx,
    `SELECT a.staff_id AS "staffId", a.email, a.display_name AS "displayName", a.role,
            (SELECT count(*)::int FROM staff_passkeys p WHERE p.jurisdiction_id = a.jurisdiction_id
               AND p.staff_id = a.staff_id) AS passkeys,
            (a.totp_secret IS NOT NULL) AS totp, a.last_sign_in_at AS "lastSignInAt",
            a.locked_until AS "lockedUntil", a.disabled_at AS "disabledAt"
     FROM staff_accounts a WHERE a.jurisdiction_id = $1 ORDER BY a.display_name, a.email`,
    [jurisdictionId],
  );
}

/** Stores the outcome of a failed password or second factor: the count, and a lockout if any. */
export async function recordStaffFailure(
  tx: SqlExecutor,
  jurisdictionId: string,
  staffId: string,
  failedAttempts: number,
  lockedUntil: Date | null,
): Promise<void> {
  await execute(
    tx,
    `UPDATE staff_accounts SET failed_attempts = $3, locked_until = $4 WHERE jurisdiction_id = $1 AND staff_id = $2`,
    [jurisdictionId, staffId, failedAttempts, lockedUntil],
  );
}

/** A completed sign-in: the failure count starts again. */
export async function recordStaffSignIn(
  tx: SqlExecutor,
  jurisdictionId: string,
  staffId: string,
): Promise<void> {
  await execute(
    tx,
    `UPDATE staff_accounts SET failed_attempts = 0, locked_until = NULL, last_sign_in_at = now()
     WHERE jurisdiction_id = $1 AND staff_id = $2`,
    [jurisdictionId, staffId],
  );
}

/** Disables a staff member and ends their sessions at once; false when there is no such active one. */
export async function disableStaff(
  tx: SqlExecutor,
  jurisdictionId: string,
  staffId: string,
): Promise<boolean> {
  const rows = await updateReturning<{ staff_id: string }>(
    tx,
    `UPDATE staff_accounts SET disabled_at = now()
     WHERE jurisdiction_id = $1 AND staff_id = $2 AND disabled_at IS NULL`,
    'staff_id',
    [jurisdictionId, staffId],
  );
  if (rows.length === 0) return false;
  await execute(
    tx,
    `UPDATE office_sessions SET ended_at = now() WHERE jurisdiction_id = $1 AND staff_id = $2 AND ended_at IS NULL`,
    [jurisdictionId, staffId],
  );
  return true;
}

// ---- invitations ------------------------------------------------------------------------------

export interface StaffInvitation {
  invitationId: string;
  jurisdictionId: string;
  email: string;
  displayName: string;
  role: OfficeRole;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
  enrolChallenge: string | null;
  enrolTotpSecret: Buffer | null;
  acceptedAt: Date | null;
}

export async function insertStaffInvitation(
  tx: SqlExecutor,
  i: {
    invitationId: string;
    jurisdictionId: string;
    email: string;
    displayName: string;
    role: OfficeRole;
    tokenHash: Buffer;
    invitedBy: string;
    expiresAt: Date;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO staff_invitations (invitation_id, jurisdiction_id, email, display_name, role, token_hash,
       invited_by, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [i.invitationId, i.jurisdictionId, i.email, i.displayName, i.role, i.tokenHash, i.invitedBy, i.expiresAt],
  );
}

export function invitationByToken(
  tx: SqlExecutor,
  jurisdictionId: string,
  tokenHash: Buffer,
): Promise<StaffInvitation | undefined> {
  return selectOne<StaffInvitation>(
    tx,
    `SELECT invitation_id AS "invitationId", jurisdiction_id AS "jurisdictionId", email,
            display_name AS "displayName", role, invited_by AS "invitedBy", created_at AS "createdAt",
            expires_at AS "expiresAt", enrol_challenge AS "enrolChallenge",
            enrol_totp_secret AS "enrolTotpSecret", accepted_at AS "acceptedAt"
     FROM staff_invitations WHERE jurisdiction_id = $1 AND token_hash = $2`,
    [jurisdictionId, tokenHash],
  );
}

/** What the enrolment page offered this time (a new challenge and secret on every visit). */
export async function setInvitationEnrolment(
  tx: SqlExecutor,
  jurisdictionId: string,
  invitationId: string,
  challenge: string,
  sealedTotpSecret: Buffer,
): Promise<void> {
  await execute(
    tx,
    `UPDATE staff_invitations SET enrol_challenge = $3, enrol_totp_secret = $4
     WHERE jurisdiction_id = $1 AND invitation_id = $2 AND accepted_at IS NULL`,
    [jurisdictionId, invitationId, challenge, sealedTotpSecret],
  );
}

/** Marks the invitation used by this staff member; false when it was already used. */
export async function markInvitationAccepted(
  tx: SqlExecutor,
  jurisdictionId: string,
  invitationId: string,
  staffId: string,
): Promise<boolean> {
  const rows = await updateReturning<{ invitation_id: string }>(
    tx,
    `UPDATE staff_invitations SET accepted_at = now(), staff_id = $3, enrol_challenge = NULL,
       enrol_totp_secret = NULL
     WHERE jurisdiction_id = $1 AND invitation_id = $2 AND accepted_at IS NULL`,
    'invitation_id',
    [jurisdictionId, invitationId, staffId],
  );
  return rows.length === 1;
}

/** Open invitations (not accepted, not expired), newest first: for the admin page. */
export function openInvitations(
  tx: SqlExecutor,
  jurisdictionId: string,
): Promise<Array<Pick<StaffInvitation, 'invitationId' | 'email' | 'displayName' | 'role' | 'expiresAt'>>> {
  return select(
    tx,
    `SELECT invitation_id AS "invitationId", email, display_name AS "displayName", role, expires_at AS "expiresAt"
     FROM staff_invitations WHERE jurisdiction_id = $1 AND accepted_at IS NULL AND expires_at > now()
     ORDER BY created_at DESC`,
    [jurisdictionId],
  );
}

// ---- passkeys ---------------------------------------------------------------------------------

export interface StaffPasskey {
  credentialId: string;
  staffId: string;
  publicKey: Buffer;
  counter: number;
  transports: string[];
}

export async function insertStaffPasskey(
  tx: SqlExecutor,
  jurisdictionId: string,
  p: StaffPasskey,
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO staff_passkeys (credential_id, jurisdiction_id, staff_id, public_key, counter, transports)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [p.credentialId, jurisdictionId, p.staffId, p.publicKey, p.counter, p.transports],
  );
}

export async function passkeysOf(
  tx: SqlExecutor,
  jurisdictionId: string,
  staffId: string,
): Promise<StaffPasskey[]> {
  const rows = await select<StaffPasskey & { counter: string }>(
    tx,
    `SELECT credential_id AS "credentialId", staff_id AS "staffId", public_key AS "publicKey",
            counter::text AS counter, transports
     FROM staff_passkeys WHERE jurisdiction_id = $1 AND staff_id = $2 ORDER BY created_at`,
    [jurisdictionId, staffId],
  );
  return rows.map((r) => ({ ...r, counter: Number(r.counter) }));
}

export async function usePasskey(
  tx: SqlExecutor,
  jurisdictionId: string,
  credentialId: string,
  counter: number,
): Promise<void> {
  await execute(
    tx,
    `UPDATE staff_passkeys SET counter = $3, last_used_at = now() WHERE jurisdiction_id = $1 AND credential_id = $2`,
    [jurisdictionId, credentialId, counter],
  );
}

// ---- half-done sign-ins -------------------------------------------------------------------------

export async function insertStaffChallenge(
  tx: SqlExecutor,
  c: {
    challengeHash: Buffer;
    jurisdictionId: string;
    staffId: string;
    webauthnChallenge: string;
    minutes: number;
  },
): Promise<void> {
  await execute(
    tx,
    `INSERT INTO staff_challenges (challenge_hash, jurisdiction_id, staff_id, webauthn_challenge, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5))`,
    [c.challengeHash, c.jurisdictionId, c.staffId, c.webauthnChallenge, c.minutes],
  );
}

/** The live half-done sign-in of this hash (not used, not expired). */
export function liveStaffChallenge(
  tx: SqlExecutor,
  jurisdictionId: string,
  challengeHash: Buffer,
): Promise<{ staffId: string; webauthnChallenge: string } | undefined> {
  return selectOne(
    tx,
    `SELECT staff_id AS "staffId", webauthn_challenge AS "webauthnChallenge" FROM staff_challenges
     WHERE jurisdiction_id = $1 AND challenge_hash = $2 AND used_at IS NULL AND expires_at > now()`,
    [jurisdictionId, challengeHash],
  );
}

/** Uses up a half-done sign-in (when it completes or its second factor failed). */
export async function endStaffChallenge(
  tx: SqlExecutor,
  jurisdictionId: string,
  challengeHash: Buffer,
): Promise<void> {
  await execute(
    tx,
    `UPDATE staff_challenges SET used_at = now() WHERE jurisdiction_id = $1 AND challenge_hash = $2`,
    [jurisdictionId, challengeHash],
  );
}
