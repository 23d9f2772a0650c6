import { Module } from '@nestjs/common';
import { CureDocumentsModule } from '../../cure-documents/cure-documents.module';
import { IntakeModule } from '../../intake/intake.module';
import { PacketsModule } from '../../packets/packets.module';
import { TrackingModule } from '../../tracking/tracking.module';
import { CureUploadPageController } from './cure-upload.controller';
import { VoterPagesController } from './voter.controller';

/** The voter's pages: request form, tracking with receipts, the packet page and the accessible ballot. */
@Module({
  imports: [IntakeModule, TrackingModule, PacketsModule, CureDocumentsModule],
  controllers: [VoterPagesController, CureUploadPageController],
})
export class VoterPagesModule {}
