import { HttpException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { VNode } from 'preact';
import type { DataSource } from 'typeorm';
import { utcDateOf } from '@uocava/domain';
import type { ProblemBody } from '@uocava/platform';
import { runAudited } from '../../common/audit';
import { Pages } from '../pages';
import type { OfficeSession } from './sessions';

/** A form field as trimmed text ('' when missing), at most 200 characters. */
export function formText(body: unknown, name: string): string {
  const v = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v.trim().slice(0, 200) : '';
}

/** An instant of a form's date: `now` when it is that day, else noon UTC of that day. */
export function instantOfFormDate(date: string, now: Date): string {
  return date === utcDateOf(now) ? now.toISOString() : `${date}T12:00:00Z`;
}

/**
 * A form's date field as the instant an action records: a plain date (`YYYY-MM-DD`) is that day
 * (see instantOfFormDate); anything else is passed on for the use case's schema to judge.
 */
export function formInstant(body: unknown, name: string, now: Date): string {
  const date = formText(body, name);
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? instantOfFormDate(date, now) : date;
}

/** The message of a refused action, for the page (problem+json detail, or the first field's message). */
export function problemMessage(error: unknown): string | undefined {
  if (!(error instanceof HttpException) || error.getStatus() >= 500) return undefined;
  const body = error.getResponse() as ProblemBody | string;
  if (typeof body === 'string') return body;
  return body.errors?.[0]?.message ?? body.detail ?? body.title;
}

/** What a page says after a form's action succeeded (`?done=<key>`). */
export const DONE: Record<string, string> = {
  approved: 'The request was approved: the ballot is being prepared.',
  registered:
    'The voter was registered from the FPCA and the request approved: the ballot is being prepared.',
  'request-rejected': 'The request was rejected. The voter is told why.',
  accepted: 'The ballot was accepted.',
  'ballot-rejected': 'The ballot was rejected. The voter is told why.',
  'cure-requested': 'The voter is asked to fix the problem.',
  cured: 'Recorded: the voter fixed the problem. You can accept the ballot now.',
  transmitted: 'Recorded as sent.',
};

export const doneMessage = (done: unknown): string | undefined =>
  typeof done === 'string' ? DONE[done] : undefined;

/**
 * What every clerk page controller does: render a page in the office layout, run an action with
 * its audit entry (as the office API does, `via: web`), and turn a form's outcome into a redirect
 * or the page again with the reason.
 */
@Injectable()
export class OfficePages {
  constructor(
    private readonly pages: Pages,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  send(res: Response, s: OfficeSession, path: string, title: string, body: VNode, status = 200): void {
    this.pages.send(res, {
      title,
      area: 'office',
      path,
      status,
      office: {
        jurisdictionName: s.jurisdictionName,
        role: s.role,
        csrf: s.csrf,
        displayName: s.displayName,
      },
      body,
    });
  }

  /** Runs an office action with its audit entry, as the office API does (`via: web` in the entry). */
  act<T>(
    s: OfficeSession,
    action: string,
    target: string | undefined,
    fn: () => Promise<T>,
    method: 'GET' | 'POST' = 'POST',
  ): Promise<T> {
    return runAudited(
      this.ds,
      {
        jurisdictionId: s.jurisdictionId,
        keyId: s.keyId,
        staffId: s.staffId,
        role: s.role,
        action,
        target,
        method,
        via: 'web',
      },
      fn,
    );
  }

  /**
   * Runs a form's action: on success, back to the list (303, so a reload does not post again); when
   * refused (4xx), the list again with the reason on top.
   */
  async perform(
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

  /**
   * A form's office action, audited (`act`) and then answered as `perform` does: 303 to `doneUrl`
   * when it succeeded, the page again with the reason when it was refused.
   */
  submit(
    res: Response,
    s: OfficeSession,
    audit: { action: string; target?: string },
    run: () => Promise<unknown>,
    doneUrl: string,
    showRefusal: (message: string, status: number) => Promise<void>,
  ): Promise<void> {
    return this.perform(
      res,
      async () => {
        await this.act(s, audit.action, audit.target, run);
        return doneUrl;
      },
      showRefusal,
    );
  }
}
