import { Module } from '@nestjs/common';
import { PacketAlertsController } from './packet-alerts.controller';
import { PacketAlertsService } from './packet-alerts.service';
import { PacketService } from './packet.service';
import { PacketsController } from './packets.controller';

/** Ballot packets: the download behind the unguessable link, re-issues, and the office's alerts. */
@Module({
  controllers: [PacketsController, PacketAlertsController],
  providers: [PacketService, PacketAlertsService],
  exports: [PacketService, PacketAlertsService],
})
export class PacketsModule {}
