import { Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';
import { heldPacketSchema, releasedPacketSchema } from './packets.schemas';
import { ApiOperation } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { actorLabel, Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { HeldPacketsService } from './held-packets.service';

/** Packets held because the fonts cannot draw some of the voter's text (docs/ballot-packets.md). */
@OfficeApi('api/v1/office/held-packets')
export class HeldPacketsController {
  constructor(private readonly held: HeldPacketsService) {}

  @Get()
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('held-packets.view')
  @ApiOperation({
    summary: 'Packets held because the fonts cannot draw some of the voter’s text',
    description:
      'Oldest first: ballot, request and election ids, the delivery method, the characters that would print as □, and when it was held. Nothing is sent until the office releases it.',
  })
  @ApiJsonResponse(200, 'The held packets, oldest first.', itemsOf(heldPacketSchema))
  async list(@Principal() p: OfficePrincipal) {
    return { items: await this.held.list(p.jurisdictionId) };
  }

  @Post(':ballotId/release')
  @HttpCode(200)
  @Roles('clerk', 'admin')
  @AuditAction('held-packet.release')
  @ApiOperation({
    summary:
      'Release a held packet: an e-mail/online one is transmitted now, a mail/fax one joins the work queue',
  })
  @ApiJsonResponse(200, 'Released.', releasedPacketSchema)
  @ApiProblems(404)
  release(@Principal() p: OfficePrincipal, @Param('ballotId') ballotId: string) {
    return this.held.release(p.jurisdictionId, ballotId, actorLabel(p));
  }
}
