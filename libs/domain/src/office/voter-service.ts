/**
 * Voter service at the office, as plain rules: what a contact change does to a request, and
 * whether a request may be cancelled or a ballot reissued. No I/O: the gateway reads and writes.
 */
import type { BallotRequestInput, FieldProblem, PostalAddress } from '@uocava/contracts/http/ballot-request';
import type { BallotDeliveryMethod, BallotStatus, ContactField } from '../vocabulary';
import { validateBallotRequest } from '../fpca/validate';
import type { IsoDate } from '../ids';
import { ALLOWED_FROM } from './ballot-decision';

/**
 * What a clerk may change; `null` removes an optional value (the e-mail, the phone or the mobile
 * number). `smsOptIn: false` (or `mobile: null`) ends the voter's text messages and removes the
 * mobile number; `smsOptIn: true` needs a mobile number, on the request or in the change.
 */
export interface ContactChange {
  email?: string | null;
  phone?: string | null;
  mobile?: string | null;
  smsOptIn?: boolean;
  mailingAddress?: PostalAddress;
  ballotDelivery?: BallotDeliveryMethod;
}

export type ContactChangeResult =
  { ok: true; request: BallotRequestInput; fields: ContactField[] } | { ok: false; problems: FieldProblem[] };

/** JSON with object keys sorted: two addresses are the same whatever order their fields came in. */
const canonical = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(canonical).join(',')}]`
    : v !== null && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v ?? null);
const same = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);

/**
 * The request after the change and which fields really changed. The changed request is checked
 * again with every rule a new request meets (an e-mail delivery needs an e-mail address, a
 * mailing address needs its country, ...), so a change never stores a request that would be refused.
 * A change that changes nothing is refused: it would put an empty step on the log.
 */
export function applyContactChange(
  request: BallotRequestInput,
  change: ContactChange,
  today: IsoDate,
): ContactChangeResult {
  const contact = { ...request.contact };
  const fields: ContactField[] = [];
  for (const key of ['email', 'phone'] as const) {
    const value = change[key];
    if (value === undefined || same(value, contact[key])) continue;
    if (value === null) delete contact[key];
    else contact[key] = value;
    fields.push(key);
  }
  if (change.mobile !== undefined || change.smsOptIn !== undefined) {
    const before = { mobile: contact.mobile, smsOptIn: contact.smsOptIn === true };
    if (change.mobile === null || change.smsOptIn === false) {
      // the end of text messages: the number goes too (it serves nothing else)
      delete contact.mobile;
      delete contact.smsOptIn;
    } else {
      if (change.mobile !== undefined) contact.mobile = change.mobile;
      if (change.smsOptIn === true) contact.smsOptIn = true;
    }
    if (before.mobile !== contact.mobile || before.smsOptIn !== (contact.smsOptIn === true))
      fields.push('sms');
  }
  const next: BallotRequestInput = { ...request, contact };
  if (change.mailingAddress !== undefined && !same(change.mailingAddress, request.mailingAddress)) {
    next.mailingAddress = change.mailingAddress;
    fields.push('mailingAddress');
  }
  if (change.ballotDelivery !== undefined && change.ballotDelivery !== request.ballotDelivery) {
    next.ballotDelivery = change.ballotDelivery;
    fields.push('ballotDelivery');
  }
  if (fields.length === 0)
    return {
      ok: false,
      problems: [
        {
          field: '(body)',
          pointer: '',
          code: 'no-change',
          message: 'Every value given is the one the request already has: nothing to change.',
        },
      ],
    };
  const checked = validateBallotRequest(next, today);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  return { ok: true, request: checked.value, fields };
}

/** Request statuses a clerk can still cancel (a rejected or cancelled one no longer stands). */
export const CANCELLABLE_REQUEST_STATUSES = ['received', 'verified', 'needs-review'] as const;

/** Ballot statuses that can be made void: still out, never returned (`ballot-decision`'s `void`). */
export const VOIDABLE_BALLOT_STATUSES: readonly BallotStatus[] = ALLOWED_FROM.void;

export type ServiceRefusal = { ok: false; code: string; message: string };

/**
 * Ballot statuses that stop a cancellation: the ballot came back and waits for (or got) the
 * office's acceptance. A rejected ballot stays rejected and does not stop it; one still out is voided.
 */
export const CANCEL_BLOCKING_BALLOT_STATUSES: readonly BallotStatus[] = [
  'returned',
  'cure-requested',
  'cured',
  'accepted',
];

/** Whether a request may be cancelled, given its status and the statuses of its live ballots. */
export function cancellation(
  requestStatus: string,
  liveBallots: readonly BallotStatus[],
): { ok: true } | ServiceRefusal {
  if (!(CANCELLABLE_REQUEST_STATUSES as readonly string[]).includes(requestStatus))
    return {
      ok: false,
      code: 'request-not-standing',
      message: `A request that is ${requestStatus} cannot be cancelled.`,
    };
  const returned = liveBallots.find((s) => CANCEL_BLOCKING_BALLOT_STATUSES.includes(s));
  if (returned !== undefined)
    return {
      ok: false,
      code: 'ballot-returned',
      message: `A ballot of this request is ${returned}: decide on it instead (reject it with a reason).`,
    };
  return { ok: true };
}

/** Whether a ballot may be reissued (void, with a replacement): still out, and its request verified. */
export function reissuance(ballotStatus: BallotStatus, requestStatus: string): { ok: true } | ServiceRefusal {
  if (requestStatus !== 'verified')
    return {
      ok: false,
      code: 'request-not-standing',
      message: `The request of this ballot is ${requestStatus}: no new ballot can be issued for it.`,
    };
  if (!VOIDABLE_BALLOT_STATUSES.includes(ballotStatus))
    return {
      ok: false,
      code: 'illegal-transition',
      message: `A ballot that is ${ballotStatus} cannot be reissued${
        ballotStatus === 'void'
          ? ' (it was replaced or cancelled already)'
          : ': it came back; decide on it instead'
      }.`,
    };
  return { ok: true };
}
