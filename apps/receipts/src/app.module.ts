import { Module } from '@nestjs/common';
import { ServiceModule } from '@uocava/platform';
import { ReceiptsWorker } from './receipts.worker';

@Module({
  imports: [ServiceModule.forRoot('receipts', { relay: true })],
  providers: [ReceiptsWorker],
})
export class ReceiptsModule {}
