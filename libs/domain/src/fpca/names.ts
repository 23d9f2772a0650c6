/**
 * Name normalisation for matching a request against the voter roll.
 *
 * - Unicode compatibility decomposition (NFKD): ligatures, full-width letters, superscripts
 *   become their plain letters.
 * - Case folding (full: ß -> ss, final sigma -> sigma).
 * - Diacritics are removed from Latin, Greek and Cyrillic letters (é -> e, ё -> е), where they
 *   are accents that rolls often drop. Combining marks of other scripts (Devanagari vowel
 *   signs, Arabic harakat, Hebrew points, Thai vowels...) are part of the letters and are kept,
 *   so a non-Latin name is never destroyed; the result is recomposed (NFC), so Hangul
 *   syllables come back whole.
 * - Apostrophes are removed (O'Brien -> obrien); hyphens, periods, commas and every other
 *   punctuation become spaces (Smith-Jones -> smith jones, J.R. -> j r).
 * - Invisible format characters (joiners, bidi controls) are removed, spacing collapsed.
 *
 * The function is idempotent: normaliseName(normaliseName(s)) === normaliseName(s).
 */
const APOSTROPHES = /['\u2018\u2019\u201B\u02BC\u02BB\u02B9\u0060\u00B4\u2032\uFF07]/gu;
const MARK = /\p{M}/u;
const STRIPPABLE_BASE = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function stripAccents(s: string): string {
  let out = '';
  let base = '';
  for (const ch of s) {
    if (MARK.test(ch)) {
      // keep marks that belong to letters of scripts where they are part of the letter
      if (base !== '' && LETTER_OR_DIGIT.test(base) && !STRIPPABLE_BASE.test(base)) out += ch;
    } else {
      base = ch;
      out += ch;
    }
  }
  return out;
}

function pass(s: string): string {
  let t = s.normalize('NFKD');
  t = t
    .toUpperCase()
    .toLowerCase()
    .replace(/\u03C2/g, '\u03C3'); // full case fold; final sigma
  t = t.normalize('NFKD');
  t = stripAccents(t);
  t = t.replace(APOSTROPHES, '');
  t = t.replace(/[\p{Cf}\p{Cc}\p{Cs}\p{Co}]/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : ''));
  t = t.replace(/[\p{P}\p{Z}\s]+/gu, ' ');
  return t.trim().normalize('NFC');
}

const ASCII = /^\p{ASCII}*$/u;

/** The same steps for plain ASCII, where decomposition and accents have nothing to do. */
function asciiPass(s: string): string {
  return s
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/\p{Cc}/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? ' ' : ''))
    .replace(/[\p{P}\p{Z}\s]+/gu, ' ')
    .trim();
}

/** @internal the general algorithm, exported for the test that the ASCII shortcut agrees with it. */
export function normaliseNameSlow(s: string): string {
  const once = pass(s);
  const twice = pass(once);
  return twice === once ? once : pass(twice);
}

export function normaliseName(s: string): string {
  if (ASCII.test(s)) return asciiPass(s);
  // A second pass settles the rare characters whose case mapping brings new marks or letters.
  const once = pass(s);
  const twice = pass(once);
  return twice === once ? once : pass(twice);
}
