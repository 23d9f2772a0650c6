/**
 * Which events a voter hears about, and the words of each e-mail: plain functions, no I/O.
 *
 * Every message is short plain text (it reaches every mail client, and the .mil gateways that
 * strip HTML and attachments), addresses the voter by first name only, and carries links, never
 * files. Nothing else personal goes in: no last name, date of birth, ID number, address or e-mail
 * address in the text (the address is only the recipient). Links never carry the date of birth:
 * the tracking page asks for it.
 */
import type { EventDataByType, EventType } from '@uocava/contracts';
import {
  ballotRejectionWords,
  cureWords,
  FWAB_NOT_COUNTED_WORDS,
  MONTH_NAMES,
  WEEKDAY_NAMES,
  requestReasonWords,
  type BallotDeliveryMethod,
  type FwabNotCountedReason,
} from '@uocava/domain';

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
    };

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
};

export type AnyEvent = { [T in EventType]: { type: T; data: EventDataByType[T] } }[EventType];

const ELECTRONIC: readonly BallotDeliveryMethod[] = ['email', 'online'];

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

export interface OfficeContact {
  name: string;
  email?: string;
  phone?: string;
  fax?: string;
}

/** Everything a message may say. Of the voter's personal data, only the first name. */
export interface MessageContext {
  firstName: string;
  trackingCode: string;
  trackingUrl: string;
  ballotDelivery: BallotDeliveryMethod;
  office: OfficeContact;
  /** the election a ballot notice is about */
  election?: { name: string; utcOffset?: string };
  /** the packet page, for `ballot-ready` */
  packetUrl?: string;
}

/** What the worker read for one event: the opened request (whole), its row and the office. */
export interface ContextSource {
  /** the opened FPCA body; only the first name is taken */
  pii: { name: { first: string } };
  trackingCode: string;
  trackingUrl: string;
  ballotDelivery: BallotDeliveryMethod;
  jurisdictionName: string;
  office?: Partial<OfficeContact>;
  election?: { name: string; utcOffset?: string };
  packetUrl?: string;
}

/** The message context, keeping of the voter's personal data only the first name. */
export function messageContext(source: ContextSource): MessageContext {
  const office = source.office ?? {};
  return {
    firstName: source.pii.name.first,
    trackingCode: source.trackingCode,
    trackingUrl: source.trackingUrl,
    ballotDelivery: source.ballotDelivery,
    office: {
      name: office.name ?? `${source.jurisdictionName} Election Office`,
      ...(office.email ? { email: office.email } : {}),
      ...(office.phone ? { phone: office.phone } : {}),
      ...(office.fax ? { fax: office.fax } : {}),
    },
    ...(source.election ? { election: source.election } : {}),
    ...(source.packetUrl ? { packetUrl: source.packetUrl } : {}),
  };
}

export interface ComposedMessage {
  subject: string;
  text: string;
}

const DAYS = WEEKDAY_NAMES;
const MONTHS = MONTH_NAMES;
const OFFSET = /^([+-])(\d{2}):(\d{2})$/;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `3 November 2026` (the calendar date in UTC). */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/**
 * A deadline the whole world can read: `Tuesday 10 November 2026, 22:00 UTC`, and when the
 * office's UTC offset is known, also its local time: `(17:00 at the election office, UTC-05:00)`.
 */
export function formatDeadline(iso: string, officeUtcOffset?: string): string {
  const d = new Date(iso);
  const utc = `${DAYS[d.getUTCDay()]} ${formatDate(iso)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
  const m = officeUtcOffset ? OFFSET.exec(officeUtcOffset) : null;
  if (!m) return utc;
  const minutes = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  const local = new Date(d.getTime() + minutes * 60_000);
  const sameDay = local.getUTCDate() === d.getUTCDate();
  const when = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}${
    sameDay ? '' : ` on ${DAYS[local.getUTCDay()]} ${local.getUTCDate()} ${MONTHS[local.getUTCMonth()]}`
  }`;
  return `${utc} (${when} at the election office, UTC${officeUtcOffset})`;
}

const METHOD_WORDS: Record<BallotDeliveryMethod, string> = {
  email: 'by e-mail',
  online: 'online',
  fax: 'by fax',
  mail: 'by post',
};

function forReasons(n: number): string {
  return n > 1 ? 'for these reasons' : 'for this reason';
}

function bullets(lines: string[]): string {
  return lines.map((l) => `- ${l}`).join('\n');
}

function officeBlock(office: OfficeContact): string {
  const lines = [office.name];
  if (office.email) lines.push(`E-mail: ${office.email}`);
  if (office.phone) lines.push(`Phone: ${office.phone}`);
  if (office.fax) lines.push(`Fax: ${office.fax}`);
  return lines.join('\n');
}

function trackingLines(ctx: MessageContext): string {
  return (
    `Your tracking code: ${ctx.trackingCode}\n` +
    `Follow it here (the page asks for your date of birth):\n${ctx.trackingUrl}`
  );
}

function forElection(ctx: MessageContext): string {
  return ctx.election ? ` for the ${ctx.election.name}` : '';
}

const FWAB_HINT =
  'You can still vote with the Federal Write-In Absentee Ballot (FWAB), from FVAP.gov, if there is time before the election. Your election office can tell you the deadline.';

/** The subject and plain-text body of one notice. */
export function composeMessage(notice: Notice, ctx: MessageContext): ComposedMessage {
  const { subject, body } = compose(notice, ctx);
  const text =
    `Hello ${ctx.firstName},\n\n${body.trim()}\n\n` +
    `${officeBlock(ctx.office)}\n\n` +
    `You receive this e-mail because you gave this address on your ballot request.\n`;
  return { subject, text };
}

function compose(notice: Notice, ctx: MessageContext): { subject: string; body: string } {
  switch (notice.kind) {
    case 'request-received': {
      const next = ELECTRONIC.includes(ctx.ballotDelivery)
        ? 'When your ballot is ready, we will e-mail you a link to it.'
        : `Your election office will send your ballot ${METHOD_WORDS[ctx.ballotDelivery]} when it is ready, and we will let you know by e-mail.`;
      return {
        subject: 'We received your ballot request',
        body: `Your election office received your request for an absentee ballot.\n\n${trackingLines(ctx)}\n\n${next}`,
      };
    }
    case 'request-resubmitted':
      return {
        subject: 'Your ballot request was sent again',
        body:
          'Someone, probably you, sent a ballot request for you again. Your election office already has ' +
          'your request for this year, so nothing changes and no second ballot is sent.\n\n' +
          `${trackingLines(ctx)}\n\n` +
          'If you did not send it, tell your election office.',
      };
    case 'request-needs-review':
      return {
        subject: 'Your ballot request is being checked',
        body:
          'A person at your election office needs to check some details of your ballot request.\n' +
          'You do not need to do anything now. We will e-mail you when it is decided; ' +
          'if the office needs something from you, it will contact you.\n\n' +
          trackingLines(ctx),
      };
    case 'request-approved':
      return {
        subject: 'Your ballot request was approved',
        body:
          'Your election office approved your ballot request.\n' +
          (ELECTRONIC.includes(ctx.ballotDelivery)
            ? 'We will e-mail you a link to your ballot when it is ready.'
            : `Your ballot will be sent ${METHOD_WORDS[ctx.ballotDelivery]}.`) +
          `\n\n${trackingLines(ctx)}`,
      };
    case 'request-rejected':
      return {
        subject: 'Your ballot request was not accepted',
        body:
          `Your election office could not accept your ballot request, ${forReasons(notice.reasons.length)}:\n` +
          `${bullets(notice.reasons.map(requestReasonWords))}\n\n` +
          'What you can do: contact your election office (below) to fix it or to send a new request.\n' +
          `${FWAB_HINT}\n\n${trackingLines(ctx)}`,
      };
    case 'ballot-ready':
      return {
        subject: 'Your ballot is ready',
        body:
          `Your absentee ballot${forElection(ctx)} is ready. Open this page to download it:\n` +
          `${ctx.packetUrl ?? ctx.trackingUrl}\n\n` +
          'Print it, mark your choices, sign the declaration and send it back as the instructions say.\n' +
          'Keep this link to yourself: it opens your ballot.\n\n' +
          trackingLines(ctx),
      };
    case 'ballot-sent':
      return {
        subject: `Your ballot was sent ${METHOD_WORDS[notice.method]}`,
        body:
          `Your election office sent your absentee ballot${forElection(ctx)} ${METHOD_WORDS[notice.method]} ` +
          `on ${formatDate(notice.at)}.\n` +
          'When it arrives, mark it, sign the declaration and send it back as the instructions say.\n\n' +
          trackingLines(ctx),
      };
    case 'ballot-returned':
      return {
        subject: 'Your ballot arrived at the election office',
        body:
          `Your election office received your ballot${forElection(ctx)} on ${formatDate(notice.receivedAt)}.\n` +
          (notice.timely
            ? 'It arrived in time. The office will now check it; we will e-mail you the result.'
            : 'It arrived after the deadline. The office will decide whether it can be counted; we will e-mail you the result.') +
          `\n\n${trackingLines(ctx)}`,
      };
    case 'ballot-accepted':
      return {
        subject: 'Your ballot was accepted',
        body:
          `Your ballot${forElection(ctx)} was accepted and will be counted. Thank you for voting.\n\n` +
          trackingLines(ctx),
      };
    case 'ballot-rejected': {
      const late = notice.reasons.some((r) => r === 'not-timely' || r === 'postmark');
      return {
        subject: 'Your ballot was not accepted',
        body:
          `Your ballot${forElection(ctx)} could not be accepted, ${forReasons(notice.reasons.length)}:\n` +
          `${bullets(notice.reasons.map(ballotRejectionWords))}\n\n` +
          (late
            ? 'What you can do: for the next election, send your ballot back as early as you can, and ask your election office whether you may return it by fax or e-mail.'
            : `What you can do: contact your election office (below) at once; it may be able to send you a new ballot.\n${FWAB_HINT}`) +
          `\n\n${trackingLines(ctx)}`,
      };
    }
    case 'cure-requested': {
      const deadline = formatDeadline(notice.deadline, ctx.election?.utcOffset);
      const items = notice.reasons.map(cureWords);
      return {
        subject: `Action needed: fix a problem with your ballot by ${formatDate(notice.deadline)}`,
        body:
          `Your election office received your ballot${forElection(ctx)} but cannot count it yet:\n` +
          `${bullets(items.map((i) => i.problem))}\n\n` +
          `What to do:\n${bullets([...new Set(items.map((i) => i.fix))])}\n\n` +
          `Deadline: ${deadline}.\n` +
          'If the office does not have it by then, your ballot cannot be counted.\n\n' +
          trackingLines(ctx),
      };
    }
    case 'ballot-cured':
      return {
        subject: 'Thank you: the problem with your ballot is fixed',
        body:
          'Your election office received what it needed. It will now decide on your ballot; ' +
          `we will e-mail you the result.\n\n${trackingLines(ctx)}`,
      };
    case 'fwab-resolved':
      return composeFwab(notice, ctx);
  }
}

function composeFwab(
  notice: Extract<Notice, { kind: 'fwab-resolved' }>,
  ctx: MessageContext,
): { subject: string; body: string } {
  const reason =
    notice.reason !== undefined && Object.prototype.hasOwnProperty.call(FWAB_NOT_COUNTED_WORDS, notice.reason)
      ? FWAB_NOT_COUNTED_WORDS[notice.reason as FwabNotCountedReason]
      : undefined;
  switch (notice.disposition) {
    case 'counted':
      return {
        subject: 'Your write-in ballot will be counted',
        body: `Your election office received your Federal Write-In Absentee Ballot (FWAB)${forElection(ctx)}. It will be counted.\n\n${trackingLines(ctx)}`,
      };
    case 'superseded':
      return {
        subject: 'Your state ballot will be counted',
        body: `Your election office received both your state ballot and your Federal Write-In Absentee Ballot (FWAB)${forElection(ctx)}.\n${reason ?? 'Your state ballot is the one that counts.'}\n\n${trackingLines(ctx)}`,
      };
    case 'rejected':
      return {
        subject: 'Your write-in ballot could not be counted',
        body: `Your election office received your Federal Write-In Absentee Ballot (FWAB)${forElection(ctx)}, but it cannot be counted:\n${bullets([reason ?? 'Your election office can tell you why.'])}\n\nContact your election office (below) if you have questions.\n\n${trackingLines(ctx)}`,
      };
  }
}
