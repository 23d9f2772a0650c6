import { Module } from '@nestjs/common';
import { CuresModule } from '../cures/cures.module';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { DecisionsPagesController } from './decisions-pages.controller';
import { DecisionsController } from './decisions.controller';
import { DecisionsService } from './decisions.service';

/** Decisions on returned ballots: the office API and the clerk's page (which also asks for cures). */
@Module({
  imports: [CuresModule, OfficePagesModule],
  controllers: [DecisionsController, DecisionsPagesController],
  providers: [DecisionsService],
})
export class DecisionsModule {}
