/**
 * The event data schemas as the gateway publishes them, at the URL each event names in its
 * `ce_dataschema` (`dataschemaBase()` of libs/messaging, from PUBLIC_URL, + `<type>.json`): the catalogue's schema
 * (libs/contracts/src/events, the one producers and consumers validate with), with its
 * dialect and that URL as `$id`.
 */
import { EVENT_CATALOG, EVENT_TYPES, isEventType, type EventType } from '@uocava/contracts';
import { DATASCHEMA_PATH, dataschemaBase } from '@uocava/messaging';

/** The path the schemas are served under (the path of every ce_dataschema). */
export const EVENT_SCHEMAS_PATH = DATASCHEMA_PATH.replace(/^\/|\/$/g, '');

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

export function dataschemaUrl(type: EventType): string {
  return `${dataschemaBase()}${type}.json`;
}

/** The published schema of `type`, or null for an unknown type. */
export function publishedEventSchema(type: string): Record<string, unknown> | null {
  if (!isEventType(type)) return null;
  const { $id: _id, ...schema } = EVENT_CATALOG[type].schema as Record<string, unknown>;
  return { $schema: JSON_SCHEMA_DIALECT, $id: dataschemaUrl(type), ...schema };
}

/** The index: every event type with its topic, summary and schema URL. */
export function eventSchemaIndex() {
  return {
    items: EVENT_TYPES.map((type) => ({
      type,
      topic: EVENT_CATALOG[type].topic,
      summary: EVENT_CATALOG[type].summary,
      dataschema: dataschemaUrl(type),
    })),
  };
}

export const eventSchemaIndexSchema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'topic', 'summary', 'dataschema'],
        properties: {
          type: { type: 'string', enum: EVENT_TYPES },
          topic: { type: 'string' },
          summary: { type: 'string' },
          dataschema: {
            type: 'string',
            format: 'uri',
            description: 'the ce_dataschema of events of this type',
          },
        },
      },
    },
  },
} as const;

/** What `GET /schemas/events/{file}` answers: an event data schema as `publishedEventSchema` builds it. */
export const publishedSchemaShape = {
  type: 'object',
  description: `a JSON Schema, dialect ${JSON_SCHEMA_DIALECT}, of an object (the event data)`,
  required: ['$schema', '$id', 'type', 'properties', 'required'],
  properties: {
    $schema: { const: JSON_SCHEMA_DIALECT },
    $id: { type: 'string', format: 'uri', description: 'the ce_dataschema of events of this type' },
    type: { const: 'object' },
    properties: { type: 'object', additionalProperties: { type: 'object' } },
    required: { type: 'array', items: { type: 'string' } },
  },
} as const;
