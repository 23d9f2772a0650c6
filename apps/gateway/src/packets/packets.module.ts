import { Module } from '@nestjs/common';
import { HeldPacketsController } from './held-packets.controller';
import { HeldPacketsService } from './held-packets.service';
import { PacketAlertsController } from './packet-alerts.controller';
import { PacketAlertsService } from './packet-alerts.service';
import { PacketService } from './packet.service';
import { PacketsController } from './packets.controller';

/** Ballot packets: the download behind the unguessable link, re-issues, the office's alerts and held packets. */
@Module({
  controllers: [PacketsController, PacketAlertsController, HeldPacketsController],
  providers: [PacketService, PacketAlertsService, HeldPacketsService],
  exports: [PacketService, PacketAlertsService, HeldPacketsService],
})
export class PacketsModule {}
