import { Module } from '@nestjs/common';
import { CuresController } from './cures.controller';
import { CuresService } from './cures.service';

/** Cure requests, cures and the sweep of passed cure deadlines. */
@Module({ controllers: [CuresController], providers: [CuresService], exports: [CuresService] })
export class CuresModule {}
