import { Module } from '@nestjs/common';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { ReturnsPagesController } from './returns-pages.controller';
import { ReturnsController } from './returns.controller';
import { ReturnsService } from './returns.service';

/** Returned envelopes: the office API and the clerk's page. */
@Module({
  imports: [OfficePagesModule],
  controllers: [ReturnsController, ReturnsPagesController],
  providers: [ReturnsService],
})
export class ReturnsModule {}
