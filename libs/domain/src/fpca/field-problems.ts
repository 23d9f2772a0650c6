/**
 * How a ballot request problem names its field: JSON Pointers turned into field paths, the
 * plain-language label of each field and the hint of each pattern.
 */
import type { FieldProblem } from '@uocava/contracts/http/ballot-request';
import { CATALOGUE, type FixedKey } from '../i18n/catalogue';
import { t, type MessageValues } from '../i18n/translate';
import type { Language } from '../vocabulary';

/**
 * Plain-language names of the fields (the catalogue's `field.<path>`) and the hint of each
 * pattern (`hint.*`), in the language: libs/domain i18n/catalogue/en-request.ts.
 */
const PATTERN_HINTS: Record<string, FixedKey> = {
  jurisdictionId: 'hint.jurisdictionId',
  dateOfBirth: 'hint.dateOfBirth',
  'affirmation.signedOn': 'hint.signedOn',
  'votingResidence.state': 'hint.state',
  'votingResidence.zip': 'hint.zip',
  'contact.mobile': 'hint.mobile',
};

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `/mailingAddress/lines/0` -> `mailingAddress.lines[0]`. */
export function pointerToField(pointer: string): string {
  if (pointer === '') return '(body)';
  let out = '';
  for (const raw of pointer.split('/').slice(1)) {
    const token = unescapePointerToken(raw);
    if (/^(?:0|[1-9][0-9]*)$/.test(token)) out += `[${token}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(token)) out += (out ? '.' : '') + token;
    else out += `[${JSON.stringify(token)}]`;
  }
  return out;
}

function isKey(key: string): key is FixedKey {
  return Object.prototype.hasOwnProperty.call(CATALOGUE.en.messages, key);
}

export function labelFor(field: string, lang: Language = 'en'): string {
  const generic = field.replace(/\[\d+\]/g, '');
  const key = `field.${generic}`;
  if (isKey(key)) return t(lang, key);
  return generic.split('.').pop() || t(lang, 'field.request');
}
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
export function hintFor(field: string, lang: Language = 'en'): string {
  const generic = field.replace(/\[\d+\]/g, '');
  const last = generic.split('.').pop() ?? '';
  const key: FixedKey = Object.prototype.hasOwnProperty.call(PATTERN_HINTS, generic)
    ? PATTERN_HINTS[generic]
    : last === 'country'
      ? 'hint.country'
      : last === 'phone' || last === 'fax'
        ? 'hint.phone'
        : 'hint.other';
  return t(lang, key);
}

/** A problem of `pointer` with the catalogue's message `key` in the language. */
export function problem(
  pointer: string,
  code: string,
  lang: Language,
  key: FixedKey,
  values: MessageValues = {},
): FieldProblem {
  const field = pointerToField(pointer);
  const label = labelFor(field, lang);
  const message = t(lang, key, { label, Label: capitalise(label), ...values });
  return { field, pointer, code, message };
}

export const ptr = (path: readonly string[]): string => path.map((p) => '/' + escapePointerToken(p)).join('');
