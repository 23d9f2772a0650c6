import { Module } from '@nestjs/common';
import { LogController } from './log.controller';

/** The public transparency-log routes (checkpoints, entries, proofs, keys). */
@Module({ controllers: [LogController] })
export class LogModule {}
