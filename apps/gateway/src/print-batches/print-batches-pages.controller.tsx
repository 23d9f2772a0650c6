import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { listElections, withTenant } from '@uocava/database';
import { Clock } from '../common/clock';
import { Roles } from '../common/office-auth';
import { electionChoices } from '../web/office/office-components';
import { ALL_ROLES, OfficePageGuard, Session, SignInRedirect } from '../web/office/office-page.guard';
import { formInstant, formText, OfficePages } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { CreatePrintBatchService } from './create/create-batch.service';
import { FaxPacketService } from './fax/fax-packet.service';
import { listPrintBatches } from './list/list-batches.controller';
import { BatchPdfService } from './pdf/batch-pdf.service';
import { PrintBatchesPage } from './print-batches.page';
import { BatchSentService } from './sent/batch-sent.service';
import { CancelPrintBatchService } from './cancel/cancel-batch.service';

const DONE: Record<string, string> = {
  'batch-created': 'The batch was made. Download its PDF, print it, then mark it sent.',
  'batch-sent': 'Recorded as sent: each ballot of the batch is transmitted by mail.',
  'batch-cancelled': 'The batch was cancelled: its ballots can go into a new batch.',
};

/**
 * The clerk's print batches page (make, download, mark sent) and the packet download behind the
 * mail and fax page's "Download packet" (for fax). The downloads audit themselves, as on the API.
 */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class PrintBatchesPagesController {
  constructor(
    private readonly clock: Clock,
    private readonly office: OfficePages,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly create: CreatePrintBatchService,
    private readonly pdfs: BatchPdfService,
    private readonly sent: BatchSentService,
    private readonly cancels: CancelPrintBatchService,
    private readonly packets: FaxPacketService,
  ) {}

  private async page(res: Response, s: OfficeSession, flash?: string, status = 200): Promise<void> {
    const { items } = await listPrintBatches(this.ds, s);
    const elections = electionChoices(
      await withTenant(this.ds, s.jurisdictionId, (tx) => listElections(tx, s.jurisdictionId)),
    );
    this.office.send(
      res,
      s,
      '/office/print-batches',
      'Print batches',
      <PrintBatchesPage
        batches={items}
        elections={elections}
        csrf={s.csrf}
        canAct={s.role === 'clerk'}
        flash={flash}
        today={this.clock.today()}
      />,
      status,
    );
  }

  @Get('print-batches')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async list(@Session() s: OfficeSession, @Query('done') done: unknown, @Res() res: Response) {
    await this.page(res, s, typeof done === 'string' ? DONE[done] : undefined);
  }

  @Post('print-batches')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async make(@Session() s: OfficeSession, @Body() body: unknown, @Res() res: Response) {
    const optional = (name: string) => {
      const v = formText(body, name);
      return v === '' ? {} : { [name]: name === 'country' ? v.toUpperCase() : v };
    };
    await this.office.submit(
      res,
      s,
      { action: 'print-batch.create' },
      () =>
        this.create.create(s, {
          electionId: formText(body, 'electionId'),
          ...optional('readyFrom'),
          ...optional('readyTo'),
          ...optional('country'),
        }),
      '/office/print-batches?done=batch-created',
      (message, status) => this.page(res, s, message, status),
    );
  }

  @Get('print-batches/:batchId/pdf')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async pdf(@Session() s: OfficeSession, @Param('batchId') batchId: string, @Res() res: Response) {
    const out = await this.pdfs.pdf(s, batchId);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="print-batch-${out.batchId}.pdf"`);
    res.setHeader('X-Content-SHA256', out.sha256);
    res.end(Buffer.from(out.pdf));
  }

  @Post('print-batches/:batchId/sent')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async markSent(
    @Session() s: OfficeSession,
    @Param('batchId') batchId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.office.submit(
      res,
      s,
      { action: 'print-batch.sent', target: `print-batch:${batchId}` },
      () => this.sent.sent(s, batchId, { sentAt: formInstant(body, 'sentOn', this.clock.now()) }),
      '/office/print-batches?done=batch-sent',
      (message, status) => this.page(res, s, message, status),
    );
  }

  @Post('print-batches/:batchId/cancel')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async cancel(
    @Session() s: OfficeSession,
    @Param('batchId') batchId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.office.submit(
      res,
      s,
      { action: 'print-batch.cancel', target: `print-batch:${batchId}` },
      () => this.cancels.cancel(s, batchId, { reason: formText(body, 'reason') }),
      '/office/print-batches?done=batch-cancelled',
      (message, status) => this.page(res, s, message, status),
    );
  }

  @Get('work-queue/:ballotId/packet')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async packet(@Session() s: OfficeSession, @Param('ballotId') ballotId: string, @Res() res: Response) {
    const packet = await this.packets.packet(s, ballotId);
    res
      .status(200)
      .type('application/pdf')
      .setHeader('Content-Disposition', `attachment; filename="ballot-packet-${ballotId.toLowerCase()}.pdf"`);
    res.setHeader('X-Content-SHA256', packet.sha256);
    res.end(Buffer.from(packet.bytes));
  }
}
