import { Module } from '@nestjs/common';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { TransmissionsPagesController } from './transmissions-pages.controller';
import { TransmissionsController } from './transmissions.controller';
import { TransmissionsService } from './transmissions.service';

/** Mail and fax transmissions: the work queue, the office API and the clerk's page. */
@Module({
  imports: [OfficePagesModule],
  controllers: [TransmissionsController, TransmissionsPagesController],
  providers: [TransmissionsService],
})
export class TransmissionsModule {}
