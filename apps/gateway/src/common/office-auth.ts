import {
  CanActivate,
  createParamDecorator,
  Injectable,
  SetMetadata,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { activeApiKey, withTenantOf } from '@uocava/database';
import type { OfficeRole } from '@uocava/domain';
import { ProblemException } from '@uocava/platform';

/**
 * Who is calling an office route: resolved from the bearer key or the web session, never from the
 * request body. A key's principal has its `keyId`; a named staff member's session has `staffId`
 * and `displayName` instead (and `keyId` null).
 */
export interface OfficePrincipal {
  keyId: string | null;
  staffId?: string;
  displayName?: string;
  jurisdictionId: string;
  role: OfficeRole;
}

/** Who acted, as stored in `created_by`-like columns: the key's id, or `staff:<id>`. */
export function actorId(p: OfficePrincipal): string {
  if (p.staffId !== undefined) return `staff:${p.staffId}`;
  if (p.keyId === null) throw new Error('an office principal without a key or a staff member');
  return p.keyId;
}

/** Who acted, labelled: `key:<id>` or `staff:<id>`. */
export function actorLabel(p: OfficePrincipal): string {
  return p.staffId !== undefined ? `staff:${p.staffId}` : `key:${actorId(p)}`;
}

/** The audit entry's "who" of a principal. */
export function auditWho(p: OfficePrincipal): { keyId: string | null; staffId: string | null } {
  return { keyId: p.keyId, staffId: p.staffId ?? null };
}

export const ROLES_KEY = 'office-roles';
/** The roles allowed on a route. Every office route declares them; the guard refuses routes that don't. */
export const Roles = (...roles: OfficeRole[]) => SetMetadata(ROLES_KEY, roles);

export const Principal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): OfficePrincipal =>
    ctx.switchToHttp().getRequest<Request & { principal: OfficePrincipal }>().principal,
);

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The bearer key of a request, if it has the shape of one. */
export function bearerKey(req: Request): string | undefined {
  return /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '')?.[1];
}

/**
 * The active office key behind `key`: its jurisdiction comes from the tenant directory (by the
 * key's hash), and the key itself is read inside that jurisdiction's scope.
 */
export async function findOfficeKey(ds: DataSource, key: string): Promise<OfficePrincipal | undefined> {
  const keyHash = hashApiKey(key);
  return withTenantOf(ds, 'api-key', keyHash, (tx) => activeApiKey(tx, keyHash));
}

const unauthorized = () =>
  new ProblemException(
    401,
    'unauthorized',
    'Sign-in required',
    'Send a valid office key as `Authorization: Bearer <key>`.',
  );

@Injectable()
export class OfficeAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const roles = this.reflector.getAllAndOverride<OfficeRole[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles || roles.length === 0) throw new Error('office route without @Roles');
    const req = context.switchToHttp().getRequest<Request & { principal?: OfficePrincipal }>();
    const key = bearerKey(req);
    if (key === undefined) throw unauthorized();
    const principal = await findOfficeKey(this.ds, key);
    if (principal === undefined) throw unauthorized();
    if (!roles.includes(principal.role)) {
      throw new ProblemException(
        403,
        'forbidden',
        'Not allowed',
        `This action needs the role ${roles.join(' or ')}.`,
      );
    }
    req.principal = principal;
    return true;
  }
}
