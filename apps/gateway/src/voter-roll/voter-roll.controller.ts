import { HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { DataSource } from 'typeorm';
import { KeyRing } from '@uocava/database';
import { ProblemException } from '@uocava/platform';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { importRoll, rollImportReportSchema, type RollImportReport } from './roll-import';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';

@OfficeApi('api/v1/office/voter-roll')
export class VoterRollController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin', 'clerk')
  @AuditAction('voter-roll.import')
  @ApiOperation({
    summary: 'Import (upsert) the voter roll from CSV, streamed',
    description:
      'Header: state_voter_id,first_name,middle_name,last_name,suffix,date_of_birth,drivers_license,ssn4,' +
      'residence_street,residence_city,residence_state,residence_zip,county,precinct,party,status. Rows that fail are ' +
      'refused with their line numbers and reasons; a file that cannot be read to its end changes nothing. One ' +
      "import of an office's roll runs at a time: a second waits until the first has been applied, then reads its file.",
    requestBody: {
      required: true,
      content: { 'text/csv': { schema: { type: 'string', description: 'the roll, one voter a line' } } },
    },
  })
  @ApiJsonResponse(200, 'The import report.', rollImportReportSchema)
  @ApiProblems(400, 415)
  async import(@Principal() principal: OfficePrincipal, @Req() req: Request): Promise<RollImportReport> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'text/csv') {
      throw new ProblemException(
        415,
        'unsupported-media-type',
        'Unsupported content type',
        'Send the roll as text/csv.',
      );
    }
    const keys = await this.keyRing.forJurisdiction(principal.jurisdictionId);
    return importRoll(this.ds, keys, req);
  }
}
