import { Body, Controller, Get, HttpException, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ProblemBody } from '@uocava/platform';
import { Roles } from '../common/office-auth';
import type { FieldErrors } from '../web/components';
import { ALL_ROLES, OfficePageGuard, Session, SignInRedirect } from '../web/office/office-page.guard';
import { formText, OfficePages, problemMessage } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { ReturnsPage, type ReturnOutcome } from './returns.page';
import { ReturnsService } from './returns.service';
import { Clock } from '../common/clock';

/** The clerk's returned-envelopes page: a barcode scanner's Enter submits the form. */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class ReturnsPagesController {
  constructor(
    private readonly clock: Clock,
    private readonly office: OfficePages,
    private readonly returns: ReturnsService,
  ) {}

  @Get('returns')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  form(@Session() s: OfficeSession, @Res() res: Response): void {
    this.office.send(
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
  async record(@Session() s: OfficeSession, @Body() body: unknown, @Res() res: Response) {
    const values = { method: formText(body, 'method'), postmarkDate: formText(body, 'postmarkDate') };
    const barcode = formText(body, 'barcode');
    let outcome: ReturnOutcome | undefined;
    const errors: FieldErrors = {};
    let status = 200;
    try {
      const r = await this.office.act(s, 'ballot.return', `ballot:${barcode.toLowerCase()}`, () =>
        this.returns.record(s, {
          barcode,
          receivedAt: this.clock.nowIso(),
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
      const problem = (error as HttpException).getResponse() as ProblemBody;
      const field = problem.errors?.[0]?.field;
      errors[field === 'method' || field === 'postmarkDate' ? field : 'barcode'] =
        status === 404
          ? 'No ballot of your office has this barcode. Check the envelope and scan it again.'
          : message;
    }
    this.office.send(
      res,
      s,
      '/office/returns',
      outcome ? 'Returned envelopes' : 'Error: returned envelopes',
      <ReturnsPage csrf={s.csrf} canRecord outcome={outcome} errors={errors} values={values} />,
      status,
    );
  }
}
