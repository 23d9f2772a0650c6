/**
 * The semantic rules of a ballot request, beyond its JSON Schema: real dates, countries, military
 * post combinations, hidden characters. They read the body as it came (possibly malformed).
 */
import { isRecord } from '@uocava/contracts/values';
import type { IsoDate } from '../ids';
import type { FieldProblem } from '@uocava/contracts/http/ballot-request';
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
import { capitalise, labelFor, pointerToField, problem, ptr } from './field-problems';

// ---- helpers reading the (possibly malformed) body ----

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

export function semanticProblems(body: unknown, today: IsoDate): FieldProblem[] {
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
