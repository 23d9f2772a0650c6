import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import type { Request, Response } from 'express';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { SECOND_FACTOR_MINUTES } from '@uocava/domain';
import { publicBaseUrl } from '@uocava/packets';
import { Roles } from '../common/office-auth';
import { Clock } from '../common/clock';
import { LookupThrottle } from '../common/rate-limit';
import { Pages } from '../web/pages';
import { OfficePageGuard, Session, SignInRedirect } from '../web/office/office-page.guard';
import { formText, OfficePages } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { SignInPage } from '../web/office/sign-in.page';
import { StaffAdminService } from './staff-admin.service';
import { FormRefused, StaffAuthService, type EnrolmentFactor } from './staff-auth.service';
import { InvitationClosedPage, InvitationPage, SecondFactorPage, StaffAdminPage } from './staff.pages';

const PENDING_COOKIE = 'uocava_staff_pending';

/** A form field as it was typed (passwords are not trimmed), at most `max` characters. */
function rawField(body: unknown, name: string, max = 400): string {
  const v = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v.slice(0, max) : '';
}

/** The JSON of a passkey answer (the page script puts it in a hidden field), or undefined. */
function passkeyJson<T>(body: unknown): T | undefined {
  const text = rawField(body, 'passkey', 20_000);
  if (text === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string'
      ? (value as T)
      : undefined;
  } catch {
    return undefined;
  }
}

const safeNext = (next: string): string =>
  /^\/office(\/[A-Za-z0-9/_-]*)?(\?[A-Za-z0-9=&_-]*)?$/.test(next) ? next : '/office';

/**
 * Named staff members' pages: the staff sign-in (password, then a passkey or an authenticator app
 * code), accepting an invitation, and the admin's staff page (people, invitations, machine keys).
 */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class StaffController {
  constructor(
    private readonly pages: Pages,
    private readonly office: OfficePages,
    private readonly auth: StaffAuthService,
    private readonly admin: StaffAdminService,
    private readonly clock: Clock,
  ) {}

  private pendingCookie(value: string, maxAgeSeconds: number): string {
    return serializeCookie(PENDING_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: publicBaseUrl().startsWith('https://'),
      path: '/office',
      maxAge: maxAgeSeconds,
    });
  }

  // ---- sign-in ---------------------------------------------------------------------------------

  @Post('sign-in/staff')
  @UseGuards(LookupThrottle)
  async signInStaff(@Body() body: unknown, @Res() res: Response): Promise<void> {
    const values = { office: formText(body, 'office'), email: formText(body, 'email') };
    const next = safeNext(formText(body, 'next'));
    try {
      const pending = await this.auth.checkPassword({ ...values, password: rawField(body, 'password') });
      res.setHeader('Set-Cookie', this.pendingCookie(pending, SECOND_FACTOR_MINUTES * 60));
      res.redirect(303, `/office/sign-in/second-factor?next=${encodeURIComponent(next)}`);
    } catch (error) {
      if (!(error instanceof FormRefused)) throw error;
      this.pages.send(res, {
        title: 'Error: sign in',
        area: 'office',
        status: error.status,
        body: <SignInPage staffErrors={error.errors} staffValues={values} next={next} />,
      });
    }
  }

  private async secondFactorPage(
    req: Request,
    res: Response,
    errors: Record<string, string>,
    status: number,
  ): Promise<void> {
    const pending = await this.auth.pending(parseCookies(req.headers.cookie ?? '')[PENDING_COOKIE] ?? '');
    if (pending === undefined) {
      res.redirect(303, '/office/sign-in');
      return;
    }
    this.pages.send(res, {
      title: errors.code || errors.passkey ? 'Error: confirm it is you' : 'Confirm it is you',
      area: 'office',
      status,
      body: (
        <SecondFactorPage
          name={pending.staff.displayName}
          passkeyOptions={pending.passkeyOptions && JSON.stringify(pending.passkeyOptions)}
          totp={pending.totp}
          errors={errors}
        />
      ),
    });
  }

  @Get('sign-in/second-factor')
  async secondFactorForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.secondFactorPage(req, res, {}, 200);
  }

  @Post('sign-in/second-factor')
  @UseGuards(LookupThrottle)
  async secondFactor(
    @Req() req: Request,
    @Body() body: unknown,
    @Query('next') next: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const cookie = parseCookies(req.headers.cookie ?? '')[PENDING_COOKIE] ?? '';
    const response = passkeyJson<AuthenticationResponseJSON>(body);
    try {
      await this.auth.secondFactor(
        cookie,
        formText(body, 'factor') === 'passkey' && response !== undefined
          ? { kind: 'passkey', response }
          : { kind: 'totp', code: formText(body, 'code') },
        res,
      );
    } catch (error) {
      if (!(error instanceof FormRefused)) throw error;
      await this.secondFactorPage(req, res, error.errors, error.status);
      return;
    }
    res.append('Set-Cookie', this.pendingCookie('', 0));
    res.redirect(303, safeNext(typeof next === 'string' ? next : '/office'));
  }

  // ---- invitations -------------------------------------------------------------------------------

  private async invitationPage(
    res: Response,
    link: string,
    errors: Record<string, string>,
    status: number,
  ): Promise<void> {
    const found = await this.auth.invitation(link);
    if (found === undefined || found.state !== 'open') {
      this.pages.send(res, {
        title: 'Invitation closed',
        area: 'office',
        status: found === undefined ? 404 : 410,
        body: (
          <InvitationClosedPage
            why={
              found === undefined
                ? 'This is not an invitation link.'
                : found.state === 'accepted'
                  ? 'It was used already.'
                  : 'It has expired.'
            }
          />
        ),
      });
      return;
    }
    const e = await this.auth.enrolment(found.invitation);
    this.pages.send(res, {
      title: Object.keys(errors).length > 0 ? 'Error: set up your account' : 'Set up your account',
      area: 'office',
      status,
      body: (
        <InvitationPage
          action={`/office/invitations/${link}`}
          displayName={e.invitation.displayName}
          email={e.invitation.email}
          role={e.invitation.role}
          jurisdictionId={e.invitation.jurisdictionId}
          passkeyOptions={JSON.stringify(e.passkeyOptions)}
          totpUri={e.totpUri}
          totpSecret={e.totpSecret}
          errors={errors}
        />
      ),
    });
  }

  @Get('invitations/:link')
  async invitationForm(@Param('link') link: string, @Res() res: Response): Promise<void> {
    await this.invitationPage(res, link, {}, 200);
  }

  @Post('invitations/:link')
  @UseGuards(LookupThrottle)
  async acceptInvitation(
    @Param('link') link: string,
    @Body() body: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const response = passkeyJson<RegistrationResponseJSON>(body);
    const factor: EnrolmentFactor =
      formText(body, 'factor') === 'passkey' && response !== undefined
        ? { kind: 'passkey', response }
        : { kind: 'totp', code: formText(body, 'code') };
    try {
      await this.auth.accept(
        link,
        { password: rawField(body, 'password'), confirm: rawField(body, 'confirm'), factor },
        res,
      );
    } catch (error) {
      if (!(error instanceof FormRefused)) throw error;
      await this.invitationPage(res, link, error.errors, error.status);
      return;
    }
    res.redirect(303, '/office');
  }

  // ---- the admin's staff page ------------------------------------------------------------------

  private async staffPage(
    res: Response,
    s: OfficeSession,
    extra: {
      invited?: { link: string; email: string };
      done?: string;
      errors?: Record<string, string>;
      values?: Record<string, string>;
      status?: number;
    } = {},
  ): Promise<void> {
    const data = await this.office.act(s, 'staff.list', undefined, () => this.admin.overview(s), 'GET');
    this.office.send(
      res,
      s,
      '/office/staff',
      extra.errors && Object.keys(extra.errors).length > 0 ? 'Error: staff' : 'Staff',
      <StaffAdminPage
        csrf={s.csrf}
        now={this.clock.now()}
        {...data}
        invited={extra.invited}
        done={extra.done}
        errors={extra.errors ?? {}}
        values={extra.values ?? {}}
      />,
      extra.status ?? 200,
    );
  }

  @Get('staff')
  @UseGuards(OfficePageGuard)
  @Roles('admin')
  async staff(
    @Session() s: OfficeSession,
    @Query('done') done: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const DONE: Record<string, string> = {
      disabled: 'The staff member is disabled: their sessions have ended.',
      revoked: 'The key is revoked: it opens nothing any more.',
    };
    await this.staffPage(res, s, { done: typeof done === 'string' ? DONE[done] : undefined });
  }

  @Post('staff/invite')
  @UseGuards(OfficePageGuard)
  @Roles('admin')
  async invite(@Session() s: OfficeSession, @Body() body: unknown, @Res() res: Response): Promise<void> {
    const values = {
      email: formText(body, 'email'),
      displayName: formText(body, 'displayName'),
      role: formText(body, 'role'),
    };
    try {
      const invited = await this.office.act(s, 'staff.invite', undefined, () => this.admin.invite(s, values));
      await this.staffPage(res, s, { invited });
    } catch (error) {
      if (!(error instanceof FormRefused)) throw error;
      await this.staffPage(res, s, { errors: error.errors, values, status: 400 });
    }
  }

  @Post('staff/:staffId/disable')
  @UseGuards(OfficePageGuard)
  @Roles('admin')
  async disable(@Session() s: OfficeSession, @Param('staffId') staffId: string, @Res() res: Response) {
    await this.office.submit(
      res,
      s,
      { action: 'staff.disable', target: `staff:${staffId}` },
      () => this.admin.disable(s, staffId),
      '/office/staff?done=disabled',
      (message, status) => this.staffPage(res, s, { errors: { staff: message }, status }),
    );
  }

  @Post('staff/api-keys/:keyId/revoke')
  @UseGuards(OfficePageGuard)
  @Roles('admin')
  async revokeKey(@Session() s: OfficeSession, @Param('keyId') keyId: string, @Res() res: Response) {
    await this.office.submit(
      res,
      s,
      { action: 'api-key.revoke', target: `api-key:${keyId}` },
      () => this.admin.revokeKey(s, keyId),
      '/office/staff?done=revoked',
      (message, status) => this.staffPage(res, s, { errors: { staff: message }, status }),
    );
  }
}
