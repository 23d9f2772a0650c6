/**
 * The FPCA web form <-> the ballot request body of the JSON API. Pure functions, no I/O: the form
 * posts flat `application/x-www-form-urlencoded` fields named after the request's field paths
 * (`name.first`, `mailingAddress.lines[0]`), and the body is checked by the very same
 * `validateBallotRequest` as the API, so a voter sees the same rules and messages either way.
 */
import type { FieldProblem, IsoDate } from '@uocava/domain';
import type { FieldErrors } from '../components';

export type FormValues = Record<string, string>;

/** Every field of the form, in page order (the error summary follows it). */
export const REQUEST_FIELDS = [
  'jurisdictionId',
  'voterClass',
  'name.first',
  'name.middle',
  'name.last',
  'name.suffix',
  'previousName.first',
  'previousName.last',
  'dateOfBirth',
  'identification.type',
  'identification.value',
  'identification.attestNoId',
  'votingResidence.street',
  'votingResidence.unit',
  'votingResidence.city',
  'votingResidence.state',
  'votingResidence.zip',
  'votingResidence.county',
  'mailingAddress.lines[0]',
  'mailingAddress.lines[1]',
  'mailingAddress.lines[2]',
  'mailingAddress.city',
  'mailingAddress.region',
  'mailingAddress.postalCode',
  'mailingAddress.country',
  'contact.email',
  'contact.phone',
  'contact.fax',
  'ballotDelivery',
  'paperSize',
  'party',
  'affirmation.accepted',
] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

const FIELD_SET: ReadonlySet<string> = new Set(REQUEST_FIELDS);

/** Keeps only the form's own fields, as single trimmed strings (a repeated field keeps its first value). */
export function readForm(body: unknown): FormValues {
  const out: FormValues = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (!FIELD_SET.has(k)) continue;
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') out[k] = value.slice(0, 1000);
  }
  return out;
}

type Json = string | boolean | Json[] | { [k: string]: Json | undefined } | undefined;

function prune(value: Json): Json {
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([k, v]) => [k, prune(v)] as const)
      .filter(([, v]) => v !== undefined);
    return entries.length ? Object.fromEntries(entries) : undefined;
  }
  return value === '' ? undefined : value;
}

/**
 * The request body the form describes. Empty fields are left out (the validator then says
 * "Please fill in ..." for the required ones); the affirmation is signed today.
 */
export function requestFromForm(form: FormValues, today: IsoDate): unknown {
  const v = (k: RequestField): string => (form[k] ?? '').trim();
  const idType = v('identification.type');
  const body: Json = {
    jurisdictionId: v('jurisdictionId'),
    voterClass: v('voterClass'),
    name: {
      first: v('name.first'),
      middle: v('name.middle'),
      last: v('name.last'),
      suffix: v('name.suffix'),
    },
    previousName: { first: v('previousName.first'), last: v('previousName.last') },
    dateOfBirth: v('dateOfBirth'),
    identification:
      idType === 'none'
        ? { type: 'none', attestNoId: form['identification.attestNoId'] === 'yes' ? true : undefined }
        : { type: idType, value: v('identification.value') },
    votingResidence: {
      street: v('votingResidence.street'),
      unit: v('votingResidence.unit'),
      city: v('votingResidence.city'),
      state: v('votingResidence.state').toUpperCase(),
      zip: v('votingResidence.zip'),
      county: v('votingResidence.county'),
    },
    mailingAddress: {
      lines: [v('mailingAddress.lines[0]'), v('mailingAddress.lines[1]'), v('mailingAddress.lines[2]')],
      city: v('mailingAddress.city'),
      region: v('mailingAddress.region'),
      postalCode: v('mailingAddress.postalCode'),
      country: v('mailingAddress.country'),
    },
    contact: { email: v('contact.email'), phone: v('contact.phone'), fax: v('contact.fax') },
    ballotDelivery: v('ballotDelivery'),
    paperSize: v('paperSize'),
    party: v('party'),
    affirmation: { accepted: form['affirmation.accepted'] === 'yes', signedOn: today },
  };
  const pruned = prune(body) as Record<string, Json>;
  // a previous name needs both parts to mean anything; half of one is still sent (and refused)
  // so that the voter is told what is missing
  return { ...pruned, contact: pruned.contact ?? {} };
}

/** The form field a problem belongs to: itself, or the first field of the group it names. */
export function formFieldOf(problem: Pick<FieldProblem, 'field'>): RequestField {
  const f = problem.field;
  if (FIELD_SET.has(f)) return f as RequestField;
  if (f === 'mailingAddress.lines') return 'mailingAddress.lines[0]';
  const inGroup = REQUEST_FIELDS.find((name) => name.startsWith(`${f}.`) || name.startsWith(`${f}[`));
  if (inGroup) return inGroup;
  if (f === 'affirmation.signedOn') return 'affirmation.accepted';
  if (f.startsWith('previousName')) return 'previousName.last';
  return 'jurisdictionId';
}

/** The validator's problems as one message per form field (the first problem of each field wins). */
export function errorsByField(problems: readonly FieldProblem[]): FieldErrors {
  const out: FieldErrors = {};
  for (const p of problems) {
    const field = formFieldOf(p);
    out[field] ??= p.message;
  }
  return out;
}
