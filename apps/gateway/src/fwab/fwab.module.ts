import { Module } from '@nestjs/common';
import { FwabController } from './fwab.controller';
import { FwabService } from './fwab.service';

/** Federal Write-In Absentee Ballots (docs/office-operations.md). */
@Module({ controllers: [FwabController], providers: [FwabService], exports: [FwabService] })
export class FwabModule {}
