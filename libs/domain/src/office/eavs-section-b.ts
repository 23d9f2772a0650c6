import type { IsoDate } from '../ids';
import type { BallotDeliveryMethod, RequestStatus, ReturnMethod, VoterClass } from '../vocabulary';
import {
  EAVS_SECTION_B_FIELDS,
  type BallotRejectionType,
  type EavsSectionBField,
  type EsbBallotMethod,
  type EsbBallotType,
  type EsbJurisdictionIdType,
  type EsbRequestMethod,
  type EsbRequestStatusReasonType,
  type EsbRequestStatusType,
  type EsbRequestType,
  type EsbStateName,
  type EsbVoterType,
} from './eavs-vocabulary';
import { assertIsoDate } from './dates';
import { eavsReasonFields, isReasonCode } from '../fpca/reasons';
import type { FwabNotCountedReason } from './fwab';

/** A method, or `other` with its free-text description. */
export type WithOther<M extends string> =
  { method: Exclude<M, 'other'> } | { method: 'other'; other: string };

/** One UOCAVA transaction (one request and what followed) as the export needs it. No personal data. */
export interface UocavaTransaction {
  transactionId: string;
  /** a pseudonymous voter id, NOT the registration number (the standard requires it to differ) */
  voterUniqueId: string;
  request: {
    method: WithOther<EsbRequestMethod>;
    /** date the office processed the request */
    date?: IsoDate;
    status: EsbRequestStatusType;
    statusReasons?: readonly EsbRequestStatusReasonType[];
    /** free text when statusReasons includes `other` */
    statusReasonOther?: string;
    type: EsbRequestType;
  };
  transmission?: { date?: IsoDate; method: WithOther<EsbBallotMethod>; ballotType?: EsbBallotType };
  return?: { receivedDate?: IsoDate; method: WithOther<EsbBallotMethod> };
  rejection?: { reasons: readonly BallotRejectionType[]; other?: string };
  /** the kind of ballot; defaults to transmission.ballotType */
  ballotType?: EsbBallotType;
  election: { date: IsoDate; name: string };
  jurisdiction: { id: string; idType: EsbJurisdictionIdType; name: string; state: EsbStateName };
  /** ISO 3166 short country name the ballot was sent to */
  voterMailingCountry?: string;
  voterType?: EsbVoterType;
}

/** One CSV row: the cell text of every field, in schema order. */
export type EavsSectionBRow = Readonly<Record<EavsSectionBField, string>>;

/** `na`: the standard's marker for a value that is unavailable (not for required fields). */
export const ESB_NA = 'na';

// eslint-disable-next-line no-control-regex -- the standard forbids control characters; this finds them
const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;
// eslint-disable-next-line no-control-regex -- as above, without the global flag (test() is stateless)
const HAS_CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** Free text: no control characters (the standard forbids them), no leading/trailing spaces. */
function text(value: string): string {
  return (HAS_CONTROL_CHARS.test(value) ? value.replace(CONTROL_CHARS, ' ') : value).trim();
}
function required(value: string, field: EavsSectionBField): string {
  const t = text(value);
  if (t === '' || t === ESB_NA) throw new RangeError(`${field} is required`);
  return t;
}
function optional(value: string | undefined): string {
  if (value === undefined) return ESB_NA;
  const t = text(value);
  return t === '' ? ESB_NA : t;
}
function date(value: IsoDate | undefined, field: EavsSectionBField): string {
  return value === undefined ? ESB_NA : assertIsoDate(value, field);
}
/** The standard's array cell: a JSON array of strings, `["a","b"]`, even for one value. */
function array(values: readonly string[] | undefined): string {
  return values === undefined || values.length === 0 ? ESB_NA : JSON.stringify([...new Set(values)]);
}
/** `XxxOther…` fields: free text only when the base field is `other`, else empty (never `na`). */
function otherText<M extends string>(base: WithOther<M> | undefined): string {
  return base !== undefined && 'other' in base ? text(base.other) : '';
}
function methodOf<M extends string>(m: WithOther<M> | undefined): string {
  return m === undefined ? ESB_NA : m.method;
}

/** Builds the EAVS Section B row of one transaction. Throws RangeError on a missing required value. */
export function eavsSectionBRow(t: UocavaTransaction): EavsSectionBRow {
  const reasons = t.request.statusReasons;
  const rejection = t.rejection;
  return {
    TransactionId: required(t.transactionId, 'TransactionId'),
    UniqueId: required(t.voterUniqueId, 'UniqueId'),
    RequestMethod: t.request.method.method,
    RequestOtherMethod: otherText(t.request.method),
    RequestDate: date(t.request.date, 'RequestDate'),
    RequestStatusType: t.request.status,
    RequestStatusReasonType: t.request.status === 'accepted' ? array(undefined) : array(reasons),
    RequestReasonOtherType:
      reasons?.includes('other') === true && t.request.statusReasonOther !== undefined
        ? text(t.request.statusReasonOther)
        : '',
    RequestType: t.request.type,
    BallotRejectionType: rejection === undefined ? ESB_NA : array(rejection.reasons),
    BallotRejectionOtherType:
      rejection?.reasons.includes('other') === true && rejection.other !== undefined
        ? text(rejection.other)
        : '',
    BallotReceivedDate: date(t.return?.receivedDate, 'BallotReceivedDate'),
    BallotReceivedMethod: methodOf(t.return?.method),
    BallotReceivedOtherMethod: otherText(t.return?.method),
    BallotTransmissionDate: date(t.transmission?.date, 'BallotTransmissionDate'),
    BallotTransmissionMethod: methodOf(t.transmission?.method),
    BallotTransmissionOtherMethod: otherText(t.transmission?.method),
    BallotType: t.ballotType ?? t.transmission?.ballotType ?? ESB_NA,
    ElectionDate: assertIsoDate(t.election.date, 'ElectionDate'),
    ElectionName: required(t.election.name, 'ElectionName'),
    JurisdictionId: required(t.jurisdiction.id, 'JurisdictionId'),
    JurisdictionIdType: t.jurisdiction.idType,
    JurisdictionName: required(t.jurisdiction.name, 'JurisdictionName'),
    StateName: t.jurisdiction.state,
    VoterMailingCountry: optional(t.voterMailingCountry),
    VoterType: t.voterType ?? ESB_NA,
  };
}

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 field escaping: quote when the value holds a comma, quote or line break; double quotes. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheet formula injection guard (OWASP "CSV injection"): a cell that starts with = + - @,
 * a tab or a carriage return is opened by spreadsheet programs as a formula; prefixed with `'` it
 * is shown as the text it is. Apply it before `csvField`, to the cells people type.
 */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * The EAVS Section B fields that hold text rather than a code or a date: every string field
 * without an enum in the table schema (ids, names, "other" texts). Only they can start with a
 * formula character, and only they are guarded in the CSV (`spreadsheetSafe`). Codes, dates and
 * `na` are written exactly as the table schema defines them; these fields have no pattern there,
 * so the guarded file still validates against the table schema (eavs-section-b.spec.ts,
 * test/office-operations.e2e-spec.ts).
 */
export const EAVS_FREE_TEXT_FIELDS: ReadonlySet<EavsSectionBField> = new Set<EavsSectionBField>([
  'TransactionId',
  'UniqueId',
  'RequestOtherMethod',
  'RequestReasonOtherType',
  'BallotRejectionOtherType',
  'BallotReceivedOtherMethod',
  'BallotTransmissionOtherMethod',
  'ElectionName',
  'JurisdictionId',
  'JurisdictionName',
  'VoterMailingCountry',
]);

export interface CsvOptions {
  /**
   * Record separator. RFC 4180 says CRLF; the ESB formatting notes ask for UNIX newlines, which is
   * the default here. Quoting follows RFC 4180 either way.
   */
  lineEnding?: '\n' | '\r\n';
}

/** The CSV text: header with every field in schema order, then one line per row, final newline. */
export function eavsSectionBCsv(rows: Iterable<EavsSectionBRow>, options: CsvOptions = {}): string {
  const eol = options.lineEnding ?? '\n';
  const fields = EAVS_SECTION_B_FIELDS;
  const n = fields.length;
  const lines: string[] = [fields.join(',')];
  // One reused cell array joined per line: about 3x faster than `line += ','+cell` on V8.
  const cells = new Array<string>(n);
  const guarded = fields.map((f) => EAVS_FREE_TEXT_FIELDS.has(f));
  for (const row of rows) {
    for (let i = 0; i < n; i++) {
      const value = row[fields[i]];
      cells[i] = csvField(guarded[i] ? spreadsheetSafe(value) : value);
    }
    lines.push(cells.join(','));
  }
  return lines.join(eol) + eol;
}

/**
 * `esbdata-<YYYY-MM-DD>-<State>[-<Local>].csv`: full state name, spaces replaced by underscores
 * (`New_York`), and likewise for the optional local jurisdiction (`Maricopa_County`).
 */
export function eavsFileName(electionDate: IsoDate, state: EsbStateName, local?: string): string {
  const d = assertIsoDate(electionDate, 'electionDate');
  const seg = (s: string): string => text(s).replace(/\s+/g, '_').replace(/[/\\]/g, '_');
  const localPart = local !== undefined && text(local) !== '' ? `-${seg(local)}` : '';
  return `esbdata-${d}-${seg(state)}${localPart}.csv`;
}

// ---- mappings from the platform's vocabulary -------------------------------------------------

const REQUEST_STATUS_MAP: Record<
  RequestStatus,
  { status: EsbRequestStatusType; reasons?: EsbRequestStatusReasonType[] }
> = {
  received: { status: 'pending' },
  'needs-review': { status: 'pending' },
  verified: { status: 'accepted' },
  rejected: { status: 'rejected' },
  duplicate: { status: 'rejected', reasons: ['duplicate'] },
  // EAVS RequestStatusType `cancelled`: the office cancelled a request it had (the voter asked, moved, died)
  cancelled: { status: 'cancelled' },
};

/**
 * The EAVS request status of a request, with the reasons of a rejection as `eavsReasonFields`
 * (fpca/reasons.ts) reports them: each stored code as its EAVS value, the platform's own codes as
 * `other` and named in `other` (RequestReasonOtherType). A stored code this version does not know
 * is reported as `other` too. A rejection with no recorded reason is `untracked`, as the standard
 * says.
 */
export function esbRequestStatus(
  status: RequestStatus,
  reasonCodes: readonly string[] = [],
): {
  status: EsbRequestStatusType;
  reasons?: EsbRequestStatusReasonType[];
  other?: string;
} {
  const mapped = REQUEST_STATUS_MAP[status];
  if (status !== 'rejected') return mapped;
  if (reasonCodes.length === 0) return { status: mapped.status, reasons: ['untracked'] };
  const fields = eavsReasonFields(reasonCodes.map((c) => (isReasonCode(c) ? c : 'other')));
  const unknown = reasonCodes.filter((c) => !isReasonCode(c));
  const other = [fields.RequestReasonOtherType, ...unknown].filter((x) => x !== undefined).join(';');
  return { status: mapped.status, reasons: fields.RequestStatusReasonType, ...(other ? { other } : {}) };
}

export function esbMethod(method: BallotDeliveryMethod | ReturnMethod): EsbBallotMethod {
  return method;
}

/**
 * EAVS voter type from the FPCA voter class. `location` says where a uniformed-services voter is,
 * if known; without it the standard's catch-all `military` / `military-spouse-dependent` is used.
 */
export function esbVoterType(voterClass: VoterClass, location?: 'domestic' | 'overseas'): EsbVoterType {
  switch (voterClass) {
    case 'active-duty':
      return location === 'domestic'
        ? 'domestic-military'
        : location === 'overseas'
          ? 'overseas-military'
          : 'military';
    case 'active-duty-spouse-or-dependent':
      return location === 'domestic'
        ? 'domestic-military-spouse-dependent'
        : location === 'overseas'
          ? 'overseas-military-spouse-dependent'
          : 'military-spouse-dependent';
    case 'citizen-abroad-intent-to-return':
    case 'citizen-abroad-return-uncertain':
    case 'citizen-abroad-never-resided':
      return 'overseas-citizen';
  }
}

// ---- FWAB-only transactions ------------------------------------------------------------------

/**
 * A Federal Write-In Absentee Ballot from a voter who has no ballot request with the office: in
 * EAVS Section B it is a transaction of its own, of RequestType `fwab` ("a voter returned a FWAB
 * prior to receiving or requesting a ballot through other means"). No personal data.
 */
export interface FwabOnlyRecord {
  fwabId: string;
  /** date the office received it */
  receivedOn: IsoDate;
  /** how it arrived; undefined when it was not recorded (exported as `untracked`) */
  method?: ReturnMethod;
  disposition: 'counted' | 'superseded' | 'rejected';
  /** why it did not count (see `resolveFwab`) */
  reason?: FwabNotCountedReason;
}

/** The EAVS rejection reason of a FWAB that did not count, and the free text when it is `other`. */
const FWAB_REJECTION: Record<FwabNotCountedReason, { reason: BallotRejectionType; other?: string }> = {
  'fwab-not-timely': { reason: 'not-timely' },
  'voter-unregistered': { reason: 'voter-unregistered' },
  'no-timely-application': {
    reason: 'other',
    other: 'no timely application for a state absentee ballot (52 U.S.C. 20303(b))',
  },
  'state-ballot-counted': { reason: 'other', other: 'superseded by the state absentee ballot' },
};

/**
 * The transaction of a FWAB-only voter. The FWAB is both the request and the returned ballot:
 * request method, request date and received date come from its arrival; BallotType is `fwab`;
 * nothing was transmitted. The request counts as `accepted` when the FWAB counted, else
 * `rejected` with reason `other` naming the platform's reason (`voter-unregistered`,
 * `no-timely-application`, `fwab-not-timely`, `state-ballot-counted`), and the ballot rejection
 * carries the matching EAVS reason. UniqueId is the FWAB id: the platform holds no voter key for a
 * voter it never had a request from (and the standard forbids the registration number).
 */
export function fwabOnlyTransaction(
  f: FwabOnlyRecord,
  context: Pick<UocavaTransaction, 'election' | 'jurisdiction'>,
): UocavaTransaction {
  const esb = f.method === undefined ? 'untracked' : esbMethod(f.method);
  const arrival: Exclude<EsbBallotMethod, 'other'> = esb === 'other' ? 'untracked' : esb;
  const counted = f.disposition === 'counted';
  // a FWAB that did not count always has its reason; without one, the standard's "unspecified"
  const rejection: { reason: BallotRejectionType; other?: string } =
    f.reason === undefined ? { reason: 'rejected' } : FWAB_REJECTION[f.reason];
  return {
    transactionId: f.fwabId,
    voterUniqueId: f.fwabId,
    request: {
      method: { method: arrival },
      date: f.receivedOn,
      status: counted ? 'accepted' : 'rejected',
      ...(counted
        ? {}
        : f.reason === undefined
          ? { statusReasons: ['untracked'] as const }
          : { statusReasons: ['other'] as const, statusReasonOther: f.reason }),
      type: 'fwab',
    },
    return: { receivedDate: f.receivedOn, method: { method: arrival } },
    rejection: counted
      ? undefined
      : { reasons: [rejection.reason], ...(rejection.other !== undefined ? { other: rejection.other } : {}) },
    ballotType: 'fwab',
    election: context.election,
    jurisdiction: context.jurisdiction,
  };
}
