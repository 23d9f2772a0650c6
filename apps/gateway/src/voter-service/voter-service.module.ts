import { Module } from '@nestjs/common';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { CancelRequestController } from './cancel/cancel.controller';
import { CancelRequestService } from './cancel/cancel.service';
import { ContactChangeController } from './contact-change/contact-change.controller';
import { ContactChangeService } from './contact-change/contact-change.service';
import { ReissueBallotController } from './reissue/reissue.controller';
import { ReissueBallotService } from './reissue/reissue.service';
import { VoterSearchController } from './search/search.controller';
import { VoterSearchService } from './search/search.service';
import { VoterServicePagesController } from './voter-service-pages.controller';

/** Voter service at the office, one folder per use case: search, contact change, cancel, reissue;
 * the clerk's page over the same services. */
@Module({
  imports: [OfficePagesModule],
  controllers: [
    VoterSearchController,
    ContactChangeController,
    CancelRequestController,
    ReissueBallotController,
    VoterServicePagesController,
  ],
  providers: [VoterSearchService, ContactChangeService, CancelRequestService, ReissueBallotService],
})
export class VoterServiceModule {}
