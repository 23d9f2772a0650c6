/**
 * A small validator for Frictionless Table Schema documents (the subset the EAVS Section B
 * standard uses): field types `string`, `date`, `datetime`, `integer`, `number`, `boolean`,
 * `array`; constraints `required`, `unique`, `enum`, `pattern`, `minLength`, `maxLength`, and the
 * ESB extension `esb$enum` (allowed values of each array item); `missingValues`. Driven entirely by
 * the schema JSON, nothing is specific to one field.
 */
import { isRecord, isStringArray } from '@uocava/contracts/values';

export interface TableSchemaConstraints {
  required?: boolean;
  unique?: boolean;
  enum?: readonly string[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  esb$enum?: readonly string[];
}
export interface TableSchemaField {
  name: string;
  type: string;
  constraints?: TableSchemaConstraints;
}
export interface TableSchema {
  fields: readonly TableSchemaField[];
  missingValues?: readonly string[];
}

export const TABLE_SCHEMA_ERROR_CODES = [
  'header-mismatch',
  'missing-field',
  'extra-field',
  'required',
  'type',
  'enum',
  'pattern',
  'length',
  'unique',
  'unsupported-type',
] as const;
export type TableSchemaErrorCode = (typeof TABLE_SCHEMA_ERROR_CODES)[number];

export interface TableSchemaError {
  code: TableSchemaErrorCode;
  /** 0-based data row, or -1 for the header */
  row: number;
  field: string;
  message: string;
}

/** Narrows parsed JSON to a TableSchema; throws TypeError with the offending path otherwise. */
export function parseTableSchema(json: unknown): TableSchema {
  if (!isRecord(json) || !Array.isArray(json.fields)) throw new TypeError('table schema: fields[] missing');
  const fields = json.fields.map((f: unknown, i): TableSchemaField => {
    if (!isRecord(f) || typeof f.name !== 'string') throw new TypeError(`table schema: fields[${i}].name`);
    const type = f.type === undefined ? 'string' : f.type;
    if (typeof type !== 'string') throw new TypeError(`table schema: fields[${i}].type`);
    const c = f.constraints;
    if (c === undefined) return { name: f.name, type };
    if (!isRecord(c)) throw new TypeError(`table schema: fields[${i}].constraints`);
    const constraints: TableSchemaConstraints = {};
    if (typeof c.required === 'boolean') constraints.required = c.required;
    if (typeof c.unique === 'boolean') constraints.unique = c.unique;
    if (typeof c.pattern === 'string') constraints.pattern = c.pattern;
    if (typeof c.minLength === 'number') constraints.minLength = c.minLength;
    if (typeof c.maxLength === 'number') constraints.maxLength = c.maxLength;
    for (const key of ['enum', 'esb$enum'] as const) {
      if (c[key] === undefined) continue;
      if (!isStringArray(c[key])) throw new TypeError(`table schema: fields[${i}].constraints.${key}`);
      constraints[key] = c[key];
    }
    return { name: f.name, type, constraints };
  });
  const mv = json.missingValues;
  if (mv !== undefined && !isStringArray(mv)) throw new TypeError('table schema: missingValues');
  return { fields, missingValues: mv ?? [''] };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
function validDate(v: string): boolean {
  const m = DATE.exec(v);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === v;
}
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?$/;

/** Parses a cell into its typed value, or returns undefined if it does not fit the type. */
function cast(type: string, v: string): unknown[] | string | number | boolean | undefined | null {
  switch (type) {
    case 'string':
    case 'any':
      return v;
    case 'date':
      return validDate(v) ? v : undefined;
    case 'datetime':
      return DATETIME.test(v) && validDate(v.slice(0, 10)) && !Number.isNaN(Date.parse(v)) ? v : undefined;
    case 'integer':
      return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
    case 'number':
      return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(v) ? Number(v) : undefined;
    case 'boolean':
      return v === 'true' ? true : v === 'false' ? false : undefined;
    case 'array': {
      try {
        const parsed: unknown = JSON.parse(v);
        return Array.isArray(parsed) ? parsed : undefined;
      } catch {
        return undefined;
      }
    }
    default:
      return null;
  }
}

function isCells(row: readonly string[] | Readonly<Record<string, string>>): row is readonly string[] {
  return Array.isArray(row);
}

interface CompiledField {
  field: TableSchemaField;
  pattern?: RegExp;
}

/**
 * Validates a header and its rows (cells as text, as read from the CSV) against a table schema.
 * Rows may be arrays (in header order) or records keyed by field name.
 */
export function validateTable(
  schema: TableSchema,
  header: readonly string[],
  rows: Iterable<readonly string[] | Readonly<Record<string, string>>>,
): TableSchemaError[] {
  const errors: TableSchemaError[] = [];
  const names = schema.fields.map((f) => f.name);
  if (header.length !== names.length || header.some((h, i) => h !== names[i])) {
    errors.push({
      code: 'header-mismatch',
      row: -1,
      field: '',
      message: `header must be: ${names.join(',')}`,
    });
  }
  const missing = new Set(schema.missingValues ?? ['']);
  const compiled: CompiledField[] = schema.fields.map((field) => ({
    field,
    pattern:
      field.constraints?.pattern !== undefined
        ? new RegExp(`^(?:${field.constraints.pattern})$`, 'u')
        : undefined,
  }));
  const seen = new Map<string, Set<string>>();
  const headerIndex = new Map(header.map((h, i) => [h, i] as const));
  let r = -1;
  for (const row of rows) {
    r += 1;
    const cellOf = (name: string): string | undefined => {
      if (isCells(row)) {
        const at = headerIndex.get(name);
        return at === undefined ? undefined : row[at];
      }
      return Object.prototype.hasOwnProperty.call(row, name) ? row[name] : undefined;
    };
    if (isCells(row) && row.length !== header.length) {
      errors.push({
        code: row.length < header.length ? 'missing-field' : 'extra-field',
        row: r,
        field: '',
        message: `row has ${row.length} cells, header ${header.length}`,
      });
    }
    if (!isCells(row)) {
      for (const key of Object.keys(row)) {
        if (!names.includes(key))
          errors.push({ code: 'extra-field', row: r, field: key, message: 'not in the schema' });
      }
    }
    compiled.forEach(({ field, pattern }) => {
      const c = field.constraints ?? {};
      const raw = cellOf(field.name);
      const err = (code: TableSchemaErrorCode, message: string): void => {
        errors.push({ code, row: r, field: field.name, message });
      };
      if (raw === undefined) {
        err('missing-field', 'no cell');
        return;
      }
      if (missing.has(raw)) {
        if (c.required === true) err('required', 'a required value is missing');
        return;
      }
      const value = cast(field.type, raw);
      if (value === null) return err('unsupported-type', `type ${field.type} is not supported`);
      if (value === undefined)
        return err('type', `not a valid ${field.type}: ${JSON.stringify(raw).slice(0, 60)}`);
      if (c.enum !== undefined && !c.enum.includes(raw))
        err('enum', `not one of the allowed values: ${raw.slice(0, 60)}`);
      if (pattern !== undefined && !pattern.test(raw)) err('pattern', `does not match ${c.pattern ?? ''}`);
      if (c.minLength !== undefined || c.maxLength !== undefined) {
        const len = Array.isArray(value) ? value.length : raw.length;
        if (
          (c.minLength !== undefined && len < c.minLength) ||
          (c.maxLength !== undefined && len > c.maxLength)
        ) {
          err('length', `length ${len} outside the allowed range`);
        }
      }
      const itemEnum = c['esb$enum'];
      if (itemEnum !== undefined) {
        const items = Array.isArray(value) ? value : [value];
        for (const item of items) {
          if (typeof item !== 'string' || !itemEnum.includes(item)) {
            err('enum', `item not one of the allowed values: ${JSON.stringify(item).slice(0, 60)}`);
          }
        }
      }
      if (c.unique === true) {
        let s = seen.get(field.name);
        if (!s) seen.set(field.name, (s = new Set()));
        if (s.has(raw)) err('unique', 'duplicate value');
        s.add(raw);
      }
    });
  }
  return errors;
}
