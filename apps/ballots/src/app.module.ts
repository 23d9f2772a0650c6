import { Module } from '@nestjs/common';
import { ServiceModule } from '@uocava/platform';
import { BallotsWorker } from './ballots.worker';

@Module({
  imports: [ServiceModule.forRoot('ballots', { relay: true })],
  providers: [BallotsWorker],
})
export class BallotsModule {}
