import { Module } from '@nestjs/common';
import { StateRulesController } from './state-rules.controller';
import { StateRulesService } from './state-rules.service';

/** The office's state rules and its overrides (docs/state-rules.md). */
@Module({ controllers: [StateRulesController], providers: [StateRulesService] })
export class StateRulesModule {}
