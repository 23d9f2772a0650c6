/**
 * Characters that must never appear in a name or an address: control characters (Unicode Cc),
 * invisible format characters (Cf: bidi overrides and isolates U+202A–U+202E, U+2066–U+2069,
 * zero-width space U+200B, word joiner, BOM...), lone surrogates (Cs) and private-use
 * characters (Co). They hide or reorder what an election official sees.
 *
 * One exception: ZERO WIDTH NON-JOINER (U+200C) and ZERO WIDTH JOINER (U+200D) between two
 * letters of a script other than Latin, Greek or Cyrillic are part of the correct spelling of
 * names in Persian, Kurdish, Indic scripts, etc.
 */
const FORBIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/u;
const FORBIDDEN_G = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu;
const JOINER_BETWEEN_LETTERS =
  /(?<=(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])[\p{L}\p{M}])[\u200C\u200D](?=[\p{L}\p{M}])/gu;

export function hasForbiddenCharacters(value: string): boolean {
  if (!FORBIDDEN.test(value)) return false;
  return FORBIDDEN.test(value.replace(JOINER_BETWEEN_LETTERS, ''));
}

/** Code points of the forbidden characters, for messages (`U+202E`). */
export function forbiddenCodePoints(value: string): string[] {
  const found = value.replace(JOINER_BETWEEN_LETTERS, '').match(FORBIDDEN_G) ?? [];
  return [
    ...new Set(found.map((c) => 'U+' + (c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0'))),
  ];
}

export const HAS_LETTER = /\p{L}/u;
