/**
 * Which words a ballot carries: the election definition's text in the voter's language where the
 * definition has it (NIST SP 1500-20 InternationalizedText), else English; or, where the office's
 * settings require a bilingual ballot (`ballotLanguages`), every required language, joined with
 * " / ". Pure: the ballot PDF and the accessible ballot page both read ballots through it.
 */
import type { Language } from '../vocabulary';
import type { Contest, ContestText, ElectionDefinition, MeasureChoice } from './model';

/** The languages of a voter's ballot, in order (the office's required ones, else the voter's). */
export function ballotLanguagesFor(election: ElectionDefinition, voter: Language = 'en'): Language[] {
  return election.ballotLanguages?.length ? [...election.ballotLanguages] : [voter];
}

/** Whether the definition gives any contest's words in `lang` (English always). */
export function hasBallotText(election: ElectionDefinition, lang: Language): boolean {
  return lang === 'en' || election.contests.some((c) => c.translations?.[lang] !== undefined);
}

/** The language a ballot's words are mostly in: the first of `langs` the definition has, else English. */
export function ballotTextLanguage(election: ElectionDefinition, langs: readonly Language[]): Language {
  return langs.find((l) => hasBallotText(election, l)) ?? 'en';
}

function words(
  english: string | undefined,
  translations: Contest['translations'],
  langs: readonly Language[],
  pick: (t: ContestText) => string | undefined,
): string | undefined {
  const parts: string[] = [];
  for (const l of langs) {
    const w = l === 'en' ? english : translations?.[l] ? pick(translations[l]) : undefined;
    if (w !== undefined && w !== '' && !parts.includes(w)) parts.push(w);
  }
  // a language the definition does not have falls back to its English words
  if (parts.length === 0 && english !== undefined) parts.push(english);
  return parts.length ? parts.join(' / ') : undefined;
}

function localizeContest(c: Contest, langs: readonly Language[]): Contest {
  const tr = c.translations;
  const title = words(c.title, tr, langs, (t) => t.title) ?? c.title;
  const subtitle = words(c.subtitle, tr, langs, (t) => t.subtitle);
  const base = { ...c, title, ...(subtitle !== undefined ? { subtitle } : {}) };
  const options = (list: MeasureChoice[]): MeasureChoice[] =>
    list.map((o) => ({ ...o, label: words(o.label, tr, langs, (t) => t.options?.[o.id]) ?? o.label }));
  switch (c.kind) {
    case 'candidate':
      return base;
    case 'measure': {
      const summary = c.summary === undefined ? undefined : words(c.summary, tr, langs, (t) => t.summary);
      return {
        ...base,
        kind: 'measure',
        ...(summary !== undefined ? { summary } : {}),
        fullText: words(c.fullText, tr, langs, (t) => t.fullText) ?? c.fullText,
        options: options(c.options),
      } as Contest;
    }
    case 'party':
      return { ...base, kind: 'party', options: options(c.options) } as Contest;
  }
}

/** Contests with their words in `langs` (the accessible ballot page: the page language). */
export function localizeContests(contests: readonly Contest[], langs: readonly Language[]): Contest[] {
  return contests.map((c) => (c.translations ? localizeContest(c, langs) : c));
}

/**
 * The definition with each contest's words in `langs` (see above). English only, or a definition
 * without other languages, is returned as it is (the same object: English packets keep their bytes).
 */
export function localizeElection(
  election: ElectionDefinition,
  langs: readonly Language[],
): ElectionDefinition {
  if (langs.length === 1 && langs[0] === 'en') return election;
  if (!election.contests.some((c) => c.translations !== undefined)) return election;
  return { ...election, contests: election.contests.map((c) => localizeContest(c, langs)) };
}
