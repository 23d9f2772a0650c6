import { Module } from '@nestjs/common';
import { RequestsController } from './requests.controller';

/** The office's list of ballot requests and `whoami`. */
@Module({ controllers: [RequestsController] })
export class RequestsModule {}
