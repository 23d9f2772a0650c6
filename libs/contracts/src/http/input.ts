/**
 * Validation of office API inputs (bodies and query strings) against their JSON Schemas, the same
 * schemas the OpenAPI document publishes. Each bad field becomes one problem naming it (dotted
 * path, JSON pointer, a code and a message). A property's `description` is the hint its message
 * gives (what a valid value looks like). No I/O.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

export interface InputProblem {
  field: string;
  pointer: string;
  code: string;
  message: string;
}

export type InputResult<T> = { ok: true; value: T } | { ok: false; problems: InputProblem[] };

const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv);
ajv.addFormat('instant', { type: 'string', validate: (s: string) => isInstant(s) });

/** `/createRollRecord/stateVoterId` -> `createRollRecord.stateVoterId`; `` -> `(body)`. */
export function fieldOfPointer(pointer: string): string {
  if (pointer === '') return '(body)';
  return pointer
    .split('/')
    .slice(1)
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

/** The `description` of the schema node at `pointer` (through properties and items), if any. */
function descriptionAt(schema: unknown, pointer: string): string | undefined {
  let node = schema as Record<string, unknown> | undefined;
  for (const token of pointer.split('/').slice(1)) {
    if (node === undefined) return undefined;
    const props = node.properties as Record<string, Record<string, unknown>> | undefined;
    node = /^\d+$/.test(token) ? (node.items as Record<string, unknown> | undefined) : props?.[token];
  }
  return typeof node?.description === 'string' ? node.description : undefined;
}

function problemOf(schema: unknown, e: ErrorObject): InputProblem | undefined {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'if') return undefined; // the branch errors say what is wrong
  if (e.keyword === 'required') {
    const pointer = `${e.instancePath}/${String(params.missingProperty)}`;
    const field = fieldOfPointer(pointer);
    const hint = descriptionAt(schema, pointer);
    return {
      field,
      pointer,
      code: 'required',
      message: hint ? `${field} is required: ${hint}` : `${field} is required.`,
    };
  }
  if (e.keyword === 'additionalProperties') {
    const pointer = `${e.instancePath}/${String(params.additionalProperty)}`;
    return {
      field: fieldOfPointer(pointer),
      pointer,
      code: 'unknown-field',
      message: 'This field is not part of the request.',
    };
  }
  const pointer = e.instancePath;
  const field = fieldOfPointer(pointer);
  const hint = descriptionAt(schema, pointer);
  const code =
    e.keyword === 'type' && pointer === ''
      ? 'type'
      : e.keyword === 'enum' || e.keyword === 'const'
        ? 'not-allowed'
        : 'invalid';
  if (pointer === '' && e.keyword === 'type') return { field, pointer, code, message: 'Send a JSON object.' };
  const allowed =
    e.keyword === 'enum' ? ` (one of ${(params.allowedValues as unknown[]).map(String).join(', ')})` : '';
  return {
    field,
    pointer,
    code,
    // a hint that is a sentence of its own stands alone; a phrase says what the field must be
    message: hint
      ? hint.endsWith('.')
        ? hint
        : `${field}: ${hint}${hint.includes('one of') ? '' : allowed}`
      : `${field} ${e.message ?? 'is invalid'}${allowed}.`,
  };
}

/**
 * A validator of `schema`: the typed value, or one problem per bad field (the first for each field),
 * in the order of their JSON pointers.
 */
export function inputValidator<const S extends JSONSchema>(
  schema: S,
): (value: unknown) => InputResult<FromSchema<S>> {
  const validate: ValidateFunction = ajv.compile(schema as object);
  return (value) => {
    if (validate(value)) return { ok: true, value: value as FromSchema<S> };
    const seen = new Set<string>();
    const problems: InputProblem[] = [];
    for (const e of validate.errors ?? []) {
      const p = problemOf(schema, e);
      if (p === undefined || seen.has(p.pointer)) continue;
      seen.add(p.pointer);
      problems.push(p);
    }
    problems.sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : 0));
    return { ok: false, problems };
  };
}

/**
 * Pattern of an instant with its UTC offset: `2026-11-03T10:00:00-05:00` (seconds optional). A
 * schema pairs it with `format: 'instant'` (isInstant), which also refuses what the pattern lets
 * through but no calendar has (February 30, 24:30, an offset of 99 hours): `Date` would roll those
 * over into another day without a word.
 */
export const DATE_TIME_PATTERN =
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** An instant of DATE_TIME_PATTERN that is a real one: a day of its month, a time of day, an offset. */
export function isInstant(text: string): boolean {
  const m = INSTANT.exec(text);
  if (m === null) return false;
  const [year, month, day, hour, minute, second, offsetHours, offsetMinutes] = m
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 18 &&
    offsetMinutes <= 59
  );
}
export { UUID_PATTERN_TEXT } from '../values';
