import { Module } from '@nestjs/common';
import { VoterSearchController } from './search/search.controller';
import { VoterSearchService } from './search/search.service';

/** Voter service at the office: search (more use cases to come, one folder each). */
@Module({ controllers: [VoterSearchController], providers: [VoterSearchService] })
export class VoterServiceModule {}
