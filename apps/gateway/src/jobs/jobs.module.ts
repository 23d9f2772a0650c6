import { Module } from '@nestjs/common';
import { CuresModule } from '../cures/cures.module';
import { MoveActModule } from '../move-act/move-act.module';
import { GatewayJobs } from './jobs.provider';

/** The gateway's periodic jobs (cure sweep, MOVE Act summaries). */
@Module({ imports: [CuresModule, MoveActModule], providers: [GatewayJobs] })
export class JobsModule {}
