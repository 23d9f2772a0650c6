import {
  Body,
  Catch,
  Controller,
  Get,
  HttpException,
  Injectable,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
  createParamDecorator,
  type ArgumentsHost,
  type CanActivate,
  type ExceptionFilter,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import type { DataSource } from 'typeorm';
import { moveActDay45, type IsoDate, type OfficeRole } from '@uocava/domain';
import { ProblemException, recordAudit, type ProblemBody } from '@uocava/platform';
import { withTenant } from '@uocava/database';
import { ROLES_KEY, Roles } from '../../office/office-auth';
import { runAudited } from '../../operations/audit';
import { auditLogCsv, OperationsService } from '../../operations/operations.service';
import { PacketAlertsService } from '../../packets/packet-alerts.service';
import { ReviewService } from '../../review/review.service';
import type { FieldErrors } from '../components';
import { Pages } from '../pages';
import { LookupThrottle } from '../rate-limit';
import {
  DecisionsPage,
  OverviewPage,
  ReportsPage,
  ReturnsPage,
  ReviewPage,
  SignInPage,
  WorkQueuePage,
  type OverviewData,
  type QueueItem,
  type ReturnOutcome,
} from './office.pages';
import { OfficeViews } from './office.views';
import { OfficeSessions, type OfficeSession } from './sessions';

type SessionRequest = Request & { officeSession?: OfficeSession };

/** Thrown when an office page needs a session: the browser is sent to the sign-in page. */
class SignInRequired extends HttpException {
  constructor(readonly next: string) {
    super('sign-in required', 401);
  }
}

@Catch(SignInRequired)
class SignInRedirect implements ExceptionFilter {
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

const Session = createParamDecorator((_: unknown, ctx: ExecutionContext): OfficeSession => {
  const session = ctx.switchToHttp().getRequest<SessionRequest>().officeSession;
  if (session === undefined) throw new Error('office page without OfficePageGuard');
  return session;
});

const DECIDERS: OfficeRole[] = ['admin', 'clerk'];
const ALL: OfficeRole[] = ['admin', 'clerk', 'auditor'];

function str(body: unknown, name: string): string {
  const v = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** An instant of a form's date: now when it is today, else noon UTC of that day. */
function instantOf(date: string): string {
  return date === today() ? new Date().toISOString() : `${date}T12:00:00Z`;
}

/** The message of a refused action, for the page (problem+json detail, or the first field's message). */
function problemMessage(error: unknown): string | undefined {
  if (!(error instanceof HttpException) || error.getStatus() >= 500) return undefined;
  const body = error.getResponse() as ProblemBody | string;
  if (typeof body === 'string') return body;
  return body.errors?.[0]?.message ?? body.detail ?? body.title;
}

const DONE: Record<string, string> = {
  approved: 'The request was approved: the ballot is being prepared.',
  'request-rejected': 'The request was rejected. The voter is told why.',
  accepted: 'The ballot was accepted.',
  'ballot-rejected': 'The ballot was rejected. The voter is told why.',
  'cure-requested': 'The voter is asked to fix the problem.',
  cured: 'Recorded: the voter fixed the problem. You can accept the ballot now.',
  transmitted: 'Recorded as sent.',
};

/**
 * The clerk's pages: sign-in with an office key, the overview (45-day status, counts, returns per
 * day), the review queue, returned envelopes, decisions, the mail and fax queue, and reports.
 * Each action calls the same services as the office API and is written to the audit trail in the
 * action's own transaction.
 */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class OfficePagesController {
  constructor(
    private readonly pages: Pages,
    private readonly sessions: OfficeSessions,
    private readonly views: OfficeViews,
    private readonly ops: OperationsService,
    private readonly review: ReviewService,
    private readonly packetAlerts: PacketAlertsService,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  private send(
    res: Response,
    s: OfficeSession,
    path: string,
    title: string,
    body: VNode,
    status = 200,
  ): void {
    this.pages.send(res, {
      title,
      area: 'office',
      path,
      status,
      office: { jurisdictionName: s.jurisdictionName, role: s.role, csrf: s.csrf },
      body,
    });
  }

  /** Runs an office action with its audit entry, as the office API does (`via: web` in the entry). */
  private act<T>(
    s: OfficeSession,
    action: string,
    target: string | undefined,
    fn: () => Promise<T>,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<T> {
    return runAudited(
      this.ds,
      { jurisdictionId: s.jurisdictionId, keyId: s.keyId, role: s.role, action, target, method, via: 'web' },
      fn,
    );
  }

  // ---- sign-in -----------------------------------------------------------------------------------

  @Get('sign-in')
  signInForm(@Query('next') next: string | undefined, @Res() res: Response): void {
    this.pages.send(res, {
      title: 'Sign in',
      area: 'office',
      body: <SignInPage next={typeof next === 'string' && next.startsWith('/office') ? next : '/office'} />,
    });
  }

  @Post('sign-in')
  @UseGuards(LookupThrottle)
  async signIn(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const next = str(body, 'next');
    const principal = await this.sessions.signIn(str(body, 'key'), res);
    if (principal === null) {
      this.pages.send(res, {
        title: 'Error: sign in',
        area: 'office',
        status: 401,
        body: <SignInPage error="This office key is not valid. Check it and try again." next={next} />,
      });
      return;
    }
    res.redirect(303, /^\/office(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&_-]*)?$/.test(next) ? next : '/office');
  }

  @Post('sign-out')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async signOut(@Req() req: Request, @Session() s: OfficeSession, @Res() res: Response): Promise<void> {
    await this.sessions.signOut(req, res, s);
    res.redirect(303, '/office/sign-in');
  }

  // ---- overview ----------------------------------------------------------------------------------

  @Get()
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async overview(@Session() s: OfficeSession, @Query('election') wanted: unknown, @Res() res: Response) {
    const elections = await this.views.elections(s.jurisdictionId);
    const election =
      elections.find((e) => e.electionId === wanted) ?? this.views.defaultElection(elections, today());
    const [counts, packetAlerts] = await Promise.all([
      this.views.counts(s.jurisdictionId, election?.electionId),
      this.packetAlerts.open(s.jurisdictionId),
    ]);
    const data: OverviewData = {
      elections,
      election,
      ...counts,
      packetAlerts,
      csrf: s.csrf,
      canAcknowledge: DECIDERS.includes(s.role),
    };
    if (election !== undefined) {
      const [moveAct, dashboard] = await Promise.all([
        this.ops.moveAct(s, election.electionId, undefined),
        this.ops.dashboard(s, election.electionId),
      ]);
      data.moveAct = { ...moveAct, day45: moveActDay45(moveAct.electionDate as IsoDate) };
      data.dashboard = dashboard;
    }
    this.send(res, s, '/office', 'Overview', <OverviewPage data={data} />);
  }

  @Post('packet-alerts/:regenerationId/acknowledge')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async acknowledgePacketAlert(
    @Session() s: OfficeSession,
    @Param('regenerationId') id: string,
    @Res() res: Response,
  ): Promise<void> {
    await this.act(s, 'packet-alert.acknowledge', `packet-alert:${id}`, () =>
      this.packetAlerts.acknowledge(s.jurisdictionId, id, `key:${s.keyId}`),
    );
    res.redirect(303, '/office');
  }

  // ---- review ------------------------------------------------------------------------------------

  private async reviewPage(res: Response, s: OfficeSession, flash?: string, status = 200): Promise<void> {
    const { items } = await this.review.queue(s);
    this.send(
      res,
      s,
      '/office/review',
      'Review',
      <ReviewPage items={items} csrf={s.csrf} canDecide={DECIDERS.includes(s.role)} flash={flash} />,
      status,
    );
  }

  @Get('review')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async reviewQueue(@Session() s: OfficeSession, @Query('done') done: unknown, @Res() res: Response) {
    await this.reviewPage(res, s, typeof done === 'string' ? DONE[done] : undefined);
  }

  @Post('review/:requestId/approve')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async approve(
    @Session() s: OfficeSession,
    @Param('requestId') id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.perform(
      res,
      async () => {
        // the review service writes its own audit entry in the decision's transaction
        await this.review.approve(s, id, { rollRecordId: str(body, 'rollRecordId') });
        return '/office/review?done=approved';
      },
      (message, status) => this.reviewPage(res, s, message, status),
    );
  }

  @Post('review/:requestId/reject')
  @UseGuards(OfficePageGuard)
  @Roles(...DECIDERS)
  async rejectRequest(
    @Session() s: OfficeSession,
    @Param('requestId') id: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.perform(
      res,
      async () => {
        await this.review.reject(s, id, { reasons: [str(body, 'reason')] });
        return '/office/review?done=request-rejected';
      },
      (message, status) => this.reviewPage(res, s, message, status),
    );
  }

  /**
   * Runs a form's action: on success, back to the list (303, so a reload does not post again); when
   * refused (4xx), the list again with the reason on top.
   */
  private async perform(
    res: Response,
    action: () => Promise<string>,
    showRefusal: (message: string, status: number) => Promise<void>,
  ): Promise<void> {
    let doneUrl: string;
    try {
      doneUrl = await action();
    } catch (error) {
      const message = problemMessage(error);
      if (message === undefined) throw error;
      await showRefusal(`Not done: ${message}`, (error as HttpException).getStatus());
      return;
    }
    res.redirect(303, doneUrl);
  }

  // ---- returns -----------------------------------------------------------------------------------

  @Get('returns')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  returnsForm(@Session() s: OfficeSession, @Res() res: Response): void {
    this.send(
      res,
      s,
      '/office/returns',
      'Returned envelopes',
      <ReturnsPage csrf={s.csrf} canRecord={s.role === 'clerk'} errors={{}} values={{}} />,
    );
  }

  @Post('returns')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async recordReturn(@Session() s: OfficeSession, @Body() body: unknown, @Res() res: Response) {
    const values = { method: str(body, 'method'), postmarkDate: str(body, 'postmarkDate') };
    const barcode = str(body, 'barcode');
    let outcome: ReturnOutcome | undefined;
    const errors: FieldErrors = {};
    let status = 200;
    try {
      const r = await this.act(s, 'ballot.return', `ballot:${barcode.toLowerCase()}`, () =>
        this.ops.recordReturn(s, {
          barcode,
          receivedAt: new Date().toISOString(),
          method: values.method,
          ...(values.postmarkDate ? { postmarkDate: values.postmarkDate } : {}),
        }),
      );
      outcome = {
        ballotId: r.ballotId,
        status: r.status,
        timely: r.timely !== false,
        alreadyRecorded: r.alreadyRecorded,
        lateReason: r.lateReason,
      };
    } catch (error) {
      const message = problemMessage(error);
      if (message === undefined) throw error;
      status = (error as HttpException).getStatus();
      const body = (error as HttpException).getResponse() as ProblemBody;
      const field = body.errors?.[0]?.field;
      errors[field === 'method' || field === 'postmarkDate' ? field : 'barcode'] =
        status === 404
          ? 'No ballot of your office has this barcode. Check the envelope and scan it again.'
          : message;
    }
    this.send(
      res,
      s,
      '/office/returns',
      outcome ? 'Returned envelopes' : 'Error: returned envelopes',
      <ReturnsPage csrf={s.csrf} canRecord outcome={outcome} errors={errors} values={values} />,
      status,
    );
  }

  // ---- decisions ---------------------------------------------------------------------------------

  private async decisionsPage(res: Response, s: OfficeSession, flash?: string, status = 200): Promise<void> {
    const ballots = await this.views.awaitingDecision(s.jurisdictionId);
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    this.send(
      res,
      s,
      '/office/ballots',
      'Decisions',
      <DecisionsPage
        ballots={ballots}
        csrf={s.csrf}
        canDecide={s.role === 'clerk'}
        flash={flash}
        defaultCureDeadline={inAWeek}
      />,
      status,
    );
  }

  @Get('ballots')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async decisions(@Session() s: OfficeSession, @Query('done') done: unknown, @Res() res: Response) {
    await this.decisionsPage(res, s, typeof done === 'string' ? DONE[done] : undefined);
  }

  @Post('ballots/:ballotId/:decision')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async decide(
    @Session() s: OfficeSession,
    @Param('ballotId') ballotId: string,
    @Param('decision') decision: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const target = `ballot:${ballotId}`;
    const run = async (): Promise<string> => {
      switch (decision) {
        case 'accept':
          await this.act(s, 'ballot.accept', target, () => this.ops.accept(s, ballotId));
          return 'accepted';
        case 'reject':
          await this.act(s, 'ballot.reject', target, () =>
            this.ops.reject(s, ballotId, { reasons: [str(body, 'reason')] }),
          );
          return 'ballot-rejected';
        case 'request-cure': {
          const date = str(body, 'cureDeadline');
          const offset = /^\d{4}-\d{2}-\d{2}$/.test(date)
            ? await this.views.utcOffsetOfBallot(s.jurisdictionId, ballotId)
            : 'Z';
          await this.act(s, 'ballot.request-cure', target, () =>
            this.ops.requestCure(s, ballotId, {
              reasons: [str(body, 'reason')],
              cureDeadline: `${date}T23:59:59${offset}`,
            }),
          );
          return 'cure-requested';
        }
        case 'cure':
          await this.act(s, 'ballot.cure', target, () => this.ops.cure(s, ballotId, {}));
          return 'cured';
        default:
          throw new ProblemException(404, 'not-found', 'Not found', 'There is no such decision.');
      }
    };
    await this.perform(
      res,
      async () => `/office/ballots?done=${await run()}`,
      (message, status) => this.decisionsPage(res, s, message, status),
    );
  }

  // ---- mail and fax work queue -------------------------------------------------------------------

  private async queuePage(res: Response, s: OfficeSession, flash?: string, status = 200): Promise<void> {
    const { items } = await this.ops.workQueue(s);
    const list: QueueItem[] = items.map((i) => ({
      ballotId: String(i.ballotId),
      deliveryMethod: String(i.deliveryMethod),
      mailingCountry: String(i.mailingCountry),
      paperSize: String(i.paperSize),
      pageCount: Number(i.pageCount),
      generatedAt: i.generatedAt instanceof Date ? i.generatedAt.toISOString() : String(i.generatedAt),
    }));
    this.send(
      res,
      s,
      '/office/work-queue',
      'Mail and fax',
      <WorkQueuePage items={list} csrf={s.csrf} canAct={s.role === 'clerk'} flash={flash} today={today()} />,
      status,
    );
  }

  @Get('work-queue')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async workQueue(@Session() s: OfficeSession, @Query('done') done: unknown, @Res() res: Response) {
    await this.queuePage(res, s, typeof done === 'string' ? DONE[done] : undefined);
  }

  @Post('work-queue/:ballotId/transmitted')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async transmitted(
    @Session() s: OfficeSession,
    @Param('ballotId') ballotId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const date = str(body, 'transmittedOn');
    await this.perform(
      res,
      async () => {
        await this.act(s, 'ballot.transmitted', `ballot:${ballotId}`, () =>
          this.ops.transmitted(s, ballotId, {
            method: str(body, 'method'),
            transmittedAt: /^\d{4}-\d{2}-\d{2}$/.test(date) ? instantOf(date) : date,
          }),
        );
        return '/office/work-queue?done=transmitted';
      },
      (message, status) => this.queuePage(res, s, message, status),
    );
  }

  // ---- reports -----------------------------------------------------------------------------------

  @Get('reports')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async reports(@Session() s: OfficeSession, @Res() res: Response) {
    const elections = await this.views.elections(s.jurisdictionId);
    this.send(
      res,
      s,
      '/office/reports',
      'Reports',
      <ReportsPage elections={elections} canAudit={s.role === 'auditor' || s.role === 'admin'} />,
    );
  }

  @Get('reports/audit-log.csv')
  @UseGuards(OfficePageGuard)
  @Roles('auditor', 'admin')
  async auditCsv(@Session() s: OfficeSession, @Res() res: Response) {
    const { items } = await this.act(s, 'audit-log.export', undefined, () => this.ops.auditLog(s, {}), 'GET');
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', `attachment; filename="audit-log-${s.jurisdictionId}.csv"`)
      .send(auditLogCsv(items));
  }

  @Get('reports/:electionId/eavs-section-b.csv')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async eavs(@Session() s: OfficeSession, @Param('electionId') id: string, @Res() res: Response) {
    const { fileName, csv } = await this.act(
      s,
      'report.eavs-section-b',
      `election:${id}`,
      () => this.ops.eavsSectionB(s, id),
      'GET',
    );
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('content-disposition', `attachment; filename="${fileName}"`)
      .send(csv);
  }

  @Get('reports/:electionId/event-log.json')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL)
  async eventLog(@Session() s: OfficeSession, @Param('electionId') id: string, @Res() res: Response) {
    const log = await this.act(
      s,
      'report.event-log',
      `election:${id}`,
      () => this.ops.eventLog(s, id),
      'GET',
    );
    res
      .status(200)
      .type('application/json')
      .setHeader('content-disposition', `attachment; filename="event-log-${id}.json"`)
      .send(JSON.stringify(log, null, 2));
  }
}
