import { Module } from '@nestjs/common';
import { CancelRequestController } from './cancel/cancel.controller';
import { CancelRequestService } from './cancel/cancel.service';
import { ContactChangeController } from './contact-change/contact-change.controller';
import { ContactChangeService } from './contact-change/contact-change.service';
import { ReissueBallotController } from './reissue/reissue.controller';
import { ReissueBallotService } from './reissue/reissue.service';
import { VoterSearchController } from './search/search.controller';
import { VoterSearchService } from './search/search.service';

/** Voter service at the office, one folder per use case: search, contact change, cancel, reissue. */
@Module({
  controllers: [VoterSearchController, ContactChangeController, CancelRequestController, ReissueBallotController],
  providers: [VoterSearchService, ContactChangeService, CancelRequestService, ReissueBallotService],
})
export class VoterServiceModule {}
