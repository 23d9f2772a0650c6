/**
 * Ballot requests in NIST SP 1500-102 (Voter Records Interchange) form: a `VoterRecordsRequest`
 * with `Form` = `fpca`, content type `application/vnd.nist.vri+json`. The body is validated
 * against the vendored VRI JSON Schema (draft-04), mapped to a BallotRequestInput, and that is
 * validated by validateBallotRequest; every problem names the VRI path it comes from.
 */
import type { IsoDate } from '../ids';
import type { BallotRequestInput, FieldProblem } from '@uocava/contracts/http/ballot-request';
import type { Language } from '../vocabulary';
import { MAX_PROBLEMS, validateBallotRequest, type ValidationResult } from './validate';
import { mapVri } from './vri-mapping';
import { vriPathToPointer, vriSchemaProblems } from './vri-schema';

type Json = Record<string, unknown>;

function toVriProblem(p: FieldProblem, pathMap: Record<string, string>): FieldProblem {
  // longest mapped prefix of our field (name.first, then name, ...)
  const generic = p.field;
  let key = generic;
  while (key !== '' && pathMap[key] === undefined) {
    const cut = Math.max(key.lastIndexOf('.'), key.lastIndexOf('['));
    key = cut > 0 ? key.slice(0, cut) : '';
  }
  const path = key === '' ? '(body)' : pathMap[key];
  return { field: path, pointer: vriPathToPointer(path), code: p.code, message: p.message };
}

export interface VriOptions {
  /** The jurisdiction the request is addressed to (e.g. from the URL); otherwise AdditionalInfo "JurisdictionId". */
  jurisdictionId?: string;
  /** the language of the problems' messages (the VRI's own structural problems stay English) */
  language?: Language;
}

/**
 * Accepts a NIST SP 1500-102 VoterRecordsRequest for an FPCA and returns the same
 * BallotRequestInput as the JSON route, or every problem named by its VRI path.
 */
export function fromVriRequest(
  body: unknown,
  today: IsoDate,
  options: VriOptions = {},
): ValidationResult<BallotRequestInput> {
  const problemsOfSchema = vriSchemaProblems(body);
  if (problemsOfSchema) {
    const problems = problemsOfSchema;
    const seen = new Set<string>();
    return {
      ok: false,
      problems: problems
        .filter((p) => {
          const k = `${p.pointer}\u0000${p.code}`;
          return seen.has(k) ? false : (seen.add(k), true);
        })
        .slice(0, MAX_PROBLEMS),
    };
  }
  const pathMap: Record<string, string> = {};
  const problems: FieldProblem[] = [];
  const mapped = mapVri(body as Json, pathMap, problems, options.jurisdictionId);
  const checked = validateBallotRequest(mapped, today, options.language);
  if (!checked.ok) {
    const covered = new Set(problems.map((p) => p.field));
    for (const p of checked.problems) {
      const v = toVriProblem(p, pathMap);
      if (!covered.has(v.field) || p.code !== 'required') problems.push(v);
    }
  }
  if (problems.length > 0) return { ok: false, problems: problems.slice(0, MAX_PROBLEMS) };
  if (!checked.ok) return checked; // unreachable: problems would be non-empty
  return checked;
}
