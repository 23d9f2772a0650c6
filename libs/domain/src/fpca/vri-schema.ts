/**
 * The structural rules of a VRI request: the vendored NIST SP 1500-102 JSON Schema (draft-04),
 * compiled once with its `oneOf`s made discriminable, and its errors as problems on VRI paths.
 */
import AjvDraft04 from 'ajv-draft-04';
import type { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { isRecord } from '@uocava/contracts/values';
import type { FieldProblem } from '@uocava/contracts/http/ballot-request';
import vriSchema from '@uocava/contracts/standards/nist-1500-102-voter-records/NIST_V0_voter_records_interchange.json';
import { pointerToField } from './field-problems';

type Json = Record<string, unknown>;

/**
 * The VRI schema's `oneOf`s all choose between object types told apart by `@type`. Ajv reports
 * the errors of every branch of a failing `oneOf`, which buries the one that matters. Each such
 * `oneOf` is rewritten to the equivalent "`@type` is one of these, and the object of type T
 * satisfies T" so that only the errors of the declared type remain.
 */
function discriminateOneOfs(node: unknown, defs: Json): unknown {
  if (Array.isArray(node)) return node.map((n) => discriminateOneOfs(n, defs));
  if (!isRecord(node)) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) out[k] = discriminateOneOfs(v, defs);
  const oneOf = node.oneOf;
  if (Array.isArray(oneOf)) {
    const refs = oneOf.map((b) => (isRecord(b) && typeof b.$ref === 'string' ? b.$ref : undefined));
    const types = refs.map((r) => r?.replace('#/definitions/', ''));
    const discriminable = types.every((t) => {
      const def = t === undefined ? undefined : defs[t];
      const tp = isRecord(def) && isRecord(def.properties) ? def.properties['@type'] : undefined;
      return isRecord(tp) && Array.isArray(tp.enum) && tp.enum.length === 1 && tp.enum[0] === t;
    });
    if (discriminable) {
      delete out.oneOf;
      out.type = 'object';
      out.required = ['@type'];
      out.properties = { '@type': { type: 'string', enum: types } };
      out.allOf = refs.map((ref, i) => ({
        anyOf: [{ not: { properties: { '@type': { enum: [types[i]] } } } }, { $ref: ref }],
      }));
    }
  }
  return out;
}

const schemaCopy = discriminateOneOfs(vriSchema, (vriSchema as { definitions: Json }).definitions) as Json;
delete schemaCopy.oneOf;
delete schemaCopy.$schema;
const ajv = new AjvDraft04({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(schemaCopy, 'nist-vri');
const validateVri = ajv.compile({ $ref: 'nist-vri#/definitions/VRI.VoterRecordsRequest' });

/** `Subject.Name.FirstName` -> `/Subject/Name/FirstName`; `Subject.VoterId[1]` -> `/Subject/VoterId/1`. */
export function vriPathToPointer(path: string): string {
  if (path === '(body)') return '';
  return path
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .map((t) => '/' + t.replace(/~/g, '~0').replace(/\//g, '~1'))
    .join('');
}

function fromSchemaError(e: ErrorObject): FieldProblem | undefined {
  if (e.keyword === 'not' || e.keyword === 'anyOf' || e.keyword === 'allOf') return undefined;
  const params = e.params as Json;
  let pointer = e.instancePath;
  let code = 'invalid';
  let message: string;
  if (e.keyword === 'required') {
    pointer += '/' + String(params.missingProperty);
    code = 'required';
    message = `${String(params.missingProperty)} is required here.`;
  } else if (e.keyword === 'additionalProperties') {
    pointer += '/' + String(params.additionalProperty).replace(/~/g, '~0').replace(/\//g, '~1');
    code = 'unknown-field';
    message = `${String(params.additionalProperty).slice(0, 40)} is not a field of this VRI element.`;
  } else if (e.keyword === 'enum') {
    code = 'not-allowed';
    message = `Must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}.`;
  } else if (e.keyword === 'type') {
    code = 'wrong-type';
    message = `Must be of type ${String(params.type)}.`;
  } else if (e.keyword === 'format') {
    code = 'bad-format';
    message =
      params.format === 'date'
        ? 'Must be a real date written YYYY-MM-DD.'
        : `Must be a valid ${String(params.format)}.`;
  } else {
    message = 'Is not valid VRI.';
  }
  return { field: pointerToField(pointer), pointer, code, message };
}

/** The problems the VRI schema finds in `body`, or undefined when it conforms. */
export function vriSchemaProblems(body: unknown): FieldProblem[] | undefined {
  if (validateVri(body)) return undefined;
  return (validateVri.errors ?? []).map(fromSchemaError).filter((p): p is FieldProblem => p !== undefined);
}
