/**
 * The NIST SP 1500-20 (v1) JSON Schema (draft-07), compiled once with ajv, and its errors as one
 * line per offending path.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isRecord } from '@uocava/contracts/values';
// The vendored schema is the contract; the JSON is compiled in, no file is read at run time.
import nistSchema from '@uocava/contracts/standards/nist-1500-20-ballot-definition/NIST_V1_ballot_definition.json';
import type { ImportError } from './model';

let compiled: ValidateFunction | undefined;
export function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    // `refTypes` is a NIST annotation naming the type an id refers to; not a validation keyword.
    ajv.addKeyword({ keyword: 'refTypes', schemaType: 'array' });
    compiled = ajv.compile(nistSchema);
  }
  return compiled;
}

/** Turns ajv errors into one line per offending path, the most specific reason first. */
export function schemaErrors(errors: ErrorObject[]): ImportError[] {
  const out = new Map<string, string>();
  // oneOf failures repeat every branch's complaint; keep those that name a concrete problem.
  const useful = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  for (const e of useful.length > 0 ? useful : errors) {
    let path = e.instancePath || '/';
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required' && isRecord(e.params) && typeof e.params.missingProperty === 'string') {
      path = `${e.instancePath}/${e.params.missingProperty}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') {
      path = `${e.instancePath}/${e.params.additionalProperty}`;
      message = 'is not allowed here';
    } else if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
      message = `must be one of ${e.params.allowedValues.map((x: unknown) => JSON.stringify(x)).join(', ')}`;
    }
    // the `@type` discriminator of the wrong oneOf branches is noise
    if (
      e.keyword === 'enum' &&
      path.endsWith('/@type') &&
      useful.some((o) => o !== e && o.instancePath !== e.instancePath)
    )
      continue;
    const prev = out.get(path);
    out.set(path, prev && !prev.includes(message) ? `${prev}; ${message}` : message);
  }
  return [...out.entries()].map(([path, message]) => ({ path, message }));
}
