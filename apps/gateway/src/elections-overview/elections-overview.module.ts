import { Module } from '@nestjs/common';
import { MoveActModule } from '../move-act/move-act.module';
import { ReportsModule } from '../reports/reports.module';
import { ElectionsOverviewController } from './elections-overview.controller';
import { ElectionsOverviewService } from './elections-overview.service';

/** Several elections at once: the office API's and the overview page's summary of each. */
@Module({
  imports: [MoveActModule, ReportsModule],
  controllers: [ElectionsOverviewController],
  providers: [ElectionsOverviewService],
  exports: [ElectionsOverviewService],
})
export class ElectionsOverviewModule {}
