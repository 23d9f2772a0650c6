import { Module } from '@nestjs/common';
import { BallotRequestsController } from './ballot-requests.controller';
import { IntakeService } from './intake.service';
import { KeyedRequestsController } from './keyed-requests.controller';

/** Ballot requests (FPCA as JSON or NIST SP 1500-102) from voters, and FPCAs a clerk keys in. */
@Module({
  controllers: [BallotRequestsController, KeyedRequestsController],
  providers: [IntakeService],
  exports: [IntakeService],
})
export class IntakeModule {}
