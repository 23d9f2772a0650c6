/**
 * Typed model of one election's ballot content, imported from a NIST SP 1500-20 ballot
 * definition plus the office's own settings (date, type, return rules, oath).
 */
import type { ReturnRules } from '../office/return-rules';
import type { ElectionType, Language } from '../vocabulary';

/**
 * How a returned ballot must reach the office to count: the office module's `ReturnRules`
 * (received by a date-time, or postmarked by election day and received within N days).
 */
export type ReturnRule = ReturnRules;

/** The office's settings that a NIST ballot definition does not carry. */
export interface ElectionSettings {
  /** election day, `YYYY-MM-DD` */
  electionDate: string;
  type: ElectionType;
  /** whether federal offices are on the ballot (UOCAVA/MOVE Act 45-day rule applies) */
  federalOffices: boolean;
  returnRule: ReturnRule;
  /** replaces the default voter's declaration text */
  oathText?: string;
  /**
   * the languages every ballot of the jurisdiction must carry, in order (a bilingual ballot, e.g.
   * Voting Rights Act section 203 `["en", "es"]`); absent: each voter's ballot in the voter's
   * language where the definition has its text, else English. docs/ballot-packets.md "Languages"
   */
  ballotLanguages?: Language[];
}

/** A contest's words in another language than English (NIST InternationalizedText). */
export interface ContestText {
  title?: string;
  subtitle?: string;
  summary?: string;
  fullText?: string;
  /** a measure's or party contest's option labels, by option id */
  options?: Record<string, string>;
}

/** Each language (BCP 47 primary tag, lower case) the definition gives a contest's words in. */
export type ContestTranslations = Record<string, ContestText>;

export interface PartyInfo {
  id: string;
  name: string;
  abbreviation?: string;
}

export interface CandidateChoice {
  /** ContestOption @id */
  id: string;
  /** ballot names of the candidates on this option (a ticket has two or more) */
  candidateNames: string[];
  /** display names of the parties of the candidates / endorsements, de-duplicated */
  partyNames: string[];
}

export interface CandidateContest {
  kind: 'candidate';
  id: string;
  title: string;
  subtitle?: string;
  /** the contest's words in other languages, where the definition has them */
  translations?: ContestTranslations;
  /** Vote for N */
  voteFor: number;
  /** number of write-in lines */
  writeIns: number;
  candidates: CandidateChoice[];
  /** parties whose primary this contest belongs to (closed primaries) */
  primaryPartyIds: string[];
}

export interface MeasureChoice {
  id: string;
  label: string;
}

export interface MeasureContest {
  kind: 'measure';
  id: string;
  title: string;
  subtitle?: string;
  /** the contest's words in other languages, where the definition has them */
  translations?: ContestTranslations;
  summary?: string;
  fullText: string;
  /** usually Yes / No (retention: Yes / No) */
  options: MeasureChoice[];
}

/** Party preference, straight-party and party contests: pick one (or N) party. */
export interface PartyChoiceContest {
  kind: 'party';
  id: string;
  title: string;
  subtitle?: string;
  /** the contest's words in other languages, where the definition has them */
  translations?: ContestTranslations;
  voteFor: number;
  options: MeasureChoice[];
}

export type Contest = CandidateContest | MeasureContest | PartyChoiceContest;

export interface BallotStyleDef {
  /** the style's local identifier (ExternalIdentifier value) or `style-<n>` */
  id: string;
  /** GpUnit (precinct / split) ids this style serves */
  gpUnitIds: string[];
  /** party ids, for closed primaries */
  partyIds: string[];
  /** contests on this style, in ballot order */
  contestIds: string[];
}

export interface GpUnitInfo {
  id: string;
  name: string;
  type: string;
}

export interface ElectionDefinition {
  name: string;
  /** election day, `YYYY-MM-DD` */
  date: string;
  type: ElectionType;
  federalOffices: boolean;
  /** name of the election's scope (ElectionScopeId), e.g. `STATE OF OHIO` */
  jurisdictionName: string;
  /** GpUnit id of the election's scope */
  electionScopeId: string;
  returnRule: ReturnRule;
  oathText?: string;
  /** the office's setting: languages every ballot carries (ElectionSettings.ballotLanguages) */
  ballotLanguages?: Language[];
  parties: PartyInfo[];
  /** every contest, in definition order */
  contests: Contest[];
  ballotStyles: BallotStyleDef[];
  gpUnits: GpUnitInfo[];
  /** the original definition's issuer, for provenance */
  issuer: string;
}

export interface ImportError {
  /** JSON path of the offending value, e.g. `/Election/0/Contest/2/VotesAllowed` or `settings.electionDate` */
  path: string;
  message: string;
}

export type ImportResult =
  { ok: true; definition: ElectionDefinition } | { ok: false; errors: ImportError[] };
