/** Every language's file, by tag: adding a language is adding its file here (and to LANGUAGES). */
import type { Language } from '../../vocabulary';
import { en } from './en';
import { es } from './es';
import type { LanguageFile } from './keys';

export const CATALOGUE: Readonly<Record<Language, LanguageFile>> = { en, es };
export type { FixedKey, LanguageFile, MessageKey, VocabularyKey, VocabularyName } from './keys';
