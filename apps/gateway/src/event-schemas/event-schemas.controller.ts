import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { notFound } from '@uocava/platform';
import { ApiContentResponse, ApiJsonResponse, ApiProblems } from '../common/openapi';
import {
  EVENT_SCHEMAS_PATH,
  eventSchemaIndex,
  eventSchemaIndexSchema,
  publishedSchemaShape,
  publishedEventSchema,
} from './event-schemas.schemas';

/** Public: the JSON Schemas of the events' data, where `ce_dataschema` points (docs/events.md). */
@ApiTags('events')
@Controller(EVENT_SCHEMAS_PATH)
export class EventSchemasController {
  @Get()
  @ApiOperation({ summary: 'Every event type with its topic, summary and data schema URL' })
  @ApiJsonResponse(200, 'The event types.', eventSchemaIndexSchema)
  index() {
    return eventSchemaIndex();
  }

  @Get(':file')
  @Header('content-type', 'application/schema+json')
  @ApiOperation({
    summary: 'The JSON Schema (2020-12) of one event type, e.g. uocava.request.submitted.v1.json',
  })
  @ApiParam({ name: 'file', description: '`<event type>.json`, the last segment of ce_dataschema' })
  @ApiContentResponse(200, 'The schema of the event data.', 'application/schema+json', publishedSchemaShape)
  @ApiProblems(404)
  schema(@Param('file') file: string): string {
    const schema = file.endsWith('.json') ? publishedEventSchema(file.slice(0, -'.json'.length)) : null;
    if (schema === null) throw notFound('This event schema');
    return JSON.stringify(schema);
  }
}
