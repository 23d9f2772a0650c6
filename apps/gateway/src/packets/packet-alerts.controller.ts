import { Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import { actorLabel, Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { PacketAlertsService } from './packet-alerts.service';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';
import { packetAlertSchema } from './packets.schemas';

/** The office's alerts about packets that did not reproduce (docs/ballot-packets.md, "Download"). */
@OfficeApi('api/v1/office/packet-alerts')
export class PacketAlertsController {
  constructor(private readonly alerts: PacketAlertsService) {}

  @Get()
  @Roles('clerk', 'auditor', 'admin')
  @AuditAction('packet-alerts.view')
  @ApiOperation({
    summary: 'Packets that did not reproduce on download (same inputs and renderer) and were re-issued',
    description:
      'Open (not yet acknowledged) `mismatch` re-issues, newest first: ballot and request ids, the hashes before and after, the renderer version and when. The voter was served the re-issued packet; the step is on the log as `uocava.ballot.packet-regenerated.v1`.',
  })
  @ApiJsonResponse(200, 'The open alerts.', itemsOf(packetAlertSchema))
  async list(@Principal() p: OfficePrincipal) {
    return { items: await this.alerts.open(p.jurisdictionId) };
  }

  @Post(':regenerationId/acknowledge')
  @HttpCode(204)
  @Roles('clerk', 'admin')
  @AuditAction('packet-alert.acknowledge')
  @ApiOperation({ summary: 'Mark a packet alert as seen (it leaves the overview; the record stays)' })
  @ApiResponse({ status: 204, description: 'Acknowledged.' })
  @ApiProblems(404)
  async acknowledge(@Principal() p: OfficePrincipal, @Param('regenerationId') id: string): Promise<void> {
    await this.alerts.acknowledge(p.jurisdictionId, id, actorLabel(p));
  }
}
