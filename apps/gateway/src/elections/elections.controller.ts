import { Body, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import {
  assignStyleSchema,
  defineElectionSchema,
  electionDefinedSchema,
  electionListItemSchema,
  electionSchema,
  styleAssignedSchema,
  styleAssignmentItemSchema,
} from './elections.schemas';
import { ElectionsService } from './elections.service';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';

@OfficeApi('api/v1/office/elections')
export class ElectionsController {
  constructor(private readonly elections: ElectionsService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin', 'clerk')
  @AuditAction('election.define')
  @ApiJsonBody(defineElectionSchema)
  @ApiOperation({
    summary: 'Define an election from a NIST SP 1500-20 ballot definition plus the office settings',
    description:
      'Body: `{ "definition": <NIST 1500-20 JSON>, "settings": { electionDate, type, federalOffices, returnRule, oathText? } }`. ' +
      'Emits uocava.election.defined.v1 in the same transaction: every verified request whose FPCA covers the ' +
      "election's year gets its ballot, including requests verified before the election was defined.",
  })
  @ApiJsonResponse(201, 'Defined.', electionDefinedSchema)
  @ApiProblems(400, 409, 422)
  define(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.elections.define(p, body);
  }

  @Get()
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('election.list')
  @ApiOperation({ summary: "The jurisdiction's elections, by date" })
  @ApiJsonResponse(200, 'The elections.', itemsOf(electionListItemSchema))
  list(@Principal() p: OfficePrincipal) {
    return this.elections.list(p);
  }

  @Get(':electionId')
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('election.view')
  @ApiOperation({ summary: 'One election with its ballot styles and contests' })
  @ApiJsonResponse(200, 'The election.', electionSchema)
  @ApiProblems(404)
  get(@Principal() p: OfficePrincipal, @Param('electionId') electionId: string) {
    return this.elections.get(p, electionId);
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
  @ApiJsonResponse(200, 'Requests waiting for a style.', itemsOf(styleAssignmentItemSchema))
  @ApiProblems(404)
  styleAssignments(@Principal() p: OfficePrincipal, @Param('electionId') electionId: string) {
    return this.elections.styleAssignments(p, electionId);
  }

  @Post(':electionId/style-assignments')
  @HttpCode(202)
  @Roles('admin', 'clerk')
  @AuditAction('election.style-assign')
  @ApiJsonBody(assignStyleSchema)
  @ApiOperation({
    summary: "Assign a request's ballot style for this election; the ballot is then generated with it",
    description: 'Body: `{ "requestId": <uuid>, "ballotStyleId": <a style of this election> }`.',
  })
  @ApiJsonResponse(202, 'Assigned; the ballot is generated.', styleAssignedSchema)
  @ApiProblems(400, 404, 409)
  assign(@Principal() p: OfficePrincipal, @Param('electionId') electionId: string, @Body() body: unknown) {
    return this.elections.assignStyle(p, electionId, body);
  }
}
