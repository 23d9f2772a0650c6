import { Module } from '@nestjs/common';
import { VoterRollController } from './voter-roll.controller';

/** The voter roll import (streamed CSV, upserted by state voter id). */
@Module({ controllers: [VoterRollController] })
export class VoterRollModule {}
