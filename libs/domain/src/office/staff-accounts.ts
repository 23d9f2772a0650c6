/**
 * The rules of named staff accounts (no I/O): the password policy, counting failed sign-ins to a
 * lockout, and when an invitation can still be accepted.
 */

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** Consecutive failures (password or second factor) that lock an account... */
export const LOCKOUT_AFTER_FAILURES = 5;
/** ... for this long. */
export const LOCKOUT_MINUTES = 15;
/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
/** How long a half-done sign-in (password checked, second factor awaited) lasts. */
export const SECOND_FACTOR_MINUTES = 5;

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, email: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  if (new Set(password).size < 4) return 'Use a password that is not the same few characters repeated.';
  const lower = password.toLowerCase();
  const local = email.split('@')[0] ?? '';
  if (lower === email.toLowerCase() || (local.length >= 4 && lower.includes(local.toLowerCase())))
    return 'Do not use your e-mail address in your password.';
  return undefined;
}

/** A staff e-mail address as stored (trimmed, lower case), or undefined when it is not one. */
export function normaliseStaffEmail(text: string): string | undefined {
  const email = text.trim().toLowerCase();
  return email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : undefined;
}

/** Whether an account is locked at `now`. */
export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/**
 * The account after one more failed attempt: the count goes up; the fifth consecutive failure
 * locks the account for 15 minutes and the count starts again (so the next lock needs five more).
 */
export function afterFailedAttempt(
  failedAttempts: number,
  now: Date,
): { failedAttempts: number; lockedUntil: Date | null; locked: boolean } {
  const failures = failedAttempts + 1;
  if (failures >= LOCKOUT_AFTER_FAILURES)
    return {
      failedAttempts: 0,
      lockedUntil: new Date(now.getTime() + LOCKOUT_MINUTES * 60_000),
      locked: true,
    };
  return { failedAttempts: failures, lockedUntil: null, locked: false };
}

/** When an invitation made at `now` stops working. */
export function invitationExpiry(now: Date, days = INVITATION_DAYS): Date {
  return new Date(now.getTime() + days * 86_400_000);
}

export type InvitationState = 'open' | 'expired' | 'accepted';

/** Whether an invitation can be accepted at `now`. */
export function invitationState(
  invitation: { expiresAt: Date; acceptedAt: Date | null },
  now: Date,
): InvitationState {
  if (invitation.acceptedAt !== null) return 'accepted';
  return invitation.expiresAt.getTime() > now.getTime() ? 'open' : 'expired';
}

/** Whether a staff member of this role may sign in with a password alone (nobody may). */
export function needsSecondFactor(_role: 'admin' | 'clerk' | 'auditor'): boolean {
  return true;
}

/**
 * The invitation e-mail: who invites, for which role, the link and until when it works. Plain
 * text, as every mail of the platform; the link is the only secret in it.
 */
export function staffInvitationMail(i: {
  officeName: string;
  displayName: string;
  role: 'admin' | 'clerk' | 'auditor';
  link: string;
  expiresAt: Date;
}): { subject: string; text: string } {
  const until = i.expiresAt.toISOString().slice(0, 16).replace('T', ' ');
  return {
    subject: `Your account at ${i.officeName}`,
    text:
      `Hello ${i.displayName},\n\n` +
      `${i.officeName} invites you to its UOCAVA ballot platform as ${i.role === 'admin' ? 'an' : 'a'} ${i.role}.\n` +
      `Open this link to choose your password${needsSecondFactor(i.role) ? ' and set up your second factor (a passkey, or an authenticator app)' : ''}:\n` +
      `${i.link}\n\n` +
      `The link works once, until ${until} UTC. Keep it to yourself: it opens your account.\n` +
      'If you did not expect this e-mail, ignore it and tell your election office.\n',
  };
}
