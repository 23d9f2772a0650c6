/**
 * The languages the platform speaks to voters (Voting Rights Act section 203: English and Spanish
 * complete). A language is a BCP 47 primary tag; adding one is adding its catalogue file
 * (catalogue/<tag>.ts, registered in catalogue/index.ts) and its tag to LANGUAGES in libs/contracts
 * vocabulary.ts and the request schema's `language` enum (docs/web.md, "Languages").
 */
import { LANGUAGES, type Language } from '../vocabulary';
export const DEFAULT_LANGUAGE: Language = 'en';

/** Each language's name in itself, for the language switch. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', es: 'Español' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/**
 * The supported language an `Accept-Language` header prefers most (RFC 9110 section 12.5.4:
 * quality values, `es-MX` matches `es`), else the default. Malformed parts are ignored.
 */
export function negotiateLanguage(header: string | undefined | null): Language {
  if (!header) return DEFAULT_LANGUAGE;
  let best: { lang: Language; q: number; at: number } | undefined;
  header.split(',').forEach((part, at) => {
    const [range = '', ...params] = part.trim().split(';');
    const primary = range.trim().toLowerCase().split('-')[0];
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) return;
    const lang = primary === '*' ? DEFAULT_LANGUAGE : primary;
    if (!isLanguage(lang)) return;
    if (!best || q > best.q || (q === best.q && at < best.at)) best = { lang, q, at };
  });
  return best?.lang ?? DEFAULT_LANGUAGE;
}
