import { Body, Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { listJurisdictions } from '@uocava/database';
import {
  isLanguage,
  t,
  validateBallotRequest,
  type BallotRequestInput,
  type IsoDate,
  type Language,
} from '@uocava/domain';
import { ProblemException, type ProblemBody } from '@uocava/platform';
import { IntakeService } from '../../intake/intake.service';
import { PacketService, type OpenedBallot } from '../../packets/packet.service';
import { TrackingService } from '../../tracking/tracking.service';
import { LookupThrottle } from '../../common/rate-limit';
import { ballotNotFound } from '../../common/voter-problems';
import { Pages } from '../pages';
import { errorsByField, readForm, requestFromForm, type FormValues } from './request-form';
import { AlreadyRequestedPage, RequestConfirmationPage } from './request-confirmation.page';
import type { OfficeChoice } from './request-labels';
import { RequestFormPage } from './request.page';
import { AccessibleBallotPage, PacketPage } from './ballot.pages';
import { MarkingPage, MARKING_CSP } from './marking.page';
import { HomePage, trackNotFound, TrackFormPage, TrackResultPage } from './voter.pages';
import { Clock } from '../../common/clock';
import { pageLanguage, rememberLanguage } from '../language';

function field(body: unknown, name: string): string {
  const v = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' ? v.trim().slice(0, 100) : '';
}

/**
 * The voter's pages, server-rendered: they work without JavaScript (plain forms), and the page
 * script only adds checks before sending, focus handling and receipt verification.
 */
@ApiExcludeController()
@Controller()
export class VoterPagesController {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly pages: Pages,
    private readonly intake: IntakeService,
    private readonly tracking: TrackingService,
    private readonly packets: PacketService,
  ) {}

  private async offices(): Promise<OfficeChoice[]> {
    return listJurisdictions(this.ds);
  }

  @Get()
  home(@Req() req: Request, @Res() res: Response): void {
    const lang = pageLanguage(req);
    rememberLanguage(req, res);
    this.pages.send(res, {
      title: t(lang, 'web.home.title'),
      area: 'voter',
      path: '/',
      language: { current: lang, switchPath: '/' },
      body: <HomePage lang={lang} />,
    });
  }

  @Get('request')
  async requestForm(
    @Query('office') office: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const values: FormValues = typeof office === 'string' ? { jurisdictionId: office } : {};
    const lang = pageLanguage(req);
    rememberLanguage(req, res);
    const switchPath =
      typeof office === 'string' ? `/request?office=${encodeURIComponent(office)}` : '/request';
    await this.sendForm(res, values, {}, 200, lang, switchPath);
  }

  private async sendForm(
    res: Response,
    values: FormValues,
    errors: Record<string, string>,
    status: number,
    lang: Language,
    switchPath = '/request',
  ) {
    const title = t(lang, 'web.request.title');
    this.pages.send(res, {
      title: Object.keys(errors).length ? t(lang, 'web.titleError', { title: title.toLowerCase() }) : title,
      area: 'voter',
      path: '/request',
      status,
      language: { current: lang, switchPath },
      body: <RequestFormPage offices={await this.offices()} values={values} errors={errors} lang={lang} />,
    });
  }

  /** The form's language (a hidden field), else the cookie's or the browser's. */
  private formLanguage(body: unknown, req: Request): Language {
    const asked = field(body, 'lang');
    return isLanguage(asked) ? asked : pageLanguage(req);
  }

  @Post('request')
  async submit(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const values = readForm(body);
    const lang = this.formLanguage(body, req);
    const today: IsoDate = this.clock.today();
    const checked = validateBallotRequest(requestFromForm(values, today), today, lang);
    if (!checked.ok) return this.sendForm(res, values, errorsByField(checked.problems), 400, lang);
    const input: BallotRequestInput = checked.value;
    let result;
    try {
      // the page's language (switch, cookie or browser) unless the form states a preference
      result = await this.intake.submit(input, 'json', undefined, 'online', lang);
    } catch (error) {
      const problem = error instanceof ProblemException ? (error.getResponse() as ProblemBody) : undefined;
      if (problem?.status === 400 && Array.isArray(problem.errors))
        return this.sendForm(res, values, errorsByField(problem.errors), 400, lang);
      throw error;
    }
    if (result.duplicate) {
      this.pages.send(res, {
        title: t(lang, 'web.confirm.already.title'),
        area: 'voter',
        language: { current: lang, switchPath: '/track' },
        body: <AlreadyRequestedPage detail={result.detail} lang={lang} />,
      });
      return;
    }
    const office = (await this.offices()).find((o) => o.jurisdictionId === input.jurisdictionId);
    this.pages.send(res, {
      title: t(lang, 'web.confirm.title'),
      area: 'voter',
      status: 201,
      // the switch leads to the tracking form with the code (a POST result cannot be reloaded)
      language: { current: lang, switchPath: `/track?code=${encodeURIComponent(result.trackingCode)}` },
      body: (
        <RequestConfirmationPage
          trackingCode={result.trackingCode}
          input={input}
          office={office ? `${office.name}, ${office.state}` : input.jurisdictionId}
          lang={lang}
        />
      ),
    });
  }

  @Get('track')
  trackForm(@Query('code') code: string | undefined, @Req() req: Request, @Res() res: Response): void {
    const lang = pageLanguage(req);
    rememberLanguage(req, res);
    this.pages.send(res, {
      title: t(lang, 'web.track.title'),
      area: 'voter',
      path: '/track',
      language: { current: lang, switchPath: '/track' },
      body: (
        <TrackFormPage
          code={typeof code === 'string' ? code.slice(0, 40) : ''}
          dateOfBirth=""
          errors={{}}
          lang={lang}
        />
      ),
    });
  }

  @Post('track')
  @UseGuards(LookupThrottle)
  async track(@Body() body: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const code = field(body, 'code');
    const dateOfBirth = field(body, 'dateOfBirth');
    // the form's language (a hidden field), else the cookie or the browser's
    const lang = this.formLanguage(body, req);
    const language = { current: lang, switchPath: '/track' };
    const errors: Record<string, string> = {};
    if (code === '') errors.code = t(lang, 'web.track.codeMissing');
    if (dateOfBirth === '') errors.dateOfBirth = t(lang, 'web.track.dobMissing');
    const view = Object.keys(errors).length ? null : await this.tracking.trackForVoter(code, dateOfBirth);
    if (view === null) {
      if (Object.keys(errors).length === 0) errors.code = trackNotFound(lang);
      this.pages.send(res, {
        title: t(lang, 'web.titleError', { title: t(lang, 'web.track.title').toLowerCase() }),
        area: 'voter',
        path: '/track',
        language,
        status: Object.keys(errors).length && (code === '' || dateOfBirth === '') ? 400 : 404,
        body: <TrackFormPage code={code} dateOfBirth={dateOfBirth} errors={errors} lang={lang} />,
      });
      return;
    }
    this.pages.send(res, {
      title: t(lang, 'web.result.title'),
      area: 'voter',
      language,
      body: <TrackResultPage view={view} lang={lang} />,
    });
  }

  /** The ballot of a packet link; the same "not found" page for an unknown ballot and a wrong token. */
  private async openBallot(ballotId: string, token: unknown, lang: Language): Promise<OpenedBallot> {
    const ballot = await this.packets.open(ballotId, token);
    if (ballot === null) throw ballotNotFound(lang);
    return ballot;
  }

  @Get('ballot/:ballotId')
  @UseGuards(LookupThrottle)
  async packet(
    @Param('ballotId') ballotId: string,
    @Query('token') token: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = pageLanguage(req);
    const ballot = await this.openBallot(ballotId, token, lang);
    rememberLanguage(req, res);
    this.pages.send(res, {
      title: t(lang, 'web.packet.title'),
      area: 'voter',
      language: {
        current: lang,
        switchPath: `/ballot/${ballot.ballotId}?token=${encodeURIComponent(String(token))}`,
      },
      body: <PacketPage ballot={ballot} token={String(token)} lang={lang} />,
    });
  }

  @Get('ballot/:ballotId/accessible')
  @UseGuards(LookupThrottle)
  async accessible(
    @Param('ballotId') ballotId: string,
    @Query('token') token: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const lang = pageLanguage(req);
    const ballot = await this.openBallot(ballotId, token, lang);
    rememberLanguage(req, res);
    this.pages.send(res, {
      title: t(lang, 'web.ballot.title', { election: ballot.electionName }),
      area: 'voter',
      language: {
        current: lang,
        switchPath: `/ballot/${ballot.ballotId}/accessible?token=${encodeURIComponent(String(token))}`,
      },
      body: <AccessibleBallotPage ballot={ballot} token={String(token)} lang={lang} />,
    });
  }

  /**
   * The marking page: the issued packet (checked against its recorded SHA-256 exactly like the
   * download) and its voting targets embedded in the page, which marks and makes the PDF in the
   * browser. Its own CSP forbids connections and form submissions: the choices cannot be sent.
   */
  @Get('ballot/:ballotId/mark')
  @UseGuards(LookupThrottle)
  async mark(
    @Param('ballotId') ballotId: string,
    @Query('token') token: unknown,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const material = await this.packets.forMarking(ballotId, token);
    if (material === null) throw ballotNotFound(pageLanguage(req));
    const { ballot, packet, targets } = material;
    const lang = pageLanguage(req);
    rememberLanguage(req, res);
    res.setHeader('Content-Security-Policy', MARKING_CSP);
    this.pages.send(res, {
      title: t(lang, 'marking.title'),
      area: 'voter',
      script: 'marking',
      language: {
        current: lang,
        switchPath: `/ballot/${ballot.ballotId}/mark?token=${encodeURIComponent(String(token))}`,
      },
      body: (
        <MarkingPage
          ballot={ballot}
          token={String(token)}
          lang={lang}
          data={{
            pdf: Buffer.from(packet.bytes).toString('base64'),
            targets,
            fileName: `ballot-${ballot.ballotId}-marked.pdf`,
          }}
        />
      ),
    });
  }
}
