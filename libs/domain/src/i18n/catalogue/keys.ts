/** The keys of the message catalogue: the fixed messages (catalogue/en.ts) and the vocabulary tables. */
import type { ReasonCode } from '../../fpca/reasons';
import type { BallotRejectionType } from '../../office/eavs-vocabulary';
import type { CurableReason } from '../../office/ballot-decision';
import type { FwabNotCountedReason } from '../../office/fwab';
import type { EN_MESSAGES } from './en';

export type FixedKey = keyof typeof EN_MESSAGES;

/** The words of each vocabulary code, one table per vocabulary (every code must have its words). */
export interface VocabularyWords {
  requestReason: Record<ReasonCode, string>;
  ballotRejection: Record<BallotRejectionType, string>;
  cureProblem: Record<CurableReason, string>;
  cureFix: Record<CurableReason, string>;
  fwabNotCounted: Record<FwabNotCountedReason, string>;
  /** the tracking page's step of each lifecycle event type (STEP_WORDS) */
  stepTitle: Record<string, string>;
  stepDetail: Record<string, string>;
}
export type VocabularyName = keyof VocabularyWords;
export type VocabularyKey = {
  [V in VocabularyName]: `${V}.${Extract<keyof VocabularyWords[V], string>}`;
}[VocabularyName];

export type MessageKey = FixedKey | VocabularyKey;

/** One language's file: every fixed message and every vocabulary table, ICU MessageFormat text. */
export interface LanguageFile {
  messages: Record<FixedKey, string>;
  vocabulary: VocabularyWords;
}
