/**
 * How a ballot request problem names its field: JSON Pointers turned into field paths, the
 * plain-language label of each field and the hint of each pattern.
 */
import type { FieldProblem } from '@uocava/contracts/http/ballot-request';

/** Plain-language names of the fields, used in messages. */
const LABELS: Record<string, string> = {
  jurisdictionId: 'election office',
  voterClass: 'voter category',
  name: 'name',
  'name.first': 'first name',
  'name.middle': 'middle name',
  'name.last': 'last name',
  'name.suffix': 'name suffix',
  previousName: 'previous name',
  'previousName.first': 'previous first name',
  'previousName.middle': 'previous middle name',
  'previousName.last': 'previous last name',
  'previousName.suffix': 'previous name suffix',
  dateOfBirth: 'date of birth',
  identification: 'identification',
  'identification.type': 'type of identification',
  'identification.value': 'identification number',
  'identification.attestNoId': 'statement that you have no ID number',
  votingResidence: 'voting residence address',
  'votingResidence.street': 'street of your voting residence',
  'votingResidence.unit': 'apartment or unit of your voting residence',
  'votingResidence.city': 'city of your voting residence',
  'votingResidence.state': 'state of your voting residence',
  'votingResidence.zip': 'ZIP code of your voting residence',
  'votingResidence.county': 'county of your voting residence',
  mailingAddress: 'mailing address',
  'mailingAddress.lines': 'address lines of your mailing address',
  'mailingAddress.city': 'city of your mailing address',
  'mailingAddress.region': 'state, province or region of your mailing address',
  'mailingAddress.postalCode': 'postal code of your mailing address',
  'mailingAddress.country': 'country of your mailing address',
  forwardingAddress: 'forwarding address',
  'forwardingAddress.lines': 'address lines of your forwarding address',
  'forwardingAddress.city': 'city of your forwarding address',
  'forwardingAddress.region': 'state, province or region of your forwarding address',
  'forwardingAddress.postalCode': 'postal code of your forwarding address',
  'forwardingAddress.country': 'country of your forwarding address',
  contact: 'contact details',
  'contact.email': 'e-mail address',
  'contact.phone': 'phone number',
  'contact.fax': 'fax number',
  'contact.mobile': 'mobile number for text messages',
  'contact.smsOptIn': 'choice of text messages',
  ballotDelivery: 'way to receive your ballot',
  party: 'party',
  paperSize: 'paper size',
  language: 'language',
  affirmation: 'signed affirmation',
  'affirmation.accepted': 'affirmation',
  'affirmation.signedOn': 'date you signed',
};

/** What a field should look like, for pattern errors. */
const PATTERN_HINTS: Record<string, string> = {
  jurisdictionId: 'is not a known election office code (lower-case letters, digits and hyphens).',
  dateOfBirth: 'must be written as year-month-day, for example 1990-04-25.',
  'affirmation.signedOn': 'must be written as year-month-day, for example 2026-03-01.',
  'votingResidence.state': 'must be the two-letter state code, for example NY.',
  'votingResidence.zip': 'must be a 5-digit ZIP code, or ZIP+4 such as 12345-6789.',
  country: 'must be the two-letter country code in capitals, for example DE for Germany.',
  phone: 'must contain only digits, spaces, brackets, dots or hyphens, with an optional + in front.',
  'contact.mobile':
    'must be written in international form: + then the country code and the number, digits only, for example +491701234567.',
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

export function labelFor(field: string): string {
  const generic = field.replace(/\[\d+\]/g, '');
  return LABELS[generic] ?? (generic.split('.').pop() || 'request');
}
export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
export function hintFor(field: string): string | undefined {
  const generic = field.replace(/\[\d+\]/g, '');
  const last = generic.split('.').pop() ?? '';
  if (PATTERN_HINTS[generic]) return PATTERN_HINTS[generic];
  if (last === 'country') return PATTERN_HINTS.country;
  if (last === 'phone' || last === 'fax') return PATTERN_HINTS.phone;
  return undefined;
}

export function problem(pointer: string, code: string, message: string): FieldProblem {
  return { field: pointerToField(pointer), pointer, code, message };
}

export const ptr = (path: readonly string[]): string => path.map((p) => '/' + escapePointerToken(p)).join('');
