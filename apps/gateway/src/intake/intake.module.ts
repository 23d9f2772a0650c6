import { Module } from '@nestjs/common';
import { BallotRequestsController } from './ballot-requests.controller';
import { IntakeService } from './intake.service';

/** Ballot requests (FPCA as JSON or NIST SP 1500-102) from voters. */
@Module({ controllers: [BallotRequestsController], providers: [IntakeService], exports: [IntakeService] })
export class IntakeModule {}
