import { Body, Controller, Get, Param, Post, Query, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { ballotPacketRecord, ballotsOfRequest, withTenant } from '@uocava/database';
import { isUuid } from '@uocava/domain';
import { Roles } from '../common/office-auth';
import { ALL_ROLES, OfficePageGuard, Session, SignInRedirect } from '../web/office/office-page.guard';
import { formText, OfficePages, problemMessage } from '../web/office/office-pages';
import type { OfficeSession } from '../web/office/sessions';
import { CancelRequestService } from './cancel/cancel.service';
import { ContactChangeService } from './contact-change/contact-change.service';
import { ReissueBallotService } from './reissue/reissue.service';
import { VoterSearchService } from './search/search.service';
import { VoterServicePage, type VoterRecord } from './voter-service.page';

const DONE: Record<string, string> = {
  'contact-changed': 'The change was saved. The voter is told.',
  cancelled: 'The request was cancelled; its ballots not yet returned are void. The voter is told.',
  reissued: 'The ballot is void and its replacement is being prepared. The voter is told.',
};
const QUERY_FIELDS = ['trackingCode', 'requestId', 'lastName', 'firstName', 'dateOfBirth'] as const;

/**
 * The clerk's voter service page: the search (each record opened is audited by the search
 * service), and the contact change, cancellation and reissue forms, each run through the same
 * service as the office API, audited `via: web`.
 */
@ApiExcludeController()
@Controller('office')
@UseFilters(SignInRedirect)
export class VoterServicePagesController {
  constructor(
    private readonly office: OfficePages,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly search: VoterSearchService,
    private readonly contact: ContactChangeService,
    private readonly cancellation: CancelRequestService,
    private readonly reissuance: ReissueBallotService,
  ) {}

  private async page(
    res: Response,
    s: OfficeSession,
    query: Record<string, string>,
    flash?: string,
    status = 200,
  ): Promise<void> {
    let records: VoterRecord[] = [];
    const searched = Object.values(query).some((v) => v !== '');
    if (searched) {
      try {
        const { items } = await this.office.act(
          s,
          'voter-service.search',
          undefined,
          () => this.search.search(s, query),
          'GET',
        );
        records = await withTenant(this.ds, s.jurisdictionId, async (tx) => {
          const out: VoterRecord[] = [];
          for (const item of items) {
            const ballots = await ballotsOfRequest(tx, s.jurisdictionId, item.requestId);
            out.push({
              ...item,
              ballots: ballots.map((b) => ({
                ballotId: b.ballot_id,
                electionName: b.election_name,
                electionDate: b.election_date,
                status: b.status,
              })),
            });
          }
          return out;
        });
      } catch (error) {
        const message = problemMessage(error);
        if (message === undefined) throw error;
        flash = `Not found: ${message}`;
        status = 400;
      }
    }
    this.office.send(
      res,
      s,
      '/office/voter-service',
      'Voter service',
      <VoterServicePage
        query={query}
        records={records}
        searched={searched}
        csrf={s.csrf}
        canAct={s.role === 'clerk'}
        flash={flash}
      />,
      status,
    );
  }

  @Get('voter-service')
  @UseGuards(OfficePageGuard)
  @Roles(...ALL_ROLES)
  async show(@Session() s: OfficeSession, @Query() q: Record<string, unknown>, @Res() res: Response) {
    const query = Object.fromEntries(
      QUERY_FIELDS.map((f) => [f, formText(q, f)]).filter(([, v]) => v !== ''),
    );
    await this.page(res, s, query, typeof q.done === 'string' ? DONE[q.done] : undefined);
  }

  /** Runs a form's action for one request; back to its record with `done`, or the record with the reason. */
  private act(res: Response, s: OfficeSession, requestId: string, run: () => Promise<unknown>, done: string) {
    return this.office.perform(
      res,
      async () => {
        await run();
        return `/office/voter-service?requestId=${encodeURIComponent(requestId)}&done=${done}`;
      },
      (message, status) => this.page(res, s, { requestId }, message, status),
    );
  }

  @Post('voter-service/:requestId/contact-change')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async change(
    @Session() s: OfficeSession,
    @Param('requestId') requestId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const text = (name: string) => formText(body, name);
    const optional = (name: string) => (text(name) === '' ? {} : { [name]: text(name) });
    const change = {
      // an emptied field removes the value (the rules of the request then say whether it may)
      email: text('email') === '' ? null : text('email'),
      phone: text('phone') === '' ? null : text('phone'),
      ...optional('ballotDelivery'),
      mailingAddress: {
        lines: [text('line1'), text('line2')].filter((l) => l !== ''),
        city: text('city'),
        ...optional('region'),
        ...optional('postalCode'),
        country: text('country').toUpperCase(),
      },
    };
    await this.act(
      res,
      s,
      requestId,
      () =>
        this.office.act(s, 'ballot-request.contact-change', `ballot-request:${requestId}`, () =>
          this.contact.change(s, requestId, change),
        ),
      'contact-changed',
    );
  }

  @Post('voter-service/:requestId/cancel')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async cancel(
    @Session() s: OfficeSession,
    @Param('requestId') requestId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    await this.act(
      res,
      s,
      requestId,
      () =>
        this.office.act(s, 'ballot-request.cancel', `ballot-request:${requestId}`, () =>
          this.cancellation.cancel(s, requestId, { reason: formText(body, 'reason') }),
        ),
      'cancelled',
    );
  }

  @Post('voter-service/ballots/:ballotId/reissue')
  @UseGuards(OfficePageGuard)
  @Roles('clerk')
  async reissue(
    @Session() s: OfficeSession,
    @Param('ballotId') ballotId: string,
    @Body() body: unknown,
    @Res() res: Response,
  ) {
    const record = isUuid(ballotId.toLowerCase())
      ? await withTenant(this.ds, s.jurisdictionId, (tx) =>
          ballotPacketRecord(tx, s.jurisdictionId, ballotId.toLowerCase()),
        )
      : undefined;
    await this.act(
      res,
      s,
      record?.requestId ?? '',
      () =>
        this.office.act(s, 'ballot.reissue', `ballot:${ballotId}`, () =>
          this.reissuance.reissue(s, ballotId, { reason: formText(body, 'reason') }),
        ),
      'reissued',
    );
  }
}
