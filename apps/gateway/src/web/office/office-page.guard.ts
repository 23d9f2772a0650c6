import {
  Catch,
  createParamDecorator,
  HttpException,
  Injectable,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { recordAudit, withTenant } from '@uocava/database';
import type { OfficeRole } from '@uocava/domain';
import { ProblemException } from '@uocava/platform';
import { ROLES_KEY } from '../../common/office-auth';
import { OfficeSessions, type OfficeSession } from './sessions';

type SessionRequest = Request & { officeSession?: OfficeSession };

/** The roles that decide (approve, reject, acknowledge) and every office role. */
export const DECIDERS: OfficeRole[] = ['admin', 'clerk'];
export const ALL_ROLES: OfficeRole[] = ['admin', 'clerk', 'auditor'];

/** Thrown when an office page needs a session: the browser is sent to the sign-in page. */
export class SignInRequired extends HttpException {
  constructor(readonly next: string) {
    super('sign-in required', 401);
  }
}

@Catch(SignInRequired)
export class SignInRedirect implements ExceptionFilter {
  catch(exception: SignInRequired, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const next = exception.next.startsWith('/office') ? exception.next : '/office';
    res.redirect(303, `/office/sign-in?next=${encodeURIComponent(next)}`);
  }
}

const forbidden = (detail: string) => new ProblemException(403, 'forbidden', 'Not allowed', detail);

/**
 * The office pages' guard: a live session (else to the sign-in page), one of the roles the route
 * declares (else 403, written to the audit trail), and on every form post the session's
 * anti-forgery token (else 403).
 */
@Injectable()
export class OfficePageGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: OfficeSessions,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<OfficeRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) throw new Error('office page without @Roles');
    const req = context.switchToHttp().getRequest<SessionRequest>();
    const session = await this.sessions.current(req);
    if (session === null) throw new SignInRequired(req.method === 'GET' ? req.originalUrl : '/office');
    if (req.method !== 'GET') {
      const body = req.body as Record<string, unknown> | undefined;
      if (!this.sessions.checkCsrf(req, body?._csrf))
        throw forbidden('This form is out of date. Go back, reload the page and try again.');
    }
    if (!roles.includes(session.role)) {
      await withTenant(this.ds, session.jurisdictionId, (tx) =>
        recordAudit(tx, {
          jurisdictionId: session.jurisdictionId,
          keyId: session.keyId,
          staffId: session.staffId ?? null,
          role: session.role,
          action: `office-page:${req.method} ${req.route?.path ?? req.path}`,
          outcome: 'denied',
          details: { status: 403, method: req.method, via: 'web' },
        }),
      );
      throw forbidden(`This needs the role ${roles.join(' or ')}.`);
    }
    req.officeSession = session;
    return true;
  }
}

/** The signed-in clerk's session (set by OfficePageGuard). */
export const Session = createParamDecorator((_: unknown, ctx: ExecutionContext): OfficeSession => {
  const session = ctx.switchToHttp().getRequest<SessionRequest>().officeSession;
  if (session === undefined) throw new Error('office page without OfficePageGuard');
  return session;
});
