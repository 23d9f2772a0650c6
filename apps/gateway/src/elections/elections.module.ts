import { Module } from '@nestjs/common';
import { ElectionsController } from './elections.controller';
import { ElectionsService } from './elections.service';

/** Elections: NIST SP 1500-20 definitions, and ballot style assignments. */
@Module({ controllers: [ElectionsController], providers: [ElectionsService], exports: [ElectionsService] })
export class ElectionsModule {}
