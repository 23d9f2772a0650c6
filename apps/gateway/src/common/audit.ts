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
import { from, lastValueFrom, type Observable } from 'rxjs';
import type { DataSource } from 'typeorm';
import {
  outsideCommitHook,
  recordAnonymousDenial,
  recordAudit,
  withCommitHook,
  withTenant,
  type CommitHook,
} from '@uocava/database';
import { bearerKey, findOfficeKey, OfficeAuthGuard, type OfficePrincipal } from './office-auth';

export const AUDIT_ACTION_KEY = 'office-audit-action';
/** The audit-trail action name of a route, e.g. `ballot.accept`. */
export const AuditAction = (action: string) => SetMetadata(AUDIT_ACTION_KEY, action);

export const AUDIT_OWN_OUTCOME_KEY = 'office-audit-own-outcome';
/**
 * For a route that writes its own entry with its outcome (e.g. `verified`) inside its transaction
 * (`recordAudit`): the interceptor then adds no `ok` entry, only `error` when the call fails.
 */
export const AuditOwnOutcome = () => SetMetadata(AUDIT_OWN_OUTCOME_KEY, true);

type OfficeRequest = Request & { principal?: OfficePrincipal };

/** Ids of what a route acts on, from its path parameters: never personal data. */
function targetOf(req: OfficeRequest): string | null {
  const params = req.params ?? {};
  if (typeof params.ballotId === 'string') return `ballot:${params.ballotId}`;
  if (typeof params.requestId === 'string') return `ballot-request:${params.requestId}`;
  if (typeof params.webhookId === 'string') return `webhook:${params.webhookId}`;
  if (typeof params.batchId === 'string') return `print-batch:${params.batchId}`;
  if (typeof params.id === 'string') return `election:${params.id}`;
  if (typeof params.electionId === 'string') return `election:${params.electionId}`;
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
    const key = bearerKey(req);
    const known = key === undefined ? undefined : await findOfficeKey(this.dataSource, key);
    const details = { status, method: req.method };
    if (known !== undefined) {
      await withTenant(this.dataSource, known.jurisdictionId, (tx) =>
        recordAudit(tx, {
          jurisdictionId: known.jurisdictionId,
          keyId: known.keyId,
          role: known.role,
          action,
          target: targetOf(req) ?? undefined,
          outcome: 'denied',
          details,
        }),
      );
      return;
    }
    // No valid key: no jurisdiction to attribute it to (the column is nullable for this case; the
    // audit_log policy admits exactly this shape of row without a tenant, and nobody but the owner
    // reads it back).
    await recordAnonymousDenial(this.dataSource, { action, target: targetOf(req), details });
  }
}

/**
 * Writes one audit entry per completed office call, `ok` or `error` (with the HTTP status). Runs
 * after the guard, so the principal is known.
 *
 * The `ok` entry commits in the same transaction as the action: the call runs under a commit hook
 * (`withCommitHook`), and the first tenant transaction of the call to commit writes the entry just
 * before its COMMIT. So an action cannot commit without its audit entry, and an action that rolls
 * back leaves no `ok` entry. Only a call that committed nothing (none of the operations routes
 * today) gets its `ok` entry afterwards, on its own. A failed call gets an `error` entry on its own
 * transaction, after the action's transaction rolled back.
 */
/** One staff action to audit: who, what, on which target; `via: 'web'` for the clerk's pages. */
export interface AuditedCall {
  jurisdictionId: string;
  keyId: string | null;
  /** the named staff member who acted (a staff session), if any */
  staffId?: string;
  role: OfficePrincipal['role'];
  action: string;
  target?: string;
  method: string;
  via?: 'web';
  /** the action writes its own outcome entry in its transaction (review decisions) */
  ownOutcome?: boolean;
}

/**
 * Runs one staff action with its audit entries: the `ok` entry commits in the action's own
 * transaction (commit hook), or on its own if the action committed nothing; a failed action gets
 * an `error` entry with its HTTP status, after its transaction rolled back.
 */
export async function runAudited<T>(ds: DataSource, call: AuditedCall, fn: () => Promise<T>): Promise<T> {
  const entry = (outcome: 'ok' | 'error', status: number) => ({
    jurisdictionId: call.jurisdictionId,
    keyId: call.keyId,
    staffId: call.staffId ?? null,
    role: call.role,
    action: call.action,
    target: call.target,
    outcome,
    // status 0: the action answered normally (an HTTP route sets its 2xx code after this runs)
    details: { status, method: call.method, ...(call.via ? { via: call.via } : {}) },
  });
  const hook: CommitHook = {
    jurisdictionId: call.jurisdictionId,
    committed: false,
    beforeCommit: (tx) => recordAudit(tx, entry('ok', 0)),
  };
  // an entry of its own: outside the hook, which would otherwise add the `ok` entry to it
  const write = (outcome: 'ok' | 'error', status: number): Promise<void> =>
    outsideCommitHook(() =>
      withTenant(ds, call.jurisdictionId, (tx) => recordAudit(tx, entry(outcome, status))),
    );
  try {
    // the action (and every transaction it opens) runs inside the hook's async context
    const value = call.ownOutcome === true ? await fn() : await withCommitHook(hook, fn);
    if (call.ownOutcome !== true && !hook.committed) await write('ok', 0);
    return value;
  } catch (error) {
    const status = error instanceof HttpException ? error.getStatus() : 500;
    await write('error', status).catch(() => undefined);
    throw error;
  }
}

/**
 * Writes one audit entry per completed office call, `ok` or `error` (with the HTTP status), through
 * `runAudited`. Runs after the guard, so the principal is known.
 *
 * The `ok` entry commits in the same transaction as the action: the first tenant transaction of
 * the call to commit writes the entry just before its COMMIT. So an action cannot commit without
 * its audit entry, and an action that rolls back leaves no `ok` entry. Only a call that committed
 * nothing gets its `ok` entry afterwards, on its own.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<OfficeRequest>();
    const p = req.principal;
    if (!p) return next.handle();
    const call: AuditedCall = {
      jurisdictionId: p.jurisdictionId,
      keyId: p.keyId,
      staffId: p.staffId,
      role: p.role,
      action: actionOf(this.reflector, context),
      target: targetOf(req) ?? undefined,
      method: req.method,
      ownOutcome:
        this.reflector.get<boolean | undefined>(AUDIT_OWN_OUTCOME_KEY, context.getHandler()) === true,
    };
    return from(runAudited(this.ds, call, () => lastValueFrom(next.handle())));
  }
}
