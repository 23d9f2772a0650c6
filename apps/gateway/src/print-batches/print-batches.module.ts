import { Module } from '@nestjs/common';
import { PacketsModule } from '../packets/packets.module';
import { OfficePagesModule } from '../web/office/office-pages.module';
import { PrintBatchesPagesController } from './print-batches-pages.controller';
import { CancelPrintBatchController } from './cancel/cancel-batch.controller';
import { CancelPrintBatchService } from './cancel/cancel-batch.service';
import { CreatePrintBatchController } from './create/create-batch.controller';
import { CreatePrintBatchService } from './create/create-batch.service';
import { FaxPacketController } from './fax/fax-packet.controller';
import { FaxPacketService } from './fax/fax-packet.service';
import { ListPrintBatchesController } from './list/list-batches.controller';
import { BatchPdfController } from './pdf/batch-pdf.controller';
import { BatchPdfService } from './pdf/batch-pdf.service';
import { BatchSentController } from './sent/batch-sent.controller';
import { BatchSentService } from './sent/batch-sent.service';

/** Mail and fax delivery (issue 15 item 2): print batches and the office's packet download for fax. */
@Module({
  imports: [PacketsModule, OfficePagesModule],
  controllers: [
    CreatePrintBatchController,
    ListPrintBatchesController,
    BatchPdfController,
    BatchSentController,
    CancelPrintBatchController,
    FaxPacketController,
    PrintBatchesPagesController,
  ],
  providers: [
    CreatePrintBatchService,
    BatchPdfService,
    BatchSentService,
    CancelPrintBatchService,
    FaxPacketService,
  ],
  exports: [
    CreatePrintBatchService,
    BatchPdfService,
    BatchSentService,
    CancelPrintBatchService,
    FaxPacketService,
  ],
})
export class PrintBatchesModule {}
