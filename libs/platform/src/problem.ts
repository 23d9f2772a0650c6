import { ArgumentsHost, Catch, HttpException, HttpStatus, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isInfrastructureError } from '@uocava/messaging';

/** Seconds a client is asked to wait (Retry-After) while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

/** One bad field, for `application/problem+json` answers (RFC 9457 `errors` extension). */
export interface ProblemField {
  field: string;
  pointer: string;
  code: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemField[];
  [extension: string]: unknown;
}

const PROBLEM_BASE = 'https://uocava.example/problems/';

/** An HTTP error answered as `application/problem+json`. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    slug: string,
    title: string,
    detail?: string,
    extra: Partial<ProblemBody> = {},
  ) {
    super({ type: `${PROBLEM_BASE}${slug}`, title, status, detail, ...extra } satisfies ProblemBody, status);
  }
}

export const invalidRequest = (errors: ProblemField[], detail = 'Some fields need your attention.') =>
  new ProblemException(400, 'invalid-request', 'Your request has problems', detail, { errors });
export const notFound = (what: string) =>
  new ProblemException(404, 'not-found', 'Not found', `${what} was not found.`);

function bodyFor(exception: unknown): ProblemBody {
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (typeof response === 'object' && response !== null && 'type' in response && 'title' in response) {
      return response as ProblemBody;
    }
    const type = (exception as { type?: string }).type;
    if (status === HttpStatus.PAYLOAD_TOO_LARGE || type === 'entity.too.large') {
      return {
        type: `${PROBLEM_BASE}too-large`,
        title: 'Request too large',
        status: 413,
        detail: 'The request body is larger than allowed.',
      };
    }
    const message = typeof response === 'string' ? response : (response as { message?: unknown }).message;
    return {
      type: `${PROBLEM_BASE}${status === 404 ? 'not-found' : 'http-error'}`,
      title: HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase() ?? 'Error',
      status,
      detail: Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : undefined,
    };
  }
  // body-parser errors (malformed JSON, too large, bad charset) carry a status of their own
  const raw = exception as { status?: number; type?: string };
  if (typeof raw?.status === 'number' && raw.status >= 400 && raw.status < 500) {
    if (raw.status === 413) {
      return {
        type: `${PROBLEM_BASE}too-large`,
        title: 'Request too large',
        status: 413,
        detail: 'The request body is larger than allowed.',
      };
    }
    if (raw.type === 'entity.parse.failed') {
      return {
        type: `${PROBLEM_BASE}invalid-request`,
        title: 'Your request has problems',
        status: 400,
        detail: 'The request body is not valid JSON.',
        errors: [
          {
            field: '(body)',
            pointer: '',
            code: 'invalid-json',
            message: 'The form data could not be read. Please send it again.',
          },
        ],
      };
    }
    return {
      type: `${PROBLEM_BASE}http-error`,
      title: 'Bad request',
      status: raw.status,
      detail: 'The request could not be read.',
    };
  }
  if (isInfrastructureError(exception)) {
    // the database (or another backing service) is unreachable: not this request's fault, and
    // not a defect; the client may try again shortly (Retry-After), and the app recovers by itself
    return {
      type: `${PROBLEM_BASE}unavailable`,
      title: 'Temporarily unavailable',
      status: 503,
      detail: `The service cannot reach its database right now. Please try again in a few seconds.`,
    };
  }
  return {
    type: `${PROBLEM_BASE}internal`,
    title: 'Something went wrong on our side',
    status: 500,
    detail: 'Please try again later.',
  };
}

/**
 * An app with web pages answers errors on them as an HTML page: given the problem, it returns the
 * page, or null to answer with problem+json (API routes, clients that do not accept HTML).
 */
export type HtmlErrorPage = (problem: ProblemBody, req: Request) => string | null;

/** Words a problem for the request (e.g. in the language of its Accept-Language); codes stay. */
export type ProblemLocalizer = (problem: ProblemBody, req: Request) => ProblemBody;

/** Every error becomes `application/problem+json` (or an error page); a 5xx never leaks internals. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(
    private readonly htmlPage?: HtmlErrorPage,
    private readonly localize?: ProblemLocalizer,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    const found = bodyFor(exception);
    const body = this.localize ? this.localize(found, req) : found;
    body.instance = req.originalUrl?.split('?')[0];
    if (body.status === 503) {
      console.error(
        `[http] ${req.method} ${body.instance}: 503, ${exception instanceof Error ? exception.message : String(exception)}`,
      );
    } else if (body.status >= 500) {
      // no request body in logs: it may hold personal data
      console.error(
        `[http] ${req.method} ${body.instance} failed: ${exception instanceof Error ? exception.stack : String(exception)}`,
      );
    }
    if (res.headersSent) return;
    if (body.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    const page = this.htmlPage?.(body, req) ?? null;
    if (page !== null) {
      res.status(body.status).type('html').send(page);
      return;
    }
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }
}
