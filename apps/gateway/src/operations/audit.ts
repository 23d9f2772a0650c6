import {
  CallHandler,
  Injectable,
  SetMetadata,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HttpException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { catchError, concatMap, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import { withTenant } from '@uocava/database';
import type { OfficeRole } from '@uocava/domain';
import { recordAudit } from '@uocava/platform';
import { hashApiKey, OfficeAuthGuard, type OfficePrincipal } from '../office/office-auth';

export const AUDIT_ACTION_KEY = 'office-audit-action';
/** The audit-trail action name of a route, e.g. `ballot.accept`. */
export const AuditAction = (action: string) => SetMetadata(AUDIT_ACTION_KEY, action);

type OfficeRequest = Request & { principal?: OfficePrincipal };

/** Ids of what a route acts on, from its path parameters: never personal data. */
function targetOf(req: OfficeRequest): string | null {
  const params = req.params ?? {};
  if (typeof params.ballotId === 'string') return `ballot:${params.ballotId}`;
  if (typeof params.id === 'string') return `election:${params.id}`;
  return null;
}

function actionOf(reflector: Reflector, context: ExecutionContext): string {
  return (
    reflector.get<string | undefined>(AUDIT_ACTION_KEY, context.getHandler()) ??
    `${context.getClass().name}.${context.getHandler().name}`
  );
}

/**
 * The office guard of the operations routes, which also writes a `denied` audit entry for every
 * refused call (no key, unknown key, or a role the route does not allow), so no route can forget.
 */
@Injectable()
export class AuditedOfficeGuard extends OfficeAuthGuard {
  constructor(
    private readonly refl: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super(refl, dataSource);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    try {
      return await super.canActivate(context);
    } catch (error) {
      if (error instanceof HttpException) {
        const req = context.switchToHttp().getRequest<OfficeRequest>();
        await this.recordDenied(req, actionOf(this.refl, context), error.getStatus());
      }
      throw error;
    }
  }

  private async recordDenied(req: OfficeRequest, action: string, status: number): Promise<void> {
    const match = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(req.headers.authorization ?? '');
    const rows: Array<{ key_id: string; jurisdiction_id: string; role: OfficeRole }> = match
      ? await this.dataSource.query(
          `SELECT key_id, jurisdiction_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL`,
          [hashApiKey(match[1])],
        )
      : [];
    const details = { status, method: req.method };
    if (rows.length === 1) {
      await withTenant(this.dataSource, rows[0].jurisdiction_id, (tx) =>
        recordAudit(tx, {
          jurisdictionId: rows[0].jurisdiction_id,
          keyId: rows[0].key_id,
          role: rows[0].role,
          action,
          target: targetOf(req) ?? undefined,
          outcome: 'denied',
          details,
        }),
      );
      return;
    }
    // No valid key: no jurisdiction to attribute it to (the column is nullable for this case).
    await this.dataSource.query(
      `INSERT INTO audit_log (jurisdiction_id, key_id, role, action, target, outcome, details)
       VALUES (NULL, NULL, NULL, $1, $2, 'denied', $3)`,
      [action, targetOf(req), JSON.stringify(details)],
    );
  }
}

/**
 * Writes one audit entry per completed office call: `ok` when it answered 2xx, `error` (with the
 * HTTP status) when it failed. Runs after the guard, so the principal is known.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<OfficeRequest>();
    const action = actionOf(this.reflector, context);
    const write = async (outcome: 'ok' | 'error', status: number): Promise<void> => {
      // status 0: the route answered normally (its 2xx code is set after this runs)
      const p = req.principal;
      if (!p) return;
      await withTenant(this.ds, p.jurisdictionId, (tx) =>
        recordAudit(tx, {
          jurisdictionId: p.jurisdictionId,
          keyId: p.keyId,
          role: p.role,
          action,
          target: targetOf(req) ?? undefined,
          outcome,
          details: { status, method: req.method },
        }),
      );
    };
    return next.handle().pipe(
      concatMap(async (value: unknown) => {
        await write('ok', 0);
        return value;
      }),
      catchError(async (error: unknown) => {
        const status = error instanceof HttpException ? error.getStatus() : 500;
        await write('error', status).catch(() => undefined);
        throw error;
      }),
    );
  }
}
