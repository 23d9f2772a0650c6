import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import {
  endOfficeSession,
  openOfficeSession,
  recordAnonymousDenial,
  recordAudit,
  touchOfficeSession,
  withTenant,
  type SqlExecutor,
} from '@uocava/database';
import { isJurisdictionId, type OfficeRole } from '@uocava/domain';
import { publicBaseUrl } from '@uocava/packets';
import { findOfficeKey, type OfficePrincipal } from '../../common/office-auth';

export const SESSION_COOKIE = 'uocava_office';
/** A session ends this long after sign-in, whatever happens. */
export const SESSION_MAX_HOURS = 12;
/** ... or after this long without a page. */
export const SESSION_IDLE_MINUTES = 60;

/** A signed-in clerk: the office key's (or staff member's) principal, plus what the pages show and need. */
export interface OfficeSession extends OfficePrincipal {
  jurisdictionName: string;
  /** the anti-forgery token of this session, put in every form that changes something */
  csrf: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The session's anti-forgery token: derived from the session secret, so nothing else is stored. */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`uocava-csrf\u0000${sessionToken}`, 'utf8').digest('base64url');
}

function cookieParts(req: Request): { jurisdictionId: string; token: string } | null {
  const raw = parseCookies(req.headers.cookie ?? '')[SESSION_COOKIE];
  if (raw === undefined) return null;
  const dot = raw.indexOf('.');
  const jurisdictionId = raw.slice(0, dot);
  const token = raw.slice(dot + 1);
  if (dot < 1 || !isJurisdictionId(jurisdictionId) || !TOKEN.test(token)) return null;
  return { jurisdictionId, token };
}

/**
 * Clerk sessions for the office pages. Signing in with an office key opens a session: a random
 * secret in an httpOnly, SameSite=Strict cookie scoped to /office (Secure when the site is https),
 * stored only as its SHA-256 in `office_sessions` under the jurisdiction's row-level security. The
 * cookie names the jurisdiction, so a session is looked up inside its tenant only. Every form that
 * changes something carries the session's anti-forgery token.
 */
@Injectable()
export class OfficeSessions {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private cookie(value: string, maxAgeSeconds: number): string {
    return serializeCookie(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: publicBaseUrl().startsWith('https://'),
      path: '/office',
      maxAge: maxAgeSeconds,
    });
  }

  /** Opens a session for a valid office key; null (and a `denied` audit entry) for anything else. */
  async signIn(key: string, res: Response): Promise<OfficePrincipal | null> {
    const principal = /^[A-Za-z0-9_-]{20,200}$/.test(key) ? await findOfficeKey(this.ds, key) : undefined;
    if (principal === undefined) {
      await recordAnonymousDenial(this.ds, {
        action: 'office.sign-in',
        target: null,
        details: { status: 401, method: 'POST', via: 'web' },
      });
      return null;
    }
    const token = randomBytes(32).toString('base64url');
    await withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      await openOfficeSession(tx, {
        sessionHash: sha256(token),
        jurisdictionId: principal.jurisdictionId,
        keyId: principal.keyId,
        role: principal.role,
        maxHours: SESSION_MAX_HOURS,
      });
      await recordAudit(tx, {
        ...principal,
        action: 'office.sign-in',
        outcome: 'ok',
        details: { via: 'web' },
      });
    });
    this.setSessionCookie(res, principal.jurisdictionId, token);
    return principal;
  }

  private setSessionCookie(res: Response, jurisdictionId: string, token: string): void {
    res.setHeader('Set-Cookie', this.cookie(`${jurisdictionId}.${token}`, SESSION_MAX_HOURS * 3600));
  }

  /**
   * Opens a session for a staff member who has just passed their password and second factor, in
   * the caller's transaction `tx` (scoped to the staff member's jurisdiction, where the sign-in and
   * its audit entry are written too). The cookie is set on `res`.
   */
  async openStaffSession(
    tx: SqlExecutor,
    staff: { staffId: string; jurisdictionId: string; role: OfficeRole },
    res: Response,
  ): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    await openOfficeSession(tx, {
      sessionHash: sha256(token),
      jurisdictionId: staff.jurisdictionId,
      keyId: null,
      staffId: staff.staffId,
      role: staff.role,
      maxHours: SESSION_MAX_HOURS,
    });
    this.setSessionCookie(res, staff.jurisdictionId, token);
  }

  /** The session of a request, or null (none, expired, idle too long, ended, or its key revoked). */
  async current(req: Request): Promise<OfficeSession | null> {
    const parts = cookieParts(req);
    if (parts === null) return null;
    const seen = await withTenant(this.ds, parts.jurisdictionId, (tx) =>
      touchOfficeSession(tx, parts.jurisdictionId, sha256(parts.token), SESSION_IDLE_MINUTES),
    );
    if (seen === undefined) return null;
    return {
      keyId: seen.keyId,
      ...(seen.staffId === null ? {} : { staffId: seen.staffId, displayName: seen.displayName ?? '' }),
      jurisdictionId: parts.jurisdictionId,
      role: seen.role,
      jurisdictionName: seen.jurisdictionName,
      csrf: csrfTokenFor(parts.token),
    };
  }

  /** Whether a form's anti-forgery token belongs to the request's session. */
  checkCsrf(req: Request, offered: unknown): boolean {
    const parts = cookieParts(req);
    if (parts === null || typeof offered !== 'string') return false;
    const expected = Buffer.from(csrfTokenFor(parts.token));
    const given = Buffer.from(offered);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  async signOut(req: Request, res: Response, session: OfficeSession): Promise<void> {
    const parts = cookieParts(req);
    if (parts !== null)
      await withTenant(this.ds, session.jurisdictionId, async (tx) => {
        await endOfficeSession(tx, session.jurisdictionId, sha256(parts.token));
        await recordAudit(tx, {
          keyId: session.keyId,
          staffId: session.staffId ?? null,
          jurisdictionId: session.jurisdictionId,
          role: session.role,
          action: 'office.sign-out',
          outcome: 'ok',
          details: { via: 'web' },
        });
      });
    res.setHeader('Set-Cookie', this.cookie('', 0));
  }
}
