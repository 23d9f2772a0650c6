import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash as argon2Hash, verify as argon2Verify, argon2id } from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import {
  claimTotpStep,
  endStaffChallenge,
  insertStaffAccount,
  insertStaffChallenge,
  insertStaffPasskey,
  invitationByToken,
  KeyRing,
  liveStaffChallenge,
  markInvitationAccepted,
  passkeysOf,
  recordAudit,
  recordStaffFailure,
  recordStaffSignIn,
  setInvitationEnrolment,
  staffByEmail,
  staffById,
  usePasskey,
  withTenant,
  type SqlExecutor,
  type StaffAccount,
  type StaffInvitation,
} from '@uocava/database';
import {
  afterFailedAttempt,
  invitationState,
  isJurisdictionId,
  isLocked,
  normaliseStaffEmail,
  passwordProblem,
  SECOND_FACTOR_MINUTES,
  type InvitationState,
} from '@uocava/domain';
import { ProblemException } from '@uocava/platform';
import { Clock } from '../common/clock';
import { OfficeSessions } from '../web/office/sessions';
import { relyingParty } from './webauthn';

const TOTP_PURPOSE = 'staff-totp-secret';
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** `<jurisdiction>.<token>` of an invitation link or a half-done sign-in's cookie. */
export function splitToken(value: string): { jurisdictionId: string; token: string } | undefined {
  const dot = value.indexOf('.');
  const jurisdictionId = value.slice(0, dot);
  const token = value.slice(dot + 1);
  return dot > 0 && isJurisdictionId(jurisdictionId) && TOKEN.test(token)
    ? { jurisdictionId, token }
    : undefined;
}

/** What the enrolment page shows for an open invitation. */
export interface Enrolment {
  invitation: StaffInvitation;
  passkeyOptions: PublicKeyCredentialCreationOptionsJSON;
  totpUri: string;
  totpSecret: string;
}

export type EnrolmentFactor =
  { kind: 'passkey'; response: RegistrationResponseJSON } | { kind: 'totp'; code: string };

/** A refused form: the field errors to show with the page again. */
export class FormRefused extends Error {
  constructor(
    readonly errors: Record<string, string>,
    readonly status = 400,
  ) {
    super('form refused');
  }
}

function totpOf(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'UOCAVA office',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

const TOTP_PERIOD_MS = 30_000;

/**
 * The time step of `code` when it is a TOTP code of now (one step of clock drift either way), or
 * undefined. The caller claims the step (claimTotpStep) so that a code works once.
 */
function totpStep(secretBase32: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = totpOf(secretBase32, 'x').validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? undefined : Math.floor(now.getTime() / TOTP_PERIOD_MS) + delta;
}

/**
 * Named staff members' credentials: accepting an invitation (password + a passkey or TOTP) and
 * the two-step sign-in (password, then the second factor), with the lockout after five
 * consecutive failures. Every outcome is on the audit trail with the staff member.
 */
@Injectable()
export class StaffAuthService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly sessions: OfficeSessions,
    private readonly clock: Clock,
  ) {}

  // ---- invitations ----------------------------------------------------------------------------

  /** The invitation of a link and its state, or undefined for a link that is no invitation. */
  async invitation(
    link: string,
  ): Promise<{ invitation: StaffInvitation; state: InvitationState } | undefined> {
    const parts = splitToken(link);
    if (parts === undefined) return undefined;
    const invitation = await withTenant(this.ds, parts.jurisdictionId, (tx) =>
      invitationByToken(tx, parts.jurisdictionId, sha256(parts.token)),
    );
    return invitation && { invitation, state: invitationState(invitation, this.clock.now()) };
  }

  /** Offers the enrolment of an open invitation: a new passkey challenge, the TOTP secret (kept). */
  async enrolment(invitation: StaffInvitation): Promise<Enrolment> {
    const j = invitation.jurisdictionId;
    const keys = await this.keyRing.forJurisdiction(j);
    const secret =
      invitation.enrolTotpSecret === null
        ? new OTPAuth.Secret({ size: 20 }).base32
        : keys.openJson<string>(`${TOTP_PURPOSE}:${invitation.invitationId}`, invitation.enrolTotpSecret);
    const rp = relyingParty();
    const passkeyOptions = await generateRegistrationOptions({
      rpName: rp.rpName,
      rpID: rp.rpID,
      userName: invitation.email,
      userDisplayName: invitation.displayName,
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
    });
    await withTenant(this.ds, j, (tx) =>
      setInvitationEnrolment(
        tx,
        j,
        invitation.invitationId,
        passkeyOptions.challenge,
        keys.sealJson(`${TOTP_PURPOSE}:${invitation.invitationId}`, secret),
      ),
    );
    return {
      invitation,
      passkeyOptions,
      totpSecret: secret,
      totpUri: totpOf(secret, invitation.email).toString(),
    };
  }

  /**
   * Accepts an open invitation: the password (policy, typed twice) and the second factor checked,
   * then in one transaction the account, its factor, the invitation used, the audit entry and a
   * session (the cookie goes on `res`). Refused with the field errors otherwise.
   */
  async accept(
    link: string,
    form: { password: string; confirm: string; factor: EnrolmentFactor },
    res: Response,
  ): Promise<void> {
    const found = await this.invitation(link);
    if (found === undefined || found.state !== 'open')
      throw new ProblemException(
        HttpStatus.GONE,
        'invitation-closed',
        'Invitation closed',
        'This invitation link no longer works. Ask your office admin for a new one.',
      );
    const inv = found.invitation;
    const j = inv.jurisdictionId;
    const errors: Record<string, string> = {};
    const weak = passwordProblem(form.password, inv.email);
    if (weak !== undefined) errors.password = weak;
    else if (form.password !== form.confirm) errors.confirm = 'Type the same password twice.';
    const keys = await this.keyRing.forJurisdiction(j);
    const staffId = randomUUID();
    let totpSecret: Buffer | null = null;
    let enrolledStep: number | null = null;
    let passkey:
      { credentialId: string; publicKey: Buffer; counter: number; transports: string[] } | undefined;
    if (form.factor.kind === 'totp') {
      const secret =
        inv.enrolTotpSecret === null
          ? undefined
          : keys.openJson<string>(`${TOTP_PURPOSE}:${inv.invitationId}`, inv.enrolTotpSecret);
      const step = secret === undefined ? undefined : totpStep(secret, form.factor.code, this.clock.now());
      if (secret === undefined || step === undefined)
        errors.code = 'Enter the 6-digit code your authenticator app shows now.';
      else {
        totpSecret = keys.sealJson(`${TOTP_PURPOSE}:${staffId}`, secret);
        enrolledStep = step;
      }
    } else {
      const rp = relyingParty();
      const verified = await verifyRegistrationResponse({
        response: form.factor.response,
        expectedChallenge: inv.enrolChallenge ?? '',
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: true,
      }).catch(() => undefined);
      if (verified === undefined || !verified.verified)
        errors.passkey = 'The passkey could not be created. Try again, or use an authenticator app.';
      else {
        const c = verified.registrationInfo.credential;
        passkey = {
          credentialId: c.id,
          publicKey: Buffer.from(c.publicKey),
          counter: c.counter,
          transports: c.transports ?? [],
        };
      }
    }
    if (Object.keys(errors).length > 0) throw new FormRefused(errors);
    const passwordHash = await argon2Hash(form.password, { type: argon2id });
    await withTenant(this.ds, j, async (tx) => {
      await insertStaffAccount(tx, {
        staffId,
        jurisdictionId: j,
        email: inv.email,
        displayName: inv.displayName,
        role: inv.role,
        passwordHash,
        totpSecret,
        totpStep: enrolledStep,
      });
      if (passkey !== undefined) await insertStaffPasskey(tx, j, { ...passkey, staffId });
      if (!(await markInvitationAccepted(tx, j, inv.invitationId, staffId)))
        throw new ProblemException(
          HttpStatus.GONE,
          'invitation-closed',
          'Invitation closed',
          'This invitation was used already.',
        );
      await recordAudit(tx, {
        jurisdictionId: j,
        keyId: null,
        staffId,
        role: inv.role,
        action: 'staff.accept-invitation',
        target: `staff:${staffId}`,
        outcome: 'ok',
        details: { via: 'web', factor: form.factor.kind, invitation: inv.invitationId },
      });
      await this.signedIn(tx, { staffId, jurisdictionId: j, role: inv.role }, form.factor.kind, res);
    });
  }

  // ---- sign-in ---------------------------------------------------------------------------------

  private async signedIn(
    tx: SqlExecutor,
    staff: Pick<StaffAccount, 'staffId' | 'jurisdictionId' | 'role'>,
    factor: 'passkey' | 'totp',
    res: Response,
  ): Promise<void> {
    await recordStaffSignIn(tx, staff.jurisdictionId, staff.staffId);
    await this.sessions.openStaffSession(tx, staff, res);
    await recordAudit(tx, {
      jurisdictionId: staff.jurisdictionId,
      keyId: null,
      staffId: staff.staffId,
      role: staff.role,
      action: 'office.sign-in',
      outcome: 'ok',
      details: { via: 'web', factor },
    });
  }

  /** One failed attempt of a staff member: counted, audited, and the fifth locks the account. */
  private async failed(
    tx: SqlExecutor,
    staff: StaffAccount,
    step: 'password' | 'second-factor',
  ): Promise<void> {
    const next = afterFailedAttempt(staff.failedAttempts, this.clock.now());
    await recordStaffFailure(tx, staff.jurisdictionId, staff.staffId, next.failedAttempts, next.lockedUntil);
    const who = {
      jurisdictionId: staff.jurisdictionId,
      keyId: null,
      staffId: staff.staffId,
      role: staff.role,
    };
    await recordAudit(tx, {
      ...who,
      action: 'office.sign-in',
      outcome: 'denied',
      details: { via: 'web', step, status: 401 },
    });
    if (next.locked)
      await recordAudit(tx, {
        ...who,
        action: 'staff.lockout',
        target: `staff:${staff.staffId}`,
        outcome: 'locked',
        details: { via: 'web', until: next.lockedUntil?.toISOString() },
      });
  }

  /**
   * The first step: office, e-mail and password. On success a half-done sign-in (5 minutes) whose
   * `<jurisdiction>.<token>` the caller puts in a cookie; a refusal says only that it failed (or
   * that the account is locked), never which part was wrong.
   */
  async checkPassword(form: { office: string; email: string; password: string }): Promise<string> {
    const refused = () =>
      new FormRefused({ email: 'The office, e-mail address or password is not right.' }, 401);
    const email = normaliseStaffEmail(form.email);
    if (!isJurisdictionId(form.office) || email === undefined) throw refused();
    const j = form.office;
    const staff = await withTenant(this.ds, j, (tx) => staffByEmail(tx, j, email));
    if (staff === undefined || staff.disabledAt !== null) {
      // the same work as for a real account, so the answer's timing does not tell
      await argon2Hash(form.password.length > 0 ? form.password : 'x', { type: argon2id });
      await withTenant(this.ds, j, (tx) =>
        recordAudit(tx, {
          jurisdictionId: j,
          keyId: null,
          staffId: staff?.staffId ?? null,
          role: null,
          action: 'office.sign-in',
          outcome: 'denied',
          details: { via: 'web', step: 'password', status: 401 },
        }),
      ).catch(() => undefined); // an office that does not exist: nothing to attribute it to
      throw refused();
    }
    if (isLocked(staff.lockedUntil, this.clock.now())) throw this.lockedRefusal();
    const ok = await argon2Verify(staff.passwordHash, form.password).catch(() => false);
    if (!ok) {
      await withTenant(this.ds, j, (tx) => this.failed(tx, staff, 'password'));
      throw refused();
    }
    const token = randomBytes(32).toString('base64url');
    const options = await this.authenticationOptions(staff);
    await withTenant(this.ds, j, (tx) =>
      insertStaffChallenge(tx, {
        challengeHash: sha256(token),
        jurisdictionId: j,
        staffId: staff.staffId,
        webauthnChallenge: options.challenge,
        minutes: SECOND_FACTOR_MINUTES,
      }),
    );
    return `${j}.${token}`;
  }

  private lockedRefusal(): FormRefused {
    return new FormRefused(
      { email: 'Too many failed attempts: this account is locked for 15 minutes. Try again later.' },
      429,
    );
  }

  private async authenticationOptions(
    staff: StaffAccount,
    challenge?: string,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const passkeys = await withTenant(this.ds, staff.jurisdictionId, (tx) =>
      passkeysOf(tx, staff.jurisdictionId, staff.staffId),
    );
    const options = await generateAuthenticationOptions({
      rpID: relyingParty().rpID,
      userVerification: 'required',
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports as never })),
    });
    // the stored challenge of a half-done sign-in, as the library made it (base64url)
    return challenge === undefined ? options : { ...options, challenge };
  }

  /** The half-done sign-in of a cookie value: its staff member and what the page offers. */
  async pending(cookie: string): Promise<
    | {
        staff: StaffAccount;
        passkeyOptions?: PublicKeyCredentialRequestOptionsJSON;
        totp: boolean;
      }
    | undefined
  > {
    const parts = splitToken(cookie);
    if (parts === undefined) return undefined;
    const j = parts.jurisdictionId;
    const found = await withTenant(this.ds, j, async (tx) => {
      const c = await liveStaffChallenge(tx, j, sha256(parts.token));
      const staff = c && (await staffById(tx, j, c.staffId));
      return c && staff && { challenge: c.webauthnChallenge, staff };
    });
    if (found === undefined || found.staff.disabledAt !== null) return undefined;
    const passkeyOptions = await this.authenticationOptions(found.staff, found.challenge);
    return {
      staff: found.staff,
      passkeyOptions: (passkeyOptions.allowCredentials ?? []).length > 0 ? passkeyOptions : undefined,
      totp: found.staff.totpSecret !== null,
    };
  }

  /**
   * The second step: a passkey assertion or a TOTP code for the half-done sign-in of `cookie`. On
   * success the session opens (cookie on `res`); a failure counts toward the lockout.
   */
  async secondFactor(
    cookie: string,
    factor: { kind: 'passkey'; response: AuthenticationResponseJSON } | { kind: 'totp'; code: string },
    res: Response,
  ): Promise<void> {
    const parts = splitToken(cookie);
    const gone = () => new FormRefused({ code: 'Your sign-in took too long. Start again.' }, 401);
    if (parts === undefined) throw gone();
    const j = parts.jurisdictionId;
    const challengeHash = sha256(parts.token);
    const found = await withTenant(this.ds, j, async (tx) => {
      const c = await liveStaffChallenge(tx, j, challengeHash);
      const staff = c && (await staffById(tx, j, c.staffId));
      return c && staff && { challenge: c.webauthnChallenge, staff };
    });
    if (found === undefined || found.staff.disabledAt !== null) throw gone();
    const staff = found.staff;
    if (isLocked(staff.lockedUntil, this.clock.now())) throw this.lockedRefusal();
    let ok = false;
    let counter: { credentialId: string; value: number } | undefined;
    let step: number | undefined;
    if (factor.kind === 'totp') {
      if (staff.totpSecret !== null) {
        const keys = await this.keyRing.forJurisdiction(j);
        const secret = keys.openJson<string>(`${TOTP_PURPOSE}:${staff.staffId}`, staff.totpSecret);
        step = totpStep(secret, factor.code, this.clock.now());
        ok = step !== undefined;
      }
    } else {
      const passkeys = await withTenant(this.ds, j, (tx) => passkeysOf(tx, j, staff.staffId));
      const passkey = passkeys.find((p) => p.credentialId === factor.response.id);
      if (passkey !== undefined) {
        const rp = relyingParty();
        const verified = await verifyAuthenticationResponse({
          response: factor.response,
          expectedChallenge: found.challenge,
          expectedOrigin: rp.origin,
          expectedRPID: rp.rpID,
          requireUserVerification: true,
          credential: {
            id: passkey.credentialId,
            publicKey: new Uint8Array(passkey.publicKey),
            counter: passkey.counter,
            transports: passkey.transports as never,
          },
        }).catch(() => undefined);
        if (verified?.verified === true) {
          ok = true;
          counter = { credentialId: passkey.credentialId, value: verified.authenticationInfo.newCounter };
        }
      }
    }
    await withTenant(this.ds, j, async (tx) => {
      // a TOTP code works once: the code of a step already used (a replay) fails like a wrong one
      if (ok && step !== undefined) ok = await claimTotpStep(tx, j, staff.staffId, step);
      if (!ok) {
        await this.failed(tx, staff, 'second-factor');
        return;
      }
      await endStaffChallenge(tx, j, challengeHash);
      if (counter !== undefined) await usePasskey(tx, j, counter.credentialId, counter.value);
      await this.signedIn(tx, staff, factor.kind, res);
    });
    if (!ok)
      throw new FormRefused(
        factor.kind === 'totp'
          ? { code: 'This code is not right. Enter the code your app shows now.' }
          : { passkey: 'The passkey was not accepted. Try again, or use your authenticator app.' },
        401,
      );
  }
}
