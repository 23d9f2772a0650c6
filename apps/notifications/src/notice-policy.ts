/** Which events a voter hears about: the notice of each event type, per ballot delivery method. */
import type { EventDataByType, EventType } from '@uocava/contracts';
import type { BallotDeliveryMethod } from '@uocava/domain';

export const NOTICE_KINDS = [
  'request-received',
  'request-resubmitted',
  'request-needs-review',
  'request-approved',
  'request-rejected',
  'ballot-ready',
  'ballot-sent',
  'ballot-returned',
  'ballot-accepted',
  'ballot-rejected',
  'cure-requested',
  'ballot-cured',
  'fwab-resolved',
  'contact-changed',
  'request-cancelled',
  'ballot-replaced',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type Notice =
  | { kind: 'request-received' }
  | { kind: 'request-resubmitted' }
  | { kind: 'request-needs-review' }
  | { kind: 'request-approved' }
  | { kind: 'request-rejected'; reasons: string[] }
  | { kind: 'ballot-ready'; ballotId: string; electionId: string }
  | { kind: 'ballot-sent'; method: BallotDeliveryMethod; at: string; electionId: string }
  | { kind: 'ballot-returned'; receivedAt: string; timely: boolean; electionId: string }
  | { kind: 'ballot-accepted'; electionId: string }
  | { kind: 'ballot-rejected'; reasons: string[]; electionId: string }
  | { kind: 'cure-requested'; reasons: string[]; deadline: string; electionId: string }
  | { kind: 'ballot-cured'; electionId: string }
  | {
      kind: 'fwab-resolved';
      disposition: 'counted' | 'superseded' | 'rejected';
      reason?: string;
      electionId: string;
    }
  | { kind: 'contact-changed'; changeId: string; fields: string[] }
  | { kind: 'request-cancelled'; reason: string }
  | { kind: 'ballot-replaced'; electionId: string; reason?: string };

/**
 * The decision for every event type of the catalog (a new event type does not compile until it
 * is decided here): which notices it can give, and why. docs/notifications.md lists the same, and
 * a unit test keeps the two equal.
 */
export const NOTIFICATION_POLICY: { readonly [T in EventType]: { notices: NoticeKind[]; why: string } } = {
  'uocava.request.submitted.v1': {
    notices: ['request-received'],
    why: 'confirms the request and gives the tracking code',
  },
  'uocava.request.duplicate.v1': {
    notices: ['request-resubmitted'],
    why: 'the gateway does not show the tracking code to whoever sent the request again (anyone who knows a name and birth date could); it goes to the address on the first request instead, at most once a day per request',
  },
  'uocava.request.verified.v1': {
    notices: ['request-approved'],
    why: 'only when the office approved it after a review (the review e-mail promised an answer); an automatic match is followed by the ballot e-mail',
  },
  'uocava.request.needs-review.v1': {
    notices: ['request-needs-review'],
    why: 'tells the voter a person checks it and that nothing is needed now',
  },
  'uocava.request.rejected.v1': {
    notices: ['request-rejected'],
    why: 'the reasons in plain words and what the voter can still do (FWAB)',
  },
  'uocava.ballot.generated.v1': {
    notices: [],
    why: 'the packet exists but has not been made available yet; `ballot.transmitted` follows',
  },
  'uocava.ballot.packet-regenerated.v1': {
    notices: [],
    why: 'happens while the voter downloads the packet, who gets the new one at once; the tracking page shows the step',
  },
  'uocava.ballot.transmitted.v1': {
    notices: ['ballot-ready', 'ballot-sent'],
    why: 'e-mail/online voters get the link to the packet page; mail and fax voters (and ballots the office sent another way) get a notice without a link',
  },
  'uocava.ballot.returned.v1': {
    notices: ['ballot-returned'],
    why: 'the office has the envelope (and whether it arrived in time)',
  },
  'uocava.ballot.accepted.v1': { notices: ['ballot-accepted'], why: 'the ballot will be counted' },
  'uocava.ballot.rejected.v1': {
    notices: ['ballot-rejected'],
    why: 'the reasons in plain words and what the voter can still do',
  },
  'uocava.ballot.cure-requested.v1': {
    notices: ['cure-requested'],
    why: 'what to fix and by when',
  },
  'uocava.ballot.cured.v1': { notices: ['ballot-cured'], why: 'the fix arrived in time' },
  'uocava.receipt.issued.v1': {
    notices: [],
    why: 'one receipt per step: the step itself is the e-mail; receipts are on the tracking page',
  },
  'uocava.fwab.recorded.v1': {
    notices: [],
    why: '`fwab.resolved` follows at once with what counts',
  },
  'uocava.fwab.resolved.v1': {
    notices: ['fwab-resolved'],
    why: 'which ballot counts, when the FWAB belongs to a request with an e-mail address (re-sent when it changes)',
  },
  'uocava.office.move-act-summary.v1': { notices: [], why: 'for the office, not a voter' },
  'uocava.election.defined.v1': {
    notices: [],
    why: 'each voter hears through their own `ballot.transmitted`',
  },
  'uocava.request.style-assigned.v1': {
    notices: [],
    why: 'an office step; the ballot e-mail follows',
  },
  'uocava.request.contact-changed.v1': {
    notices: ['contact-changed'],
    why: 'which details the office changed, to the address now on the request and, when the e-mail address itself changed, to the previous one too (someone changing it without the voter is seen at once)',
  },
  'uocava.request.cancelled.v1': {
    notices: ['request-cancelled'],
    why: 'the request no longer stands, its ballots not yet returned are void, and the voter may send a new request',
  },
  'uocava.ballot.voided.v1': {
    notices: ['ballot-replaced'],
    why: 'only when a replacement follows (a reissue): use the new ballot, not the old one; the ballot e-mail of the new one follows. A ballot voided with its cancelled request is told by `request.cancelled`',
  },
};

export type AnyEvent = { [T in EventType]: { type: T; data: EventDataByType[T] } }[EventType];

export const ELECTRONIC: readonly BallotDeliveryMethod[] = ['email', 'online'];

/** What to tell the voter about one event, given how they asked to get their ballot; undefined: nothing. */
export function noticeFor(
  event: AnyEvent,
  voter: { ballotDelivery: BallotDeliveryMethod },
): Notice | undefined {
  switch (event.type) {
    case 'uocava.request.submitted.v1':
      return { kind: 'request-received' };
    case 'uocava.request.duplicate.v1':
      return { kind: 'request-resubmitted' };
    case 'uocava.request.needs-review.v1':
      return { kind: 'request-needs-review' };
    case 'uocava.request.verified.v1':
      return event.data.decidedBy === 'office' ? { kind: 'request-approved' } : undefined;
    case 'uocava.request.rejected.v1':
      return { kind: 'request-rejected', reasons: event.data.reasons };
    case 'uocava.ballot.transmitted.v1': {
      const { method, ballotId, electionId, transmittedAt } = event.data;
      // the link only to a voter who asked for the ballot electronically
      if (ELECTRONIC.includes(voter.ballotDelivery) && ELECTRONIC.includes(method))
        return { kind: 'ballot-ready', ballotId, electionId };
      return { kind: 'ballot-sent', method, at: transmittedAt, electionId };
    }
    case 'uocava.ballot.returned.v1':
      return {
        kind: 'ballot-returned',
        receivedAt: event.data.receivedAt,
        timely: event.data.timely,
        electionId: event.data.electionId,
      };
    case 'uocava.ballot.accepted.v1':
      return { kind: 'ballot-accepted', electionId: event.data.electionId };
    case 'uocava.ballot.rejected.v1':
      return { kind: 'ballot-rejected', reasons: event.data.reasons, electionId: event.data.electionId };
    case 'uocava.ballot.cure-requested.v1':
      return {
        kind: 'cure-requested',
        reasons: event.data.reasons,
        deadline: event.data.cureDeadline,
        electionId: event.data.electionId,
      };
    case 'uocava.ballot.cured.v1':
      return { kind: 'ballot-cured', electionId: event.data.electionId };
    case 'uocava.request.contact-changed.v1':
      return { kind: 'contact-changed', changeId: event.data.changeId, fields: [...event.data.fields] };
    case 'uocava.request.cancelled.v1':
      return { kind: 'request-cancelled', reason: event.data.reason };
    case 'uocava.ballot.voided.v1':
      return event.data.replacement
        ? {
            kind: 'ballot-replaced',
            electionId: event.data.electionId,
            ...(event.data.reissueReason !== undefined ? { reason: event.data.reissueReason } : {}),
          }
        : undefined;
    case 'uocava.fwab.resolved.v1':
      return {
        kind: 'fwab-resolved',
        disposition: event.data.disposition,
        ...(event.data.reason !== undefined ? { reason: event.data.reason } : {}),
        electionId: event.data.electionId,
      };
    default:
      return undefined;
  }
}

/** The request id a notice is about (events keyed otherwise, e.g. a FWAB without request, have none). */
export function requestIdOf(event: AnyEvent): string | undefined {
  const data = event.data as { requestId?: unknown };
  return typeof data.requestId === 'string' ? data.requestId : undefined;
}
