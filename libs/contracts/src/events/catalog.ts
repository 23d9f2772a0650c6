/**
 * The event catalog: every CloudEvents `type`, its topic, its data schema and its message key.
 * Topics group the events of one aggregate; a voter's events are keyed by the ballot request id so
 * that they stay in order (a FWAB without a request by its FWAB id; election events by the
 * election id): `MESSAGE_KEYS` says which, per type.
 */
import * as s from './schemas';

export const TOPICS = {
  requests: 'uocava.requests.v1',
  ballots: 'uocava.ballots.v1',
  receipts: 'uocava.receipts.v1',
  /** election definitions; unlike the other topics, keyed by the election id */
  elections: 'uocava.elections.v1',
} as const;
export type Topic = (typeof TOPICS)[keyof typeof TOPICS];
export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);
/** What each topic's message key (= ce_subject) is. */
export const TOPIC_KEYS: { readonly [T in Topic]: string } = {
  'uocava.requests.v1': 'Ballot request id',
  'uocava.ballots.v1': 'Ballot request id (a FWAB without a request: its FWAB id)',
  'uocava.receipts.v1': 'Ballot request id',
  'uocava.elections.v1': 'Election id',
};
/** Every topic has a dead-letter topic with this suffix (same partitions, long retention). */
export const DLQ_SUFFIX = '.dlq';
export const dlqTopic = (topic: string): string => `${topic}${DLQ_SUFFIX}`;

/**
 * Partitions per topic (and its dead-letter topic), fixed when the topic is created: the most
 * replicas a consumer group can spread over. The three voter topics carry about four events per
 * ballot (10^6 ballots in an hour is ~1,100 events/s on each): 12 partitions let a group grow to
 * 12 pods, and 12 divides evenly over 1, 2, 3, 4 and 6 of them. Election definitions are few, but
 * the webhooks group reads every topic and scales with the rest: 12 too. docs/operations.md ("Scaling") gives the reasoning; raising a count
 * later moves keys to other partitions, so it is a planned, drained change, never automatic.
 */
export const TOPIC_PARTITIONS: { readonly [T in Topic]: number } = {
  'uocava.requests.v1': 12,
  'uocava.ballots.v1': 12,
  'uocava.receipts.v1': 12,
  'uocava.elections.v1': 12,
};
/** The partitions a topic of the catalog, or its dead-letter topic, is created with (others: 3). */
export function partitionsOf(topic: string): number {
  const base = topic.endsWith(DLQ_SUFFIX) ? topic.slice(0, -DLQ_SUFFIX.length) : topic;
  return (TOPIC_PARTITIONS as Record<string, number | undefined>)[base] ?? 3;
}

export interface EventDataByType {
  'uocava.request.submitted.v1': s.RequestSubmittedV1;
  'uocava.request.duplicate.v1': s.RequestDuplicateV1;
  'uocava.request.verified.v1': s.RequestVerifiedV1;
  'uocava.request.needs-review.v1': s.RequestNeedsReviewV1;
  'uocava.request.rejected.v1': s.RequestRejectedV1;
  'uocava.ballot.generated.v1': s.BallotGeneratedV1;
  'uocava.ballot.packet-regenerated.v1': s.BallotPacketRegeneratedV1;
  'uocava.ballot.transmitted.v1': s.BallotTransmittedV1;
  'uocava.ballot.returned.v1': s.BallotReturnedV1;
  'uocava.ballot.accepted.v1': s.BallotAcceptedV1;
  'uocava.ballot.rejected.v1': s.BallotRejectedV1;
  'uocava.ballot.cure-requested.v1': s.BallotCureRequestedV1;
  'uocava.ballot.cured.v1': s.BallotCuredV1;
  'uocava.receipt.issued.v1': s.ReceiptIssuedV1;
  'uocava.fwab.recorded.v1': s.FwabRecordedV1;
  'uocava.fwab.resolved.v1': s.FwabResolvedV1;
  'uocava.office.move-act-summary.v1': s.OfficeMoveActSummaryV1;
  'uocava.election.defined.v1': s.ElectionDefinedV1;
  'uocava.request.style-assigned.v1': s.RequestStyleAssignedV1;
  'uocava.request.contact-changed.v1': s.RequestContactChangedV1;
  'uocava.request.cancelled.v1': s.RequestCancelledV1;
  'uocava.ballot.voided.v1': s.BallotVoidedV1;
}
export type EventType = keyof EventDataByType;

export interface EventSpec {
  topic: Topic;
  schema: object;
  summary: string;
}

export const EVENT_CATALOG: { readonly [T in EventType]: EventSpec } = {
  'uocava.request.submitted.v1': {
    topic: TOPICS.requests,
    schema: s.requestSubmittedV1,
    summary: 'A ballot request (FPCA) was received and stored.',
  },
  'uocava.request.duplicate.v1': {
    topic: TOPICS.requests,
    schema: s.requestDuplicateV1,
    summary: 'The same voter submitted again while a request was active; the existing request stands.',
  },
  'uocava.request.verified.v1': {
    topic: TOPICS.requests,
    schema: s.requestVerifiedV1,
    summary: 'The request matched the voter roll (or the office approved it).',
  },
  'uocava.request.needs-review.v1': {
    topic: TOPICS.requests,
    schema: s.requestNeedsReviewV1,
    summary: 'The request needs a person at the election office to decide; reasons are codes.',
  },
  'uocava.request.rejected.v1': {
    topic: TOPICS.requests,
    schema: s.requestRejectedV1,
    summary: 'The request was rejected; reasons use the EAVS Section B vocabulary where it has one.',
  },
  'uocava.ballot.generated.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotGeneratedV1,
    summary: 'A ballot packet PDF was generated (hash, style, pages, paper size).',
  },
  'uocava.ballot.packet-regenerated.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotPacketRegeneratedV1,
    summary:
      'The packet of a ballot no longer reproduced when downloaded and was re-issued: same ballot, new bytes (new pdfSha256). reason: renderer-changed or inputs-changed (a known change), mismatch (a defect; the office is alerted).',
  },
  'uocava.ballot.transmitted.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotTransmittedV1,
    summary: "The packet was made available or sent by the voter's delivery method.",
  },
  'uocava.ballot.returned.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotReturnedV1,
    summary: 'The office recorded the returned envelope, on time or late.',
  },
  'uocava.ballot.accepted.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotAcceptedV1,
    summary: 'The returned ballot was accepted for counting.',
  },
  'uocava.ballot.rejected.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotRejectedV1,
    summary: 'The returned ballot was rejected (EAVS Section B BallotRejectionType reasons).',
  },
  'uocava.ballot.cure-requested.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotCureRequestedV1,
    summary: 'The office asked the voter to cure a defect before a deadline.',
  },
  'uocava.ballot.cured.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotCuredV1,
    summary: 'The voter cured the defect in time.',
  },
  'uocava.receipt.issued.v1': {
    topic: TOPICS.receipts,
    schema: s.receiptIssuedV1,
    summary: 'A signed receipt (transparency-log inclusion proof under a signed checkpoint) for one step.',
  },
  'uocava.fwab.recorded.v1': {
    topic: TOPICS.ballots,
    schema: s.fwabRecordedV1,
    summary:
      'The office recorded a Federal Write-In Absentee Ballot (key: the request id, or the FWAB id when the voter has no request).',
  },
  'uocava.fwab.resolved.v1': {
    topic: TOPICS.ballots,
    schema: s.fwabResolvedV1,
    summary:
      'Which ballot counts for a FWAB: counted, superseded by the state ballot, or rejected (same key as fwab.recorded); re-emitted when it changes.',
  },
  'uocava.office.move-act-summary.v1': {
    topic: TOPICS.elections,
    schema: s.officeMoveActSummaryV1,
    summary:
      'Daily MOVE Act 45-day counts of one election (key: the election id, an exception to the request-id key rule).',
  },
  'uocava.election.defined.v1': {
    topic: TOPICS.elections,
    schema: s.electionDefinedV1,
    summary:
      'An office defined an election (key: the election id); the ballots service issues it to every verified request it covers.',
  },
  'uocava.request.style-assigned.v1': {
    topic: TOPICS.requests,
    schema: s.requestStyleAssignedV1,
    summary:
      'The office assigned the ballot style of a request for one election; its ballot is generated with it.',
  },
  'uocava.request.contact-changed.v1': {
    topic: TOPICS.requests,
    schema: s.requestContactChangedV1,
    summary:
      "The office changed the voter's contact details or mailing address: which fields (never their values), the delivery method and country after the change.",
  },
  'uocava.request.cancelled.v1': {
    topic: TOPICS.requests,
    schema: s.requestCancelledV1,
    summary:
      'The office cancelled the request (the voter asked, moved, died, or it duplicated another); its ballots not yet returned are void.',
  },
  'uocava.ballot.voided.v1': {
    topic: TOPICS.ballots,
    schema: s.ballotVoidedV1,
    summary:
      'A ballot can no longer be returned: replaced by a reissue (a `ballot.generated` with `replacesBallotId` follows) or its request was cancelled.',
  },
};

const byRequest = (d: { requestId: string }): string => d.requestId;
const byElection = (d: { electionId: string }): string => d.electionId;
const byRequestOrFwab = (d: { requestId?: string; fwabId: string }): string => d.requestId ?? d.fwabId;

/** The Kafka message key (= `ce_subject`) of each event type, from its data. */
export const MESSAGE_KEYS: { readonly [T in EventType]: (data: EventDataByType[T]) => string } = {
  'uocava.request.submitted.v1': byRequest,
  'uocava.request.duplicate.v1': byRequest,
  'uocava.request.verified.v1': byRequest,
  'uocava.request.needs-review.v1': byRequest,
  'uocava.request.rejected.v1': byRequest,
  'uocava.ballot.generated.v1': byRequest,
  'uocava.ballot.packet-regenerated.v1': byRequest,
  'uocava.ballot.transmitted.v1': byRequest,
  'uocava.ballot.returned.v1': byRequest,
  'uocava.ballot.accepted.v1': byRequest,
  'uocava.ballot.rejected.v1': byRequest,
  'uocava.ballot.cure-requested.v1': byRequest,
  'uocava.ballot.cured.v1': byRequest,
  'uocava.receipt.issued.v1': byRequest,
  'uocava.fwab.recorded.v1': byRequestOrFwab,
  'uocava.fwab.resolved.v1': byRequestOrFwab,
  'uocava.office.move-act-summary.v1': byElection,
  'uocava.election.defined.v1': byElection,
  'uocava.request.style-assigned.v1': byRequest,
  'uocava.request.contact-changed.v1': byRequest,
  'uocava.request.cancelled.v1': byRequest,
  'uocava.ballot.voided.v1': byRequest,
};

/** The message key of one event. */
export function messageKeyOf<T extends EventType>(type: T, data: EventDataByType[T]): string {
  return (MESSAGE_KEYS[type] as (d: EventDataByType[T]) => string)(data);
}

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];
export function isEventType(value: string): value is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, value);
}
