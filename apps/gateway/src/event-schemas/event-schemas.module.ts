import { Module } from '@nestjs/common';
import { EventSchemasController } from './event-schemas.controller';

/** The published JSON Schemas of the events (the targets of `ce_dataschema`). */
@Module({ controllers: [EventSchemasController] })
export class EventSchemasModule {}
