import { Module } from '@nestjs/common';
import { ServiceModule } from '@uocava/platform';
import { BallotRequestsController } from './intake/ballot-requests.controller';
import { IntakeService } from './intake/intake.service';
import { OfficeController } from './office/office.controller';
import { VoterRollController } from './office/voter-roll.controller';
import { OfficeAuthGuard } from './office/office-auth';
import { ReviewController } from './review/review.controller';
import { TrackingController } from './tracking/tracking.controller';
import { PacketsController } from './packets/packets.controller';
import { ElectionsController } from './elections/elections.controller';
import { OperationsModule } from './operations/operations.module';
import { AuditedOfficeGuard, AuditInterceptor } from './operations/audit';
import { LogController } from './log/log.controller';

@Module({
  imports: [ServiceModule.forRoot('gateway', { relay: true }), OperationsModule],
  controllers: [
    BallotRequestsController,
    TrackingController,
    PacketsController,
    ElectionsController,
    OfficeController,
    VoterRollController,
    ReviewController,
    LogController,
  ],
  providers: [IntakeService, OfficeAuthGuard, AuditedOfficeGuard, AuditInterceptor],
})
export class GatewayModule {}
