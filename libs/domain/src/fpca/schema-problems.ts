/**
 * The structural rules of a ballot request: the JSON Schema of libs/contracts, checked by ajv
 * with every error collected, each error turned into a problem in plain words.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldProblem } from '@uocava/contracts/http/ballot-request';
import schema from '@uocava/contracts/http/ballot-request.schema.json';
import { escapePointerToken, hintFor, pointerToField, problem } from './field-problems';
import type { Language } from '../vocabulary';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv, ['email']);
const validateSchema = ajv.compile(schema);

function fromAjvError(e: ErrorObject, lang: Language): FieldProblem | undefined {
  const params = e.params as Record<string, unknown>;
  const at = e.instancePath;
  switch (e.keyword) {
    case 'required': {
      const pointer = `${at}/${escapePointerToken(String(params.missingProperty))}`;
      return problem(pointer, 'required', lang, 'problem.required');
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const pointer = `${at}/${escapePointerToken(name)}`;
      return problem(pointer, 'unknown-field', lang, 'problem.unknownField', { name: name.slice(0, 40) });
    }
    case 'if':
      return undefined; // the branch errors say what is wrong
    case 'not':
      // identification: `value` given with type none, or `attestNoId` given with an ID type
      return problem(
        at,
        'conflicting-fields',
        lang,
        pointerToField(at) === 'identification'
          ? 'problem.conflicting.identification'
          : 'problem.conflicting',
      );
    case 'type':
      return problem(at, 'wrong-type', lang, 'problem.wrongType', { type: String(params.type) });
    case 'minLength':
      return problem(at, 'required', lang, 'problem.required');
    case 'maxLength':
      return problem(at, 'too-long', lang, 'problem.tooLong', { limit: Number(params.limit) });
    case 'minItems':
      return problem(at, 'required', lang, 'problem.tooFewItems', { limit: Number(params.limit) });
    case 'maxItems':
      return problem(at, 'too-many', lang, 'problem.tooManyItems', { limit: Number(params.limit) });
    case 'pattern':
      return problem(at, 'bad-format', lang, 'problem.pattern', { hint: hintFor(pointerToField(at), lang) });
    case 'format':
      return problem(at, 'bad-format', lang, 'problem.format');
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return problem(at, 'not-allowed', lang, 'problem.enum', { allowed });
    }
    case 'const':
      return problem(at, 'not-allowed', lang, 'problem.const', {
        value: JSON.stringify(params.allowedValue),
      });
    default:
      return problem(at, 'invalid', lang, 'problem.invalid');
  }
}

/** The problems the JSON Schema finds in `body` (none when it conforms). */
export function schemaProblems(body: unknown, lang: Language = 'en'): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!validateSchema(body)) {
    for (const e of validateSchema.errors ?? []) {
      const p = fromAjvError(e, lang);
      if (p) problems.push(p);
    }
  }
  return problems;
}
