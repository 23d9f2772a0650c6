/**
 * Which characters of a text the shipped fonts cannot draw (they would print as the placeholder
 * □), and which texts of an election definition have any: the gateway refuses such a definition at
 * import, naming the contest and the candidate, instead of mailing ballots with boxes on them.
 */
import type { ElectionDefinition } from '@uocava/domain';
import { undrawableCharacters } from './fonts';

export { undrawableCharacters };

/** A printed text of a definition that has characters no shipped font can draw. */
export interface UndrawableText {
  /** where it is, in the office's words: `contest "C-12" candidate "opt-3" name` */
  where: string;
  /** `contests/<index>/...` of the imported definition, for problem+json */
  path: string;
  text: string;
  /** the characters, each once, in order of appearance */
  characters: string[];
}

/** Every text the ballot prints (election, contests, candidates, parties, options, measures, oath). */
export function undrawableElectionTexts(e: ElectionDefinition): UndrawableText[] {
  const found: UndrawableText[] = [];
  const check = (where: string, path: string, text: string | undefined): void => {
    if (text === undefined) return;
    const characters = undrawableCharacters(text);
    if (characters.length > 0) found.push({ where, path, text, characters });
  };
  check('election name', 'name', e.name);
  check('jurisdiction name', 'jurisdictionName', e.jurisdictionName);
  check('oath text', 'oathText', e.oathText);
  e.contests.forEach((c, i) => {
    const contest = `contest "${c.id}"`;
    check(`${contest} title`, `contests/${i}/title`, c.title);
    check(`${contest} subtitle`, `contests/${i}/subtitle`, c.subtitle);
    if (c.kind === 'candidate') {
      c.candidates.forEach((cand, j) => {
        cand.candidateNames.forEach((n, k) =>
          check(
            `${contest} candidate "${cand.id}" name`,
            `contests/${i}/candidates/${j}/candidateNames/${k}`,
            n,
          ),
        );
        cand.partyNames.forEach((n, k) =>
          check(
            `${contest} candidate "${cand.id}" party`,
            `contests/${i}/candidates/${j}/partyNames/${k}`,
            n,
          ),
        );
      });
    } else {
      if (c.kind === 'measure') {
        check(`${contest} summary`, `contests/${i}/summary`, c.summary);
        check(`${contest} text`, `contests/${i}/fullText`, c.fullText);
      }
      c.options.forEach((o, j) =>
        check(`${contest} option "${o.id}"`, `contests/${i}/options/${j}/label`, o.label),
      );
    }
  });
  return found;
}
