import { Module } from '@nestjs/common';
import { IntakeModule } from '../intake/intake.module';
import { VriImportController } from './vri-import.controller';
import { VriImportService } from './vri-import.service';

/** Batch import of NIST SP 1500-102 VRI files by the office. */
@Module({ imports: [IntakeModule], controllers: [VriImportController], providers: [VriImportService] })
export class VriImportModule {}
