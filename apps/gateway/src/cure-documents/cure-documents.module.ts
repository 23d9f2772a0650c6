import { Module } from '@nestjs/common';
import { CureResponsesController } from './cure-responses.controller';
import { CureResponsesService } from './cure-responses.service';
import { VoterDocumentsController } from './voter-documents.controller';
import { VoterDocumentsService } from './voter-documents.service';

/**
 * Cure and FWAB documents (docs/office-operations.md): the voter's cure affidavit and its upload,
 * the FWAB packet, both from the tracking page; the office's view of the cure responses.
 */
@Module({
  controllers: [VoterDocumentsController, CureResponsesController],
  providers: [VoterDocumentsService, CureResponsesService],
  exports: [VoterDocumentsService],
})
export class CureDocumentsModule {}
