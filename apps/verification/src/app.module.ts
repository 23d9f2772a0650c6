import { Module } from '@nestjs/common';
import { ServiceModule } from '@uocava/platform';
import { VerificationWorker } from './verification.worker';

@Module({
  imports: [ServiceModule.forRoot('verification', { relay: true })],
  providers: [VerificationWorker],
})
export class VerificationModule {}
