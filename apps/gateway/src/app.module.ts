import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { ServiceModule } from '@uocava/platform';
import { AuditTrailModule } from './audit-trail/audit-trail.module';
import { ClockModule } from './common/clock';
import { throttlerOptions } from './common/rate-limit';
import { CureDocumentsModule } from './cure-documents/cure-documents.module';
import { CuresModule } from './cures/cures.module';
import { DecisionsModule } from './decisions/decisions.module';
import { ElectionsModule } from './elections/elections.module';
import { ElectionsOverviewModule } from './elections-overview/elections-overview.module';
import { EventSchemasModule } from './event-schemas/event-schemas.module';
import { FpcaPdfModule } from './fpca-pdf/fpca-pdf.module';
import { FwabModule } from './fwab/fwab.module';
import { IntakeModule } from './intake/intake.module';
import { JobsModule } from './jobs/jobs.module';
import { LogModule } from './log/log.module';
import { MoveActModule } from './move-act/move-act.module';
import { OperationsMetricsModule } from './operations-metrics/operations-metrics';
import { OfficeNotificationsModule } from './office-notifications/office-notifications.module';
import { PacketsModule } from './packets/packets.module';
import { PrintBatchesModule } from './print-batches/print-batches.module';
import { ReportsModule } from './reports/reports.module';
import { RequestsModule } from './requests/requests.module';
import { ReturnsModule } from './returns/returns.module';
import { ReviewModule } from './review/review.module';
import { TrackingModule } from './tracking/tracking.module';
import { TransmissionsModule } from './transmissions/transmissions.module';
import { VoterRollModule } from './voter-roll/voter-roll.module';
import { VoterServiceModule } from './voter-service/voter-service.module';
import { VriImportModule } from './vri-import/vri-import.module';
import { OfficeHomeModule } from './web/office/office-home.module';
import { StaffModule } from './staff/staff.module';
import { VoterPagesModule } from './web/voter/voter-pages.module';
import { WebModule } from './web/web.module';
import { WebhooksModule } from './webhooks/webhooks.module';
import { StateRulesModule } from './state-rules/state-rules.module';

/**
 * The gateway: one Nest module per feature (docs/architecture.md, "The gateway"). The voter's
 * features (intake, tracking, packets, log), the event schemas, the office's (elections, voter roll, review, returns,
 * decisions, cures, transmissions, FWAB, MOVE Act, reports, audit trail, notifications, requests),
 * the web pages, and the periodic jobs.
 */
@Module({
  imports: [
    ServiceModule.forRoot('gateway', { relay: true }),
    ThrottlerModule.forRootAsync({ useFactory: () => throttlerOptions() }),
    ClockModule,
    WebModule,
    IntakeModule,
    TrackingModule,
    PacketsModule,
    LogModule,
    EventSchemasModule,
    RequestsModule,
    ElectionsModule,
    VoterRollModule,
    VoterServiceModule,
    ReviewModule,
    ReturnsModule,
    DecisionsModule,
    CuresModule,
    TransmissionsModule,
    PrintBatchesModule,
    FwabModule,
    MoveActModule,
    ReportsModule,
    ElectionsOverviewModule,
    AuditTrailModule,
    OfficeNotificationsModule,
    WebhooksModule,
    StateRulesModule,
    CureDocumentsModule,
    FpcaPdfModule,
    VriImportModule,
    OfficeHomeModule,
    StaffModule,
    VoterPagesModule,
    JobsModule,
    OperationsMetricsModule,
  ],
})
export class GatewayModule {}
