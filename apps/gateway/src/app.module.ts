import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ServiceModule } from '@uocava/platform';
import { BallotRequestsController } from './intake/ballot-requests.controller';
import { IntakeService } from './intake/intake.service';
import { OfficeController } from './office/office.controller';
import { VoterRollController } from './office/voter-roll.controller';
import { OfficeAuthGuard } from './office/office-auth';
import { ReviewController } from './review/review.controller';
import { ReviewService } from './review/review.service';
import { TrackingController } from './tracking/tracking.controller';
import { PacketsController } from './packets/packets.controller';
import { ElectionsController } from './elections/elections.controller';
import { OperationsModule } from './operations/operations.module';
import { AuditedOfficeGuard, AuditInterceptor } from './operations/audit';
import { LogController } from './log/log.controller';
import { TrackingService } from './tracking/tracking.service';
import { PacketService } from './packets/packet.service';
import { PacketAlertsController } from './packets/packet-alerts.controller';
import { PacketAlertsService } from './packets/packet-alerts.service';
import { AssetsController, WebAssets } from './web/assets';
import { Pages } from './web/pages';
import { throttlerOptions } from './web/rate-limit';
import { VoterPagesController } from './web/voter/voter.controller';
import { OfficePageGuard, OfficePagesController } from './web/office/office.controller';
import { OfficeViews } from './web/office/office.views';
import { OfficeSessions } from './web/office/sessions';

@Module({
  imports: [
    ServiceModule.forRoot('gateway', { relay: true }),
    OperationsModule,
    ThrottlerModule.forRootAsync({ useFactory: () => throttlerOptions() }),
  ],
  controllers: [
    BallotRequestsController,
    TrackingController,
    PacketsController,
    PacketAlertsController,
    ElectionsController,
    OfficeController,
    VoterRollController,
    ReviewController,
    LogController,
    AssetsController,
    VoterPagesController,
    OfficePagesController,
  ],
  providers: [
    IntakeService,
    OfficeAuthGuard,
    AuditedOfficeGuard,
    AuditInterceptor,
    TrackingService,
    PacketService,
    PacketAlertsService,
    ReviewService,
    WebAssets,
    Pages,
    OfficeSessions,
    OfficeViews,
    OfficePageGuard,
  ],
})
export class GatewayModule {}
