import { Module } from '@nestjs/common';
import { FpcaPdfController } from './fpca-pdf.controller';

/** The FPCA of a request as a PDF for wet-signature states. */
@Module({ controllers: [FpcaPdfController] })
export class FpcaPdfModule {}
