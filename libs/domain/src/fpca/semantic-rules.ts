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
import { problem, ptr } from './field-problems';
import type { Language } from '../vocabulary';

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

export function semanticProblems(body: unknown, today: IsoDate, lang: Language = 'en'): FieldProblem[] {
  const out: FieldProblem[] = [];

  // hidden characters, blank text, names without letters
  for (const path of textFieldPaths(body)) {
    const v = getPath(body, path);
    if (typeof v !== 'string') continue;
    const pointer = ptr(path);
    if (hasForbiddenCharacters(v)) {
      out.push(
        problem(pointer, 'hidden-characters', lang, 'problem.hiddenCharacters', {
          codePoints: forbiddenCodePoints(v).slice(0, 3).join(', '),
        }),
      );
    } else if (
      v.length > 0 &&
      v.trim() === '' &&
      !['middle', 'suffix', 'unit', 'county', 'region', 'postalCode'].includes(path[path.length - 1])
    ) {
      out.push(problem(pointer, 'required', lang, 'problem.required'));
    } else if (
      (path[0] === 'name' || path[0] === 'previousName') &&
      (path[1] === 'first' || path[1] === 'last') &&
      v.trim() !== '' &&
      !HAS_LETTER.test(v)
    ) {
      out.push(problem(pointer, 'no-letters', lang, 'problem.noLetters'));
    }
  }

  // dates
  const dob = getString(body, ['dateOfBirth']);
  if (dob !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(dob)) {
    if (!isRealIsoDate(dob))
      out.push(problem('/dateOfBirth', 'impossible-date', lang, 'problem.dob.impossible'));
    else if (compareIsoDates(dob, today) > 0)
      out.push(problem('/dateOfBirth', 'date-in-future', lang, 'problem.dob.future'));
    else if (compareIsoDates(dob, '1900-01-01') < 0)
      out.push(problem('/dateOfBirth', 'implausible-date', lang, 'problem.dob.implausible'));
  }
  const accepted = get(body, ['affirmation', 'accepted']);
  if (accepted === false) {
    out.push(
      problem('/affirmation/accepted', 'affirmation-not-accepted', lang, 'problem.affirmation.notAccepted'),
    );
  }
  const signedOn = getString(body, ['affirmation', 'signedOn']);
  if (signedOn !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(signedOn)) {
    if (!isRealIsoDate(signedOn))
      out.push(problem('/affirmation/signedOn', 'impossible-date', lang, 'problem.signedOn.impossible'));
    else if (compareIsoDates(signedOn, today) > 0)
      out.push(problem('/affirmation/signedOn', 'date-in-future', lang, 'problem.signedOn.future'));
    else if (dob !== undefined && isRealIsoDate(dob) && compareIsoDates(signedOn, dob) < 0)
      out.push(problem('/affirmation/signedOn', 'implausible-date', lang, 'problem.signedOn.beforeBirth'));
  }

  // voting residence: a US state and ZIP
  const state = getString(body, ['votingResidence', 'state']);
  if (state !== undefined && /^[A-Za-z]{2}$/.test(state) && !isUsStateCode(state)) {
    out.push(
      problem(
        '/votingResidence/state',
        isMilitaryRegion(state) ? 'military-post-not-residence' : 'unknown-state',
        lang,
        isMilitaryRegion(state) ? 'problem.state.militaryPost' : 'problem.state.unknown',
      ),
    );
  }

  for (const a of ['mailingAddress', 'forwardingAddress'] as const)
    out.push(...postalAddressProblems(body, a, lang));

  // identification number formats
  const idType = getString(body, ['identification', 'type']);
  const idValue = getString(body, ['identification', 'value']);
  if (idValue !== undefined && idType !== undefined && !hasForbiddenCharacters(idValue)) {
    const compact = idValue.replace(/[\s-]/g, '');
    if (idType === 'ssn4' && !/^[0-9]{4}$/.test(compact)) {
      out.push(problem('/identification/value', 'bad-id-format', lang, 'problem.id.ssn4'));
    } else if (
      (idType === 'drivers-license' || idType === 'state-id') &&
      !/^[A-Za-z0-9]{4,20}$/.test(compact)
    ) {
      out.push(
        problem('/identification/value', 'bad-id-format', lang, 'problem.id.number', {
          stateId: idType === 'state-id' ? 'yes' : 'no',
        }),
      );
    }
  }

  // delivery method needs its contact
  const delivery = getString(body, ['ballotDelivery']);
  const email = getString(body, ['contact', 'email']);
  const fax = getString(body, ['contact', 'fax']);
  if (delivery === 'email' && (email === undefined || email.trim() === '')) {
    out.push(problem('/contact/email', 'email-required', lang, 'problem.emailRequired'));
  }
  if (delivery === 'fax' && (fax === undefined || fax.trim() === '')) {
    out.push(problem('/contact/fax', 'fax-required', lang, 'problem.faxRequired'));
  }
  return out;
}

function postalAddressProblems(
  body: unknown,
  a: 'mailingAddress' | 'forwardingAddress',
  lang: Language,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const country = getString(body, [a, 'country']);
  const city = getString(body, [a, 'city']);
  const region = getString(body, [a, 'region']);
  const postalCode = getString(body, [a, 'postalCode']);
  if (country === undefined || !/^[A-Z]{2}$/.test(country)) return out;
  if (!isIsoCountryCode(country)) {
    out.push(problem(`/${a}/country`, 'unknown-country', lang, 'problem.country.unknown'));
    return out;
  }
  const militaryCity = city !== undefined && isMilitaryCity(city);
  const militaryRegion = region !== undefined && isMilitaryRegion(region.trim());
  if (country !== 'US') {
    if (militaryCity || militaryRegion) {
      out.push(problem(`/${a}/country`, 'military-post-country', lang, 'problem.country.militaryPost'));
    }
    return out;
  }
  // US address (domestic or military post)
  if (region === undefined || region.trim() === '') {
    out.push(problem(`/${a}/region`, 'required', lang, 'problem.region.required'));
  } else if (militaryCity && !militaryRegion) {
    out.push(
      problem(`/${a}/region`, 'military-post-mismatch', lang, 'problem.region.militaryPost', {
        city: city?.trim().toUpperCase() ?? '',
        regions: MILITARY_REGIONS.join(', '),
      }),
    );
  } else if (!militaryCity && militaryRegion) {
    out.push(problem(`/${a}/city`, 'military-post-mismatch', lang, 'problem.city.militaryPost'));
  } else if (!militaryRegion && !isUsStateCode(region.trim())) {
    out.push(problem(`/${a}/region`, 'unknown-state', lang, 'problem.state.unknown'));
  }
  if (postalCode === undefined || postalCode.trim() === '') {
    out.push(problem(`/${a}/postalCode`, 'required', lang, 'problem.postalCode.required'));
  } else if (!ZIP_PATTERN.test(postalCode.trim())) {
    out.push(problem(`/${a}/postalCode`, 'bad-format', lang, 'problem.postalCode.format'));
  } else if (
    militaryCity &&
    militaryRegion &&
    region &&
    !zipMatchesMilitaryRegion(postalCode.trim(), region.trim().toUpperCase() as 'AA' | 'AE' | 'AP')
  ) {
    out.push(
      problem(`/${a}/postalCode`, 'military-post-mismatch', lang, 'problem.postalCode.militaryPost', {
        region: region.trim().toUpperCase(),
      }),
    );
  }
  return out;
}
