import { Module } from '@nestjs/common';
import { MoveActController } from './move-act.controller';
import { MoveActService } from './move-act.service';

/** The MOVE Act 45-day monitor and its daily summary event. */
@Module({ controllers: [MoveActController], providers: [MoveActService], exports: [MoveActService] })
export class MoveActModule {}
