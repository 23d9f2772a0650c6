import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../common/office-auth';
import { ALL_ROLES, OfficePageGuard, Session, SignInRedirect } from '../web/office/office-page.guard';
import { doneMessage, formInstant, formText, OfficePages } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { TransmissionsService } from './transmissions.service';
import { WorkQueuePage } from './work-queue.page';
import { Clock } from '../common/clock';

/** The clerk's mail and fax queue: ballots to print or fax, and "Mark sent". */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class TransmissionsPagesController {
  constructor(
    private readonly clock: Clock,
    private readonly office: OfficePages,
    private readonly transmissions: TransmissionsService,
  ) {}

  private async page(res: Response, s: OfficeSession, flash?: string, status = 200): Promise<void> {
    const { items } = await this.transmissions.workQueue(s);
    this.office.send(
      res,
      s,
      '/office/work-queue',
      'Mail and fax',
      <WorkQueuePage
        items={items}
        csrf={s.csrf}
        canAct={s.role === 'clerk'}
        flash={flash}
        today={this.clock.today()}
      />,
      status,
    );
  }

  @Get('work-queue')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async list(@Session() s: OfficeSession, @Query('done') done: unknown, @Res() res: Response) {
    await this.page(res, s, doneMessage(done));
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
    await this.office.submit(
      res,
      s,
      { action: 'ballot.transmitted', target: `ballot:${ballotId}` },
      () =>
        this.transmissions.transmitted(s, ballotId, {
          method: formText(body, 'method'),
          transmittedAt: formInstant(body, 'transmittedOn', this.clock.now()),
        }),
      '/office/work-queue?done=transmitted',
      (message, status) => this.page(res, s, message, status),
    );
  }
}
