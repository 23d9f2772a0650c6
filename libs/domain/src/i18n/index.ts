export * from './languages';
export { CATALOGUE, type FixedKey, type LanguageFile, type MessageKey } from './catalogue';
export { formatDate, formatDeadline, reasonWords, t, vocabularyWords, type MessageValues } from './translate';
