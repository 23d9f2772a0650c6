/**
 * The structural rules of a ballot request: the JSON Schema of libs/contracts, checked by ajv
 * with every error collected, each error turned into a problem in plain words.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldProblem } from '@uocava/contracts/http/ballot-request';
import schema from '@uocava/contracts/http/ballot-request.schema.json';
import { capitalise, escapePointerToken, hintFor, labelFor, pointerToField, problem } from './field-problems';

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv, ['email']);
const validateSchema = ajv.compile(schema);

function fromAjvError(e: ErrorObject): FieldProblem | undefined {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const pointer = `${e.instancePath}/${escapePointerToken(String(params.missingProperty))}`;
      const field = pointerToField(pointer);
      return problem(pointer, 'required', `Please fill in your ${labelFor(field)}.`);
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const pointer = `${e.instancePath}/${escapePointerToken(name)}`;
      return problem(
        pointer,
        'unknown-field',
        `This form has no field called "${name.slice(0, 40)}". Remove it and send the form again.`,
      );
    }
    case 'if':
      return undefined; // the branch errors say what is wrong
    case 'not': {
      // identification: `value` given with type none, or `attestNoId` given with an ID type
      const field = pointerToField(e.instancePath);
      return problem(
        e.instancePath,
        'conflicting-fields',
        field === 'identification'
          ? 'Give either an identification number or the statement that you have none, not both.'
          : `Your ${labelFor(field)} contains fields that do not go together.`,
      );
    }
  }
  const field = pointerToField(e.instancePath);
  const label = labelFor(field);
  switch (e.keyword) {
    case 'type': {
      const t = String(params.type);
      const what =
        t === 'object'
          ? 'a group of fields'
          : t === 'array'
            ? 'a list'
            : t === 'boolean'
              ? 'yes or no (true or false)'
              : t === 'string'
                ? 'text'
                : t;
      return problem(e.instancePath, 'wrong-type', `${capitalise(label)} must be ${what}.`);
    }
    case 'minLength':
      return problem(e.instancePath, 'required', `Please fill in your ${label}.`);
    case 'maxLength':
      return problem(
        e.instancePath,
        'too-long',
        `${capitalise(label)} is too long: at most ${String(params.limit)} characters.`,
      );
    case 'minItems':
      return problem(
        e.instancePath,
        'required',
        `Please give at least ${String(params.limit)} line(s) of your ${label}.`,
      );
    case 'maxItems':
      return problem(
        e.instancePath,
        'too-many',
        `${capitalise(label)}: at most ${String(params.limit)} lines.`,
      );
    case 'pattern':
      return problem(
        e.instancePath,
        'bad-format',
        `${capitalise(label)} ${hintFor(field) ?? 'is not in the expected format.'}`,
      );
    case 'format':
      return problem(e.instancePath, 'bad-format', `This ${label} does not look right. Please check it.`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return problem(e.instancePath, 'not-allowed', `Please choose your ${label} from: ${allowed}.`);
    }
    case 'const':
      return problem(
        e.instancePath,
        'not-allowed',
        `${capitalise(label)} must be ${JSON.stringify(params.allowedValue)}.`,
      );
    default:
      return problem(e.instancePath, 'invalid', `${capitalise(label)} is not valid.`);
  }
}

/** The problems the JSON Schema finds in `body` (none when it conforms). */
export function schemaProblems(body: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!validateSchema(body)) {
    for (const e of validateSchema.errors ?? []) {
      const p = fromAjvError(e);
      if (p) problems.push(p);
    }
  }
  return problems;
}
