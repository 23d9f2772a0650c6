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
  'contact.smsOptIn',
  'contact.mobile',
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

/** The object without its undefined entries (JSON would drop them anyway; the validator must not see them). */
function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The request body the form describes. An empty field is left out, so the validator says "Please
 * fill in your ..." for each required one; the groups the request requires stay (possibly empty),
 * so that each of their missing fields is named on its own; the affirmation is signed today.
 */
export function requestFromForm(form: FormValues, today: IsoDate): unknown {
  const v = (k: RequestField): string | undefined => {
    const t = (form[k] ?? '').trim();
    return t === '' ? undefined : t;
  };
  const idType = v('identification.type');
  const lines = [
    v('mailingAddress.lines[0]'),
    v('mailingAddress.lines[1]'),
    v('mailingAddress.lines[2]'),
  ].filter((l): l is string => l !== undefined);
  const previous = compact({ first: v('previousName.first'), last: v('previousName.last') });
  return compact({
    jurisdictionId: v('jurisdictionId'),
    voterClass: v('voterClass'),
    name: compact({
      first: v('name.first'),
      middle: v('name.middle'),
      last: v('name.last'),
      suffix: v('name.suffix'),
    }),
    // half a previous name is still sent (and refused) so that the voter is told what is missing
    previousName: Object.keys(previous).length ? previous : undefined,
    dateOfBirth: v('dateOfBirth'),
    identification:
      idType === 'none'
        ? compact({
            type: idType,
            attestNoId: form['identification.attestNoId'] === 'yes' ? true : undefined,
          })
        : compact({ type: idType, value: v('identification.value') }),
    votingResidence: compact({
      street: v('votingResidence.street'),
      unit: v('votingResidence.unit'),
      city: v('votingResidence.city'),
      state: v('votingResidence.state')?.toUpperCase(),
      zip: v('votingResidence.zip'),
      county: v('votingResidence.county'),
    }),
    mailingAddress: compact({
      lines: lines.length ? lines : undefined,
      city: v('mailingAddress.city'),
      region: v('mailingAddress.region'),
      postalCode: v('mailingAddress.postalCode'),
      country: v('mailingAddress.country'),
    }),
    contact: compact({
      email: v('contact.email'),
      phone: v('contact.phone'),
      fax: v('contact.fax'),
      // spaces, brackets, dots and hyphens go: `+49 170 123-4567` is `+491701234567`
      mobile: v('contact.mobile')?.replace(/[\s().-]/g, ''),
      smsOptIn: form['contact.smsOptIn'] === 'yes' ? true : undefined,
    }),
    ballotDelivery: v('ballotDelivery'),
    paperSize: v('paperSize'),
    party: v('party'),
    affirmation: { accepted: form['affirmation.accepted'] === 'yes', signedOn: today },
  });
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
