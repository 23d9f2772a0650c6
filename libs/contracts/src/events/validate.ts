import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { EVENT_CATALOG, type EventDataByType, type EventType, isEventType } from './catalog';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
const validators = new Map<EventType, ValidateFunction>();
for (const [type, spec] of Object.entries(EVENT_CATALOG) as [EventType, { schema: object }][]) {
  validators.set(type, ajv.compile(spec.schema));
}

export type EventValidation<T extends EventType> =
  { ok: true; type: T; data: EventDataByType[T] } | { ok: false; errors: string[] };

/** Checks an event's data against the schema of its type (producers and consumers both call it). */
export function validateEventData(type: string, data: unknown): EventValidation<EventType> {
  if (!isEventType(type)) return { ok: false, errors: [`unknown event type ${JSON.stringify(type)}`] };
  const validate = validators.get(type);
  if (!validate) return { ok: false, errors: [`no schema for ${type}`] };
  if (validate(data)) return { ok: true, type, data: data as EventDataByType[EventType] };
  return {
    ok: false,
    errors: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`),
  };
}
