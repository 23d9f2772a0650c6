import { Body, Controller, Get, HttpCode, Param, Post, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { withTenant } from '@uocava/database';
import {
  isUuid,
  parseElectionDefinition,
  selectBallotStyle,
  type ElectionDefinition,
  type ElectionSettings,
} from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { invalidRequest, notFound, ProblemException } from '@uocava/platform';
import { Principal, Roles, type OfficePrincipal } from '../office/office-auth';
import { AuditAction, AuditedOfficeGuard, AuditInterceptor } from '../operations/audit';

export const SOURCE = 'urn:uocava:gateway';

function pathToPointer(path: string): string {
  return path.startsWith('/') ? path : `/${path.replace(/\./g, '/')}`;
}

interface ElectionRow {
  election_id: string;
  name: string;
  election_date: string;
  election_type: string;
  federal: boolean;
  definition: ElectionDefinition;
  created_at: Date;
}

/** One verified request that has no ballot for the election because no style could be chosen. */
export interface StyleAssignmentItem {
  requestId: string;
  trackingCode: string;
  reason: string;
}

@ApiTags('office')
@ApiBearerAuth()
@UseGuards(AuditedOfficeGuard)
@UseInterceptors(AuditInterceptor)
@Controller('api/v1/office/elections')
export class ElectionsController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'clerk')
  @AuditAction('election.define')
  @ApiOperation({
    summary: 'Define an election from a NIST SP 1500-20 ballot definition plus the office settings',
    description:
      'Body: `{ "definition": <NIST 1500-20 JSON>, "settings": { electionDate, type, federalOffices, returnRule, oathText? } }`. ' +
      'Emits uocava.election.defined.v1 in the same transaction: every verified request whose FPCA covers the ' +
      "election's year gets its ballot, including requests verified before the election was defined.",
  })
  async createElection(@Principal() principal: OfficePrincipal, @Body() body: unknown) {
    const { definition, settings } = (typeof body === 'object' && body !== null ? body : {}) as {
      definition?: unknown;
      settings?: ElectionSettings;
    };
    const parsed = parseElectionDefinition(definition, settings as ElectionSettings);
    if (!parsed.ok) {
      throw invalidRequest(
        parsed.errors.map((e) => ({
          field: e.path,
          pointer: pathToPointer(e.path),
          code: 'invalid',
          message: e.message,
        })),
        'The election definition has problems.',
      );
    }
    const electionId = randomUUID();
    const d = parsed.definition;
    await withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      await tx.query(
        `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition, settings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [electionId, principal.jurisdictionId, d.name, d.date, d.type, d.federalOffices, d, settings],
      );
      const event = newEvent(
        'uocava.election.defined.v1',
        {
          electionId,
          jurisdictionId: principal.jurisdictionId,
          electionDate: d.date,
          electionType: d.type,
          federal: d.federalOffices,
          ballotStyles: d.ballotStyles.length,
          definedAt: new Date().toISOString(),
        },
        SOURCE,
      );
      // uocava.elections.v1 is keyed by the election id (there is no request id).
      await enqueueEvent(tx, { ...event, subject: electionId });
    });
    return {
      electionId,
      name: d.name,
      date: d.date,
      contests: d.contests.length,
      ballotStyles: d.ballotStyles.map((s) => s.id),
    };
  }

  @Get()
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('election.list')
  @ApiOperation({ summary: "The jurisdiction's elections, by date" })
  async list(@Principal() principal: OfficePrincipal) {
    const rows: ElectionRow[] = await withTenant(this.ds, principal.jurisdictionId, (tx) =>
      tx.query(
        `SELECT election_id, name, to_char(election_date, 'YYYY-MM-DD') AS election_date, election_type, federal,
                definition, created_at
         FROM elections WHERE jurisdiction_id = $1 ORDER BY election_date, created_at`,
        [principal.jurisdictionId],
      ),
    );
    return {
      items: rows.map((r) => ({
        electionId: r.election_id,
        name: r.name,
        date: r.election_date,
        type: r.election_type,
        federal: r.federal,
        contests: r.definition.contests.length,
        ballotStyles: r.definition.ballotStyles.length,
      })),
    };
  }

  @Get(':electionId')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('election.view')
  @ApiOperation({ summary: 'One election with its ballot styles and contests' })
  async get(@Principal() principal: OfficePrincipal, @Param('electionId') electionId: string) {
    const r = await withTenant(this.ds, principal.jurisdictionId, (tx) =>
      this.election(tx, principal.jurisdictionId, electionId),
    );
    const d = r.definition;
    return {
      electionId: r.election_id,
      name: r.name,
      date: r.election_date,
      type: r.election_type,
      federal: r.federal,
      jurisdictionName: d.jurisdictionName,
      returnRule: d.returnRule,
      parties: d.parties,
      gpUnits: d.gpUnits,
      ballotStyles: d.ballotStyles,
      contests: d.contests,
    };
  }

  @Get(':electionId/style-assignments')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('election.style-assignments.list')
  @ApiOperation({
    summary: 'Verified requests covered by the election whose ballot style the office must assign',
    description:
      'A voter whose roll record has no precinct, or for whom no single style matches (precinct, closed-primary party), ' +
      'gets no ballot until the office assigns a style. No personal data: request id, tracking code and the reason.',
  })
  async listAssignments(@Principal() principal: OfficePrincipal, @Param('electionId') electionId: string) {
    const items = await withTenant(this.ds, principal.jurisdictionId, async (tx) => {
      const election = await this.election(tx, principal.jurisdictionId, electionId);
      const rows: Array<{
        request_id: string;
        tracking_code: string;
        party: string | null;
        precinct: string | null;
        roll_party: string | null;
      }> = await tx.query(
        `SELECT r.request_id, r.tracking_code, r.party, v.precinct, v.party AS roll_party
         FROM ballot_requests r LEFT JOIN voter_roll v ON v.roll_record_id = r.roll_record_id
         WHERE r.jurisdiction_id = $1 AND r.status = 'verified'
           AND r.covers_year = extract(year FROM $2::date)
           AND NOT EXISTS (SELECT 1 FROM ballots b WHERE b.request_id = r.request_id AND b.election_id = $3)
         ORDER BY r.received_at LIMIT 1000`,
        [principal.jurisdictionId, election.election_date, electionId],
      );
      const out: StyleAssignmentItem[] = [];
      for (const row of rows) {
        const style = selectBallotStyle(election.definition, {
          precinct: row.precinct ?? undefined,
          party: row.party ?? row.roll_party ?? undefined,
        });
        if (style.kind === 'needs-assignment')
          out.push({ requestId: row.request_id, trackingCode: row.tracking_code, reason: style.reason });
      }
      return out;
    });
    return { items };
  }

  @Post(':electionId/style-assignments')
  @HttpCode(202)
  @Roles('admin', 'clerk')
  @AuditAction('election.style-assign')
  @ApiOperation({
    summary: "Assign a request's ballot style for this election; the ballot is then generated with it",
    description: 'Body: `{ "requestId": <uuid>, "ballotStyleId": <a style of this election> }`.',
  })
  async assign(
    @Principal() principal: OfficePrincipal,
    @Param('electionId') electionId: string,
    @Body() body: unknown,
  ) {
    const { requestId, ballotStyleId } = (typeof body === 'object' && body !== null ? body : {}) as {
      requestId?: unknown;
      ballotStyleId?: unknown;
    };
    if (typeof requestId !== 'string' || !isUuid(requestId))
      throw invalidRequest([
        {
          field: 'requestId',
          pointer: '/requestId',
          code: 'invalid',
          message: 'A ballot request id (UUID).',
        },
      ]);
    if (typeof ballotStyleId !== 'string' || ballotStyleId.length === 0)
      throw invalidRequest([
        {
          field: 'ballotStyleId',
          pointer: '/ballotStyleId',
          code: 'required',
          message: 'A ballot style id.',
        },
      ]);
    const jurisdictionId = principal.jurisdictionId;
    await withTenant(this.ds, jurisdictionId, async (tx) => {
      const election = await this.election(tx, jurisdictionId, electionId);
      if (!election.definition.ballotStyles.some((s) => s.id === ballotStyleId))
        throw invalidRequest([
          {
            field: 'ballotStyleId',
            pointer: '/ballotStyleId',
            code: 'unknown',
            message: `The election has no ballot style "${ballotStyleId}".`,
          },
        ]);
      const [request]: Array<{ status: string; has_ballot: boolean }> = await tx.query(
        `SELECT r.status, EXISTS (SELECT 1 FROM ballots b WHERE b.request_id = r.request_id AND b.election_id = $3) AS has_ballot
         FROM ballot_requests r WHERE r.request_id = $1 AND r.jurisdiction_id = $2`,
        [requestId, jurisdictionId, electionId],
      );
      if (!request) throw notFound('This ballot request');
      if (request.status !== 'verified')
        throw new ProblemException(409, 'request-not-verified', 'The request is not verified', undefined);
      if (request.has_ballot)
        throw new ProblemException(
          409,
          'ballot-exists',
          'The request already has its ballot for this election',
          undefined,
        );
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.style-assigned.v1',
          { requestId, jurisdictionId, electionId, ballotStyleId, assignedAt: new Date().toISOString() },
          SOURCE,
        ),
      );
    });
    return { requestId, electionId, ballotStyleId, status: 'assigned' };
  }

  private async election(
    tx: EntityManager,
    jurisdictionId: string,
    electionId: string,
  ): Promise<ElectionRow> {
    if (!isUuid(electionId)) throw notFound('This election');
    const [row]: ElectionRow[] = await tx.query(
      `SELECT election_id, name, to_char(election_date, 'YYYY-MM-DD') AS election_date, election_type, federal,
              definition, created_at
       FROM elections WHERE election_id = $1 AND jurisdiction_id = $2`,
      [electionId, jurisdictionId],
    );
    if (!row) throw notFound('This election');
    return row;
  }
}
