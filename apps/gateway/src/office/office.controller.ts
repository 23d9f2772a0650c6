import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { withTenant } from '@uocava/database';
import { parseElectionDefinition, type ElectionSettings } from '@uocava/domain';
import { invalidRequest } from '@uocava/platform';
import { OfficeAuthGuard, Principal, Roles, type OfficePrincipal } from './office-auth';

function pathToPointer(path: string): string {
  return path.startsWith('/') ? path : `/${path.replace(/\./g, '/')}`;
}

@ApiTags('office')
@ApiBearerAuth()
@UseGuards(OfficeAuthGuard)
@Controller('api/v1/office')
export class OfficeController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('whoami')
  @Roles('admin', 'clerk', 'auditor')
  @ApiOperation({ summary: 'The jurisdiction and role of the calling office key' })
  whoami(@Principal() principal: OfficePrincipal) {
    return { jurisdictionId: principal.jurisdictionId, role: principal.role, keyId: principal.keyId };
  }

  @Post('elections')
  @HttpCode(201)
  @Roles('admin', 'clerk')
  @ApiOperation({
    summary: 'Define an election from a NIST SP 1500-20 ballot definition plus the office settings',
    description:
      'Body: `{ "definition": <NIST 1500-20 JSON>, "settings": { electionDate, type, federalOffices, returnRule, oathText? } }`.',
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
    await withTenant(this.ds, principal.jurisdictionId, (tx) =>
      tx.query(
        `INSERT INTO elections (election_id, jurisdiction_id, name, election_date, election_type, federal, definition, settings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [electionId, principal.jurisdictionId, d.name, d.date, d.type, d.federalOffices, d, settings],
      ),
    );
    return {
      electionId,
      name: d.name,
      date: d.date,
      contests: d.contests.length,
      ballotStyles: d.ballotStyles.map((s) => s.id),
    };
  }

  @Get('ballot-requests')
  @Roles('admin', 'clerk', 'auditor')
  @ApiOperation({ summary: "The jurisdiction's ballot requests (no personal data), newest first" })
  async listRequests(@Principal() principal: OfficePrincipal) {
    const rows: Array<Record<string, unknown>> = await withTenant(this.ds, principal.jurisdictionId, (tx) =>
      tx.query(
        `SELECT request_id, tracking_code, status, voter_class, ballot_delivery, mailing_country, reasons, received_at
         FROM ballot_requests WHERE jurisdiction_id = $1 ORDER BY received_at DESC LIMIT 500`,
        [principal.jurisdictionId],
      ),
    );
    return { items: rows };
  }
}
