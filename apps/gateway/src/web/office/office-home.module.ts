import { Module } from '@nestjs/common';
import { ElectionsOverviewModule } from '../../elections-overview/elections-overview.module';
import { MoveActModule } from '../../move-act/move-act.module';
import { PacketsModule } from '../../packets/packets.module';
import { ReportsModule } from '../../reports/reports.module';
import { OfficeHomeController } from './office.controller';
import { OfficePagesModule } from './office-pages.module';

/** Sign-in, sign-out and the overview of the clerk's pages. */
@Module({
  imports: [OfficePagesModule, MoveActModule, PacketsModule, ReportsModule, ElectionsOverviewModule],
  controllers: [OfficeHomeController],
})
export class OfficeHomeModule {}
