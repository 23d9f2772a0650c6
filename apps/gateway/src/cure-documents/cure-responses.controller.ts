import { Body, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { CURE_UPLOAD_TYPES } from '@uocava/domain';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';
import { cureResponseSchema, recordCureResponseSchema } from './cure-documents.schemas';
import { CureResponsesService } from './cure-responses.service';

@OfficeApi()
export class CureResponsesController {
  constructor(private readonly responses: CureResponsesService) {}

  @Get('ballots/:ballotId/cure-responses')
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('cure-response.list')
  @ApiOperation({
    summary:
      "The ballot's cure responses: uploads from the tracking page and those received by mail, fax or e-mail",
  })
  @ApiJsonResponse(200, 'The cure responses, oldest first.', itemsOf(cureResponseSchema))
  @ApiProblems(404)
  list(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string) {
    return this.responses.list(p, ballotId);
  }

  @Get('ballots/:ballotId/cure-responses/:responseId/file')
  @Roles('clerk', 'admin')
  @AuditAction('cure-response.open')
  @ApiOperation({
    summary: 'The file a voter uploaded (opened from its sealed copy), to check the signed affidavit',
  })
  @ApiResponse({
    status: 200,
    description: 'The uploaded file as it was received (Content-Type says which kind).',
    content: Object.fromEntries(
      CURE_UPLOAD_TYPES.map((t) => [t, { schema: { type: 'string', contentMediaType: t } }]),
    ),
  })
  @ApiProblems(404)
  async file(
    @Principal() p: OfficePrincipal,
    @Param('ballotId') ballotId: string,
    @Param('responseId') responseId: string,
    @Res() res: Response,
  ): Promise<void> {
    const f = await this.responses.file(p, ballotId, responseId);
    res.status(200).setHeader('Content-Type', f.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="cure-response-${responseId}"`);
    res.end(f.bytes);
  }

  @Post('ballots/:ballotId/cure-responses')
  @HttpCode(201)
  @Roles('clerk')
  @AuditAction('cure-response.record')
  @ApiJsonBody(recordCureResponseSchema)
  @ApiOperation({
    summary: 'Record a signed cure affidavit received by mail, fax or e-mail: `{ method, receivedAt }`',
    description:
      'Then record the cure itself with POST /ballots/{ballotId}/cure. 409 when the ballot is not waiting for a cure.',
  })
  @ApiJsonResponse(201, 'Recorded.', cureResponseSchema)
  @ApiProblems(400, 404, 409)
  record(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string, @Body() body: unknown) {
    return this.responses.record(p, ballotId, body);
  }
}
