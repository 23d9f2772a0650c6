import { Body, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { utcDateOf, validateBallotRequest } from '@uocava/domain';
import { invalidRequest } from '@uocava/platform';
import { AuditAction } from '../common/audit';
import { Clock } from '../common/clock';
import { checked } from '../common/input';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { requestAcceptedSchema, requestDuplicateSchema } from './intake.schemas';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { IntakeService } from './intake.service';
import { keyedRequestSchema, parseKeyedRequest } from './keyed-requests.schemas';

/** Clock skew allowed for a receipt time (a clerk's watch, a scanner). */
const SKEW_MS = 5 * 60_000;

/**
 * Voter service: a clerk keys in an FPCA that came by mail, fax, e-mail or in person. It is
 * checked by the voter's rules (affirmation dated by the day it was received), stored with its
 * method and receipt time (EAVS RequestMethod and RequestDate; the MOVE Act clock runs from the
 * receipt), and then verified like any other request. The office may key in only its own FPCAs.
 */
@OfficeApi()
export class KeyedRequestsController {
  constructor(
    private readonly intake: IntakeService,
    private readonly clock: Clock,
  ) {}

  @Post('ballot-requests')
  @HttpCode(202)
  @Roles('clerk', 'admin')
  @AuditAction('ballot-request.key-in')
  @ApiJsonBody(keyedRequestSchema)
  @ApiOperation({
    summary: 'Key in a paper, faxed or e-mailed FPCA: `{ fpca, method, receivedAt }`',
    description:
      '202 with the request id and tracking code (200 `duplicate` when the voter already has an active request this year); 400 problem+json naming each bad field, `fpca.`-prefixed for the FPCA.',
  })
  @ApiJsonResponse(202, 'Stored; verification follows.', requestAcceptedSchema)
  @ApiJsonResponse(200, 'The voter already has an active request: no tracking code.', requestDuplicateSchema)
  @ApiProblems(400, 415)
  async keyIn(
    @Principal() p: OfficePrincipal,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const input = checked(parseKeyedRequest(body));
    const receivedAt = new Date(input.receivedAt);
    const problems = [];
    if (receivedAt.getTime() > this.clock.now().getTime() + SKEW_MS)
      problems.push({
        field: 'receivedAt',
        pointer: '/receivedAt',
        code: 'invalid',
        message: 'receivedAt is in the future: give the day the FPCA arrived',
      });
    const fpca = validateBallotRequest(input.fpca, utcDateOf(receivedAt));
    if (!fpca.ok)
      problems.push(
        ...fpca.problems.map((f) => ({ ...f, field: `fpca.${f.field}`, pointer: `/fpca${f.pointer}` })),
      );
    else if (fpca.value.jurisdictionId !== p.jurisdictionId)
      problems.push({
        field: 'fpca.jurisdictionId',
        pointer: '/fpca/jurisdictionId',
        code: 'invalid',
        message: 'an office keys in only the FPCAs addressed to it',
      });
    if (problems.length > 0 || !fpca.ok) throw invalidRequest(problems);
    const result = await this.intake.submit(fpca.value, 'json', receivedAt, input.method);
    if (result.duplicate) res.status(200);
    return result;
  }
}
