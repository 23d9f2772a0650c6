/**
 * Validation of a ballot request (FPCA) body: the JSON Schema (structure, via ajv with every
 * error collected), then the semantic rules. Every problem is reported with the field it
 * concerns and a message in plain words.
 */
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { IsoDate } from '../ids';
import type { BallotRequestInput, FieldProblem } from '../../../contracts/src/http/ballot-request';
import schema from '../../../contracts/src/http/ballot-request.schema.json';
import { compareIsoDates, isRealIsoDate } from './dates';
import {
  isIsoCountryCode,
  isMilitaryCity,
  isMilitaryRegion,
  isUsStateCode,
  MILITARY_REGIONS,
  ZIP_PATTERN,
  zipMatchesMilitaryRegion,
} from './geo';
import { forbiddenCodePoints, HAS_LETTER, hasForbiddenCharacters } from './text';

export type { BallotRequestInput, FieldProblem };

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
addFormats(ajv, ['email']);
const validateSchema = ajv.compile(schema);

/** A hostile body with thousands of unknown fields gets this many problems back, not thousands. */
export const MAX_PROBLEMS = 50;

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
  ballotDelivery: 'way to receive your ballot',
  party: 'party',
  paperSize: 'paper size',
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
};

function escapePointerToken(token: string): string {
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

function labelFor(field: string): string {
  const generic = field.replace(/\[\d+\]/g, '');
  return LABELS[generic] ?? (generic.split('.').pop() || 'request');
}
function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
function hintFor(field: string): string | undefined {
  const generic = field.replace(/\[\d+\]/g, '');
  const last = generic.split('.').pop() ?? '';
  if (PATTERN_HINTS[generic]) return PATTERN_HINTS[generic];
  if (last === 'country') return PATTERN_HINTS.country;
  if (last === 'phone' || last === 'fax') return PATTERN_HINTS.phone;
  return undefined;
}

function problem(pointer: string, code: string, message: string): FieldProblem {
  return { field: pointerToField(pointer), pointer, code, message };
}

function fromAjvError(e: ErrorObject): FieldProblem | undefined {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const pointer = `${e.instancePath}/${escapePointerToken(String(params.missingProperty))}`;
      const field = pointerToField(pointer);
      return problem(pointer, 'required', `Please fill in your ${labelFor(field)}.`);
    }
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const pointer = `${e.instancePath}/${escapePointerToken(name)}`;
      return problem(
        pointer,
        'unknown-field',
        `This form has no field called "${name.slice(0, 40)}". Remove it and send the form again.`,
      );
    }
    case 'if':
      return undefined; // the branch errors say what is wrong
    case 'not': {
      // identification: `value` given with type none, or `attestNoId` given with an ID type
      const field = pointerToField(e.instancePath);
      return problem(
        e.instancePath,
        'conflicting-fields',
        field === 'identification'
          ? 'Give either an identification number or the statement that you have none, not both.'
          : `Your ${labelFor(field)} contains fields that do not go together.`,
      );
    }
  }
  const field = pointerToField(e.instancePath);
  const label = labelFor(field);
  switch (e.keyword) {
    case 'type': {
      const t = String(params.type);
      const what =
        t === 'object'
          ? 'a group of fields'
          : t === 'array'
            ? 'a list'
            : t === 'boolean'
              ? 'yes or no (true or false)'
              : t === 'string'
                ? 'text'
                : t;
      return problem(e.instancePath, 'wrong-type', `${capitalise(label)} must be ${what}.`);
    }
    case 'minLength':
      return problem(e.instancePath, 'required', `Please fill in your ${label}.`);
    case 'maxLength':
      return problem(
        e.instancePath,
        'too-long',
        `${capitalise(label)} is too long: at most ${String(params.limit)} characters.`,
      );
    case 'minItems':
      return problem(
        e.instancePath,
        'required',
        `Please give at least ${String(params.limit)} line(s) of your ${label}.`,
      );
    case 'maxItems':
      return problem(
        e.instancePath,
        'too-many',
        `${capitalise(label)}: at most ${String(params.limit)} lines.`,
      );
    case 'pattern':
      return problem(
        e.instancePath,
        'bad-format',
        `${capitalise(label)} ${hintFor(field) ?? 'is not in the expected format.'}`,
      );
    case 'format':
      return problem(e.instancePath, 'bad-format', `This ${label} does not look right. Please check it.`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String).join(', ');
      return problem(e.instancePath, 'not-allowed', `Please choose your ${label} from: ${allowed}.`);
    }
    case 'const':
      return problem(
        e.instancePath,
        'not-allowed',
        `${capitalise(label)} must be ${JSON.stringify(params.allowedValue)}.`,
      );
    default:
      return problem(e.instancePath, 'invalid', `${capitalise(label)} is not valid.`);
  }
}

// ---- helpers reading the (possibly malformed) body ----

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function get(body: unknown, path: readonly string[]): unknown {
  let cur: unknown = body;
  for (const k of path) {
    if (!isRecord(cur) || !Object.prototype.hasOwnProperty.call(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}
function getString(body: unknown, path: readonly string[]): string | undefined {
  const v = get(body, path);
  return typeof v === 'string' ? v : undefined;
}
const ptr = (path: readonly string[]): string => path.map((p) => '/' + escapePointerToken(p)).join('');

/** Paths of every text field that holds a name or an address (checked for hidden characters). */
const NAME_FIELDS = ['first', 'middle', 'last', 'suffix'];
const RESIDENCE_FIELDS = ['street', 'unit', 'city', 'state', 'zip', 'county'];
const ADDRESS_FIELDS = ['city', 'region', 'postalCode', 'country'];

function textFieldPaths(body: unknown): string[][] {
  const paths: string[][] = [['jurisdictionId'], ['party']];
  for (const n of ['name', 'previousName']) for (const f of NAME_FIELDS) paths.push([n, f]);
  for (const f of RESIDENCE_FIELDS) paths.push(['votingResidence', f]);
  for (const a of ['mailingAddress', 'forwardingAddress']) {
    for (const f of ADDRESS_FIELDS) paths.push([a, f]);
    const lines = get(body, [a, 'lines']);
    if (Array.isArray(lines)) lines.forEach((_, i) => paths.push([a, 'lines', String(i)]));
  }
  for (const f of ['email', 'phone', 'fax']) paths.push(['contact', f]);
  paths.push(['identification', 'value']);
  return paths;
}

function getPath(body: unknown, path: readonly string[]): unknown {
  let cur: unknown = body;
  for (const k of path) {
    if (Array.isArray(cur) && /^\d+$/.test(k)) cur = cur[Number(k)];
    else if (isRecord(cur) && Object.prototype.hasOwnProperty.call(cur, k)) cur = cur[k];
    else return undefined;
  }
  return cur;
}

function semanticProblems(body: unknown, today: IsoDate): FieldProblem[] {
  const out: FieldProblem[] = [];

  // hidden characters, blank text, names without letters
  for (const path of textFieldPaths(body)) {
    const v = getPath(body, path);
    if (typeof v !== 'string') continue;
    const pointer = ptr(path);
    const label = labelFor(pointerToField(pointer));
    if (hasForbiddenCharacters(v)) {
      out.push(
        problem(
          pointer,
          'hidden-characters',
          `${capitalise(label)} contains invisible or control characters (${forbiddenCodePoints(v).slice(0, 3).join(', ')}). Please type it again.`,
        ),
      );
    } else if (
      v.length > 0 &&
      v.trim() === '' &&
      !['middle', 'suffix', 'unit', 'county', 'region', 'postalCode'].includes(path[path.length - 1])
    ) {
      out.push(problem(pointer, 'required', `Please fill in your ${label}.`));
    } else if (
      (path[0] === 'name' || path[0] === 'previousName') &&
      (path[1] === 'first' || path[1] === 'last') &&
      v.trim() !== '' &&
      !HAS_LETTER.test(v)
    ) {
      out.push(problem(pointer, 'no-letters', `Your ${label} must contain at least one letter.`));
    }
  }

  // dates
  const dob = getString(body, ['dateOfBirth']);
  if (dob !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(dob)) {
    if (!isRealIsoDate(dob))
      out.push(
        problem(
          '/dateOfBirth',
          'impossible-date',
          'This date of birth does not exist in the calendar. Please check the day and month.',
        ),
      );
    else if (compareIsoDates(dob, today) > 0)
      out.push(problem('/dateOfBirth', 'date-in-future', 'Your date of birth cannot be in the future.'));
    else if (compareIsoDates(dob, '1900-01-01') < 0)
      out.push(problem('/dateOfBirth', 'implausible-date', 'Please check the year of your date of birth.'));
  }
  const accepted = get(body, ['affirmation', 'accepted']);
  if (accepted === false) {
    out.push(
      problem(
        '/affirmation/accepted',
        'affirmation-not-accepted',
        'You must accept the affirmation (your signature) before sending the form.',
      ),
    );
  }
  const signedOn = getString(body, ['affirmation', 'signedOn']);
  if (signedOn !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(signedOn)) {
    if (!isRealIsoDate(signedOn))
      out.push(
        problem(
          '/affirmation/signedOn',
          'impossible-date',
          'The date you signed does not exist in the calendar.',
        ),
      );
    else if (compareIsoDates(signedOn, today) > 0)
      out.push(
        problem('/affirmation/signedOn', 'date-in-future', 'The date you signed cannot be in the future.'),
      );
    else if (dob !== undefined && isRealIsoDate(dob) && compareIsoDates(signedOn, dob) < 0)
      out.push(
        problem(
          '/affirmation/signedOn',
          'implausible-date',
          'The date you signed is before your date of birth.',
        ),
      );
  }

  // voting residence: a US state and ZIP
  const state = getString(body, ['votingResidence', 'state']);
  if (state !== undefined && /^[A-Za-z]{2}$/.test(state) && !isUsStateCode(state)) {
    out.push(
      problem(
        '/votingResidence/state',
        isMilitaryRegion(state) ? 'military-post-not-residence' : 'unknown-state',
        isMilitaryRegion(state)
          ? 'A military post (AA, AE, AP) is not a voting residence. Give the address in the state where you last lived.'
          : 'This is not a US state or territory code. Use the two-letter code, for example NY.',
      ),
    );
  }

  for (const a of ['mailingAddress', 'forwardingAddress'] as const)
    out.push(...postalAddressProblems(body, a));

  // identification number formats
  const idType = getString(body, ['identification', 'type']);
  const idValue = getString(body, ['identification', 'value']);
  if (idValue !== undefined && idType !== undefined && !hasForbiddenCharacters(idValue)) {
    const compact = idValue.replace(/[\s-]/g, '');
    if (idType === 'ssn4' && !/^[0-9]{4}$/.test(compact)) {
      out.push(
        problem(
          '/identification/value',
          'bad-id-format',
          'The last four digits of your Social Security Number must be exactly 4 digits.',
        ),
      );
    } else if (
      (idType === 'drivers-license' || idType === 'state-id') &&
      !/^[A-Za-z0-9]{4,20}$/.test(compact)
    ) {
      out.push(
        problem(
          '/identification/value',
          'bad-id-format',
          `A ${idType === 'state-id' ? 'state ID' : "driver's license"} number has 4 to 20 letters and digits (spaces and hyphens are ignored).`,
        ),
      );
    }
  }

  // delivery method needs its contact
  const delivery = getString(body, ['ballotDelivery']);
  const email = getString(body, ['contact', 'email']);
  const fax = getString(body, ['contact', 'fax']);
  if (delivery === 'email' && (email === undefined || email.trim() === '')) {
    out.push(
      problem(
        '/contact/email',
        'email-required',
        'You chose to receive your ballot by e-mail: please give your e-mail address.',
      ),
    );
  }
  if (delivery === 'fax' && (fax === undefined || fax.trim() === '')) {
    out.push(
      problem(
        '/contact/fax',
        'fax-required',
        'You chose to receive your ballot by fax: please give your fax number.',
      ),
    );
  }
  return out;
}

function postalAddressProblems(body: unknown, a: 'mailingAddress' | 'forwardingAddress'): FieldProblem[] {
  const out: FieldProblem[] = [];
  const country = getString(body, [a, 'country']);
  const city = getString(body, [a, 'city']);
  const region = getString(body, [a, 'region']);
  const postalCode = getString(body, [a, 'postalCode']);
  if (country === undefined || !/^[A-Z]{2}$/.test(country)) return out;
  if (!isIsoCountryCode(country)) {
    out.push(
      problem(
        `/${a}/country`,
        'unknown-country',
        'This is not a country code we know. Use the two-letter ISO code, for example DE for Germany or JP for Japan.',
      ),
    );
    return out;
  }
  const militaryCity = city !== undefined && isMilitaryCity(city);
  const militaryRegion = region !== undefined && isMilitaryRegion(region.trim());
  if (country !== 'US') {
    if (militaryCity || militaryRegion) {
      out.push(
        problem(
          `/${a}/country`,
          'military-post-country',
          'An APO, FPO or DPO address is a US address: the country must be US.',
        ),
      );
    }
    return out;
  }
  // US address (domestic or military post)
  if (region === undefined || region.trim() === '') {
    out.push(
      problem(
        `/${a}/region`,
        'required',
        'For a US address please give the two-letter state code (AA, AE or AP for APO/FPO/DPO).',
      ),
    );
  } else if (militaryCity && !militaryRegion) {
    out.push(
      problem(
        `/${a}/region`,
        'military-post-mismatch',
        `An ${city?.trim().toUpperCase()} address must have region ${MILITARY_REGIONS.join(', ')} (Armed Forces Americas, Europe or Pacific), not a state.`,
      ),
    );
  } else if (!militaryCity && militaryRegion) {
    out.push(
      problem(
        `/${a}/city`,
        'military-post-mismatch',
        'With region AA, AE or AP the city must be APO, FPO or DPO.',
      ),
    );
  } else if (!militaryRegion && !isUsStateCode(region.trim())) {
    out.push(
      problem(
        `/${a}/region`,
        'unknown-state',
        'This is not a US state or territory code. Use the two-letter code, for example NY.',
      ),
    );
  }
  if (postalCode === undefined || postalCode.trim() === '') {
    out.push(
      problem(
        `/${a}/postalCode`,
        'required',
        'For a US address (including APO, FPO and DPO) please give the ZIP code.',
      ),
    );
  } else if (!ZIP_PATTERN.test(postalCode.trim())) {
    out.push(
      problem(`/${a}/postalCode`, 'bad-format', 'A ZIP code has 5 digits, or ZIP+4 such as 12345-6789.'),
    );
  } else if (
    militaryCity &&
    militaryRegion &&
    region &&
    !zipMatchesMilitaryRegion(postalCode.trim(), region.trim().toUpperCase() as 'AA' | 'AE' | 'AP')
  ) {
    out.push(
      problem(
        `/${a}/postalCode`,
        'military-post-mismatch',
        `This ZIP code does not belong to region ${region.trim().toUpperCase()} (AA: 340xx, AE: 090xx–099xx, AP: 962xx–966xx).`,
      ),
    );
  }
  return out;
}

/**
 * Validates the body of `POST /api/v1/ballot-requests`. Returns every problem found (not only
 * the first), each naming its field, or the typed request.
 */
export function validateBallotRequest(body: unknown, today: IsoDate): ValidationResult<BallotRequestInput> {
  const problems: FieldProblem[] = [];
  if (!validateSchema(body)) {
    for (const e of validateSchema.errors ?? []) {
      const p = fromAjvError(e);
      if (p) problems.push(p);
    }
  }
  const taken = new Set(problems.map((p) => p.pointer));
  for (const p of semanticProblems(body, today)) {
    if (!taken.has(p.pointer)) problems.push(p);
  }
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const k = `${p.pointer}\u0000${p.code}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (unique.length > 0) return { ok: false, problems: unique.slice(0, MAX_PROBLEMS) };
  return { ok: true, value: body as BallotRequestInput };
}
