import { Body, Get, Put } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { putOverridesSchema, stateRulesAnswerSchema } from './state-rules.schemas';
import { StateRulesService } from './state-rules.service';

/** The office's state rules and its overrides of them (docs/state-rules.md). */
@OfficeApi('api/v1/office/state-rules')
export class StateRulesController {
  constructor(private readonly rules: StateRulesService) {}

  @Get()
  @Roles('admin', 'clerk', 'auditor')
  @AuditAction('state-rules.view')
  @ApiOperation({
    summary:
      "The state's rules in force for this office: its state's table, its overrides and the two merged",
  })
  @ApiJsonResponse(200, 'The rules (null where the state has no table).', stateRulesAnswerSchema)
  get(@Principal() p: OfficePrincipal) {
    return this.rules.get(p);
  }

  @Put('overrides')
  @Roles('admin')
  @AuditAction('state-rules.override')
  @ApiJsonBody(putOverridesSchema)
  @ApiOperation({
    summary: "Override some of the state's values for this office (a new version; each value whole, cited)",
  })
  @ApiJsonResponse(200, 'Saved; the rules now in force.', stateRulesAnswerSchema)
  @ApiProblems(400, 409, 422)
  putOverrides(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.rules.putOverrides(p, body);
  }
}
