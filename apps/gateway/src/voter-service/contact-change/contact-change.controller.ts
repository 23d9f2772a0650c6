import { Body, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../../common/audit';
import { ApiJsonBody, OfficeApi } from '../../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../../common/openapi';
import { contactChangedAnswerSchema, contactChangeSchema } from './contact-change.schemas';
import { ContactChangeService } from './contact-change.service';

@OfficeApi()
export class ContactChangeController {
  constructor(private readonly service: ContactChangeService) {}

  @Post('ballot-requests/:requestId/contact-change')
  @HttpCode(200)
  @Roles('clerk')
  @AuditAction('ballot-request.contact-change')
  @ApiJsonBody(contactChangeSchema)
  @ApiOperation({
    summary: "Change a voter's e-mail, phone, mailing address or delivery method",
    description:
      'Only the values that change (`null` removes the e-mail or phone). The request is checked again with ' +
      'every rule of a new request (400 naming each field), re-sealed, and kept as it was in the change ' +
      'history; `uocava.request.contact-changed.v1` names the fields, never the values. The voter is told at ' +
      'the new address and, when the e-mail changed, at the old one. A ballot already sent stays valid: ' +
      'reissue it to send it again to the new address.',
  })
  @ApiJsonResponse(200, 'Changed.', contactChangedAnswerSchema)
  @ApiProblems(400, 404, 409)
  change(@Principal() p: OfficePrincipal, @Param('requestId') requestId: string, @Body() body: unknown) {
    return this.service.change(p, requestId, body);
  }
}
