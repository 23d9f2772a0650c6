/**
 * Validation of a ballot request (FPCA) body: the JSON Schema (structure, via ajv with every
 * error collected), then the semantic rules. Every problem is reported with the field it
 * concerns and a message in plain words.
 */
import type { IsoDate } from '../ids';
import type { BallotRequestInput, FieldProblem } from '@uocava/contracts/http/ballot-request';
import { schemaProblems } from './schema-problems';
import { semanticProblems } from './semantic-rules';
import type { Language } from '../vocabulary';

export { capitalise, labelFor, pointerToField } from './field-problems';

export type { BallotRequestInput, FieldProblem };

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** A hostile body with thousands of unknown fields gets this many problems back, not thousands. */
export const MAX_PROBLEMS = 50;

/**
 * Validates the body of `POST /api/v1/ballot-requests`. Returns every problem found (not only
 * the first), each naming its field, or the typed request. The messages are in `lang` (the
 * catalogue's `problem.*`), the codes the same in every language.
 */
export function validateBallotRequest(
  body: unknown,
  today: IsoDate,
  lang: Language = 'en',
): ValidationResult<BallotRequestInput> {
  const problems = schemaProblems(body, lang);
  const taken = new Set(problems.map((p) => p.pointer));
  for (const p of semanticProblems(body, today, lang)) {
    if (!taken.has(p.pointer)) problems.push(p);
  }
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const k = `${p.pointer}\u0000${p.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length > 0) return { ok: false, problems: unique.slice(0, MAX_PROBLEMS) };
  return { ok: true, value: body as BallotRequestInput };
}
