import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { stopRollWorkers } from './roll-workers';
import { VoterRollController } from './voter-roll.controller';

/** The voter roll import (streamed CSV, upserted by state voter id; rows checked on worker threads). */
@Module({ controllers: [VoterRollController] })
export class VoterRollModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopRollWorkers();
  }
}
