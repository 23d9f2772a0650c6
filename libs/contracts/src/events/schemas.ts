/**
 * JSON Schemas of every event's `data`, one per CloudEvents `type`. These are the contract with
 * integrators (docs/asyncapi.yaml references them): change a schema only with a new type version.
 * Events never carry personal data: no name, date of birth, ID number, address, e-mail or phone.
 */
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';
import {
  BALLOT_DELIVERY_METHODS,
  CANCEL_REASONS,
  CONTACT_FIELDS,
  ELECTION_TYPES,
  REISSUE_REASONS,
  VOID_REASONS,
  PACKET_REGENERATION_REASONS,
  PAPER_SIZES,
  RETURN_METHODS,
  VOTER_CLASSES,
} from '../vocabulary';

const uuid = { type: 'string', format: 'uuid' } as const;
const jurisdictionId = { type: 'string', pattern: '^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$' } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;
const date = { type: 'string', format: 'date' } as const;
const sha256Hex = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
const reasonCodes = {
  type: 'array',
  minItems: 1,
  items: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,80}$' },
} as const;
const decidedBy = { type: 'string', enum: ['automatic', 'office'] } as const;

const requestBase = { requestId: uuid, jurisdictionId } as const;
const ballotBase = { requestId: uuid, ballotId: uuid, jurisdictionId, electionId: uuid } as const;

function objectSchema<P extends Record<string, JSONSchema>, R extends readonly (keyof P & string)[]>(
  title: string,
  properties: P,
  required: R,
) {
  return { $id: title, type: 'object', additionalProperties: false, properties, required } as const;
}

export const requestSubmittedV1 = objectSchema(
  'uocava.request.submitted.v1',
  {
    ...requestBase,
    voterClass: { type: 'string', enum: VOTER_CLASSES },
    ballotDelivery: { type: 'string', enum: BALLOT_DELIVERY_METHODS },
    mailingCountry: { type: 'string', pattern: '^[A-Z]{2}$' },
    militaryPost: { type: 'boolean' },
    source: { type: 'string', enum: ['json', 'nist-vri'] },
    coversYear: { type: 'integer', minimum: 2000, maximum: 2200 },
    submittedAt: dateTime,
  },
  [
    'requestId',
    'jurisdictionId',
    'voterClass',
    'ballotDelivery',
    'mailingCountry',
    'militaryPost',
    'source',
    'coversYear',
    'submittedAt',
  ],
);

export const requestDuplicateV1 = objectSchema(
  'uocava.request.duplicate.v1',
  { ...requestBase, receivedAt: dateTime },
  ['requestId', 'jurisdictionId', 'receivedAt'],
);

export const requestVerifiedV1 = objectSchema(
  'uocava.request.verified.v1',
  { ...requestBase, decidedBy, decidedAt: dateTime },
  ['requestId', 'jurisdictionId', 'decidedBy', 'decidedAt'],
);

export const requestNeedsReviewV1 = objectSchema(
  'uocava.request.needs-review.v1',
  { ...requestBase, reasons: reasonCodes, decidedAt: dateTime },
  ['requestId', 'jurisdictionId', 'reasons', 'decidedAt'],
);

export const requestRejectedV1 = objectSchema(
  'uocava.request.rejected.v1',
  { ...requestBase, reasons: reasonCodes, decidedBy, decidedAt: dateTime },
  ['requestId', 'jurisdictionId', 'reasons', 'decidedBy', 'decidedAt'],
);

export const ballotGeneratedV1 = objectSchema(
  'uocava.ballot.generated.v1',
  {
    ...ballotBase,
    ballotStyleId: { type: 'string', minLength: 1, maxLength: 120 },
    pdfSha256: sha256Hex,
    pageCount: { type: 'integer', minimum: 1 },
    paperSize: { type: 'string', enum: PAPER_SIZES },
    missingGlyphs: { type: 'array', items: { type: 'string', maxLength: 16 }, maxItems: 200 },
    /** set on a reissued ballot: the void ballot it replaces (optional, so v1 consumers are unaffected) */
    replacesBallotId: uuid,
    generatedAt: dateTime,
  },
  [
    'requestId',
    'ballotId',
    'jurisdictionId',
    'electionId',
    'ballotStyleId',
    'pdfSha256',
    'pageCount',
    'paperSize',
    'missingGlyphs',
    'generatedAt',
  ],
);

export const ballotPacketRegeneratedV1 = objectSchema(
  'uocava.ballot.packet-regenerated.v1',
  {
    ...ballotBase,
    reason: { type: 'string', enum: PACKET_REGENERATION_REASONS },
    previousPdfSha256: sha256Hex,
    pdfSha256: sha256Hex,
    rendererVersion: { type: 'string', minLength: 1, maxLength: 200 },
    regeneratedAt: dateTime,
  },
  [
    'requestId',
    'ballotId',
    'jurisdictionId',
    'electionId',
    'reason',
    'previousPdfSha256',
    'pdfSha256',
    'rendererVersion',
    'regeneratedAt',
  ],
);

export const ballotTransmittedV1 = objectSchema(
  'uocava.ballot.transmitted.v1',
  { ...ballotBase, method: { type: 'string', enum: BALLOT_DELIVERY_METHODS }, transmittedAt: dateTime },
  ['requestId', 'ballotId', 'jurisdictionId', 'electionId', 'method', 'transmittedAt'],
);

export const requestContactChangedV1 = objectSchema(
  'uocava.request.contact-changed.v1',
  {
    ...requestBase,
    changeId: uuid,
    fields: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: { type: 'string', enum: CONTACT_FIELDS },
    },
    ballotDelivery: { type: 'string', enum: BALLOT_DELIVERY_METHODS },
    mailingCountry: { type: 'string', pattern: '^[A-Z]{2}$' },
    changedAt: dateTime,
  },
  ['requestId', 'jurisdictionId', 'changeId', 'fields', 'ballotDelivery', 'mailingCountry', 'changedAt'],
);

export const requestCancelledV1 = objectSchema(
  'uocava.request.cancelled.v1',
  { ...requestBase, reason: { type: 'string', enum: CANCEL_REASONS }, cancelledAt: dateTime },
  ['requestId', 'jurisdictionId', 'reason', 'cancelledAt'],
);

export const ballotVoidedV1 = objectSchema(
  'uocava.ballot.voided.v1',
  {
    ...ballotBase,
    reason: { type: 'string', enum: VOID_REASONS },
    /** for `reissued`: why the office replaced it */
    reissueReason: { type: 'string', enum: REISSUE_REASONS },
    /** a replacement ballot follows (`ballot.generated` with `replacesBallotId`) */
    replacement: { type: 'boolean' },
    voidedAt: dateTime,
  },
  ['requestId', 'ballotId', 'jurisdictionId', 'electionId', 'reason', 'replacement', 'voidedAt'],
);

export const ballotReturnedV1 = objectSchema(
  'uocava.ballot.returned.v1',
  {
    ...ballotBase,
    method: { type: 'string', enum: RETURN_METHODS },
    receivedAt: dateTime,
    postmarkDate: date,
    timely: { type: 'boolean' },
  },
  ['requestId', 'ballotId', 'jurisdictionId', 'electionId', 'method', 'receivedAt', 'timely'],
);

export const ballotAcceptedV1 = objectSchema(
  'uocava.ballot.accepted.v1',
  { ...ballotBase, decidedAt: dateTime },
  ['requestId', 'ballotId', 'jurisdictionId', 'electionId', 'decidedAt'],
);

export const ballotRejectedV1 = objectSchema(
  'uocava.ballot.rejected.v1',
  { ...ballotBase, reasons: reasonCodes, decidedAt: dateTime },
  ['requestId', 'ballotId', 'jurisdictionId', 'electionId', 'reasons', 'decidedAt'],
);

export const ballotCureRequestedV1 = objectSchema(
  'uocava.ballot.cure-requested.v1',
  { ...ballotBase, reasons: reasonCodes, cureDeadline: dateTime, decidedAt: dateTime },
  ['requestId', 'ballotId', 'jurisdictionId', 'electionId', 'reasons', 'cureDeadline', 'decidedAt'],
);

export const ballotCuredV1 = objectSchema('uocava.ballot.cured.v1', { ...ballotBase, decidedAt: dateTime }, [
  'requestId',
  'ballotId',
  'jurisdictionId',
  'electionId',
  'decidedAt',
]);

export const receiptIssuedV1 = objectSchema(
  'uocava.receipt.issued.v1',
  {
    ...requestBase,
    ballotId: uuid,
    forEventId: uuid,
    forEventType: { type: 'string', minLength: 1, maxLength: 120 },
    logOrigin: { type: 'string', minLength: 1, maxLength: 300 },
    leafIndex: { type: 'integer', minimum: 0 },
    treeSize: { type: 'integer', minimum: 1 },
    entrySha256: sha256Hex,
    receipt: { type: 'object' },
    issuedAt: dateTime,
  },
  [
    'requestId',
    'jurisdictionId',
    'forEventId',
    'forEventType',
    'logOrigin',
    'leafIndex',
    'treeSize',
    'entrySha256',
    'receipt',
    'issuedAt',
  ],
);

/**
 * An office defined an election. Keyed by the ELECTION id (not a request id): the ballots service
 * issues a ballot for it to every verified request of the jurisdiction and year that it covers.
 */
export const electionDefinedV1 = objectSchema(
  'uocava.election.defined.v1',
  {
    electionId: uuid,
    jurisdictionId,
    electionDate: date,
    electionType: { type: 'string', enum: ELECTION_TYPES },
    federal: { type: 'boolean' },
    ballotStyles: { type: 'integer', minimum: 0 },
    definedAt: dateTime,
  },
  ['electionId', 'jurisdictionId', 'electionDate', 'electionType', 'federal', 'ballotStyles', 'definedAt'],
);

/** The office chose the ballot style of a request for one election (no precinct or no style matched). */
export const requestStyleAssignedV1 = objectSchema(
  'uocava.request.style-assigned.v1',
  {
    ...requestBase,
    electionId: uuid,
    ballotStyleId: { type: 'string', minLength: 1, maxLength: 120 },
    assignedAt: dateTime,
  },
  ['requestId', 'jurisdictionId', 'electionId', 'ballotStyleId', 'assignedAt'],
);

const moveActCounts = {
  'on-time': { type: 'integer', minimum: 0 },
  due: { type: 'integer', minimum: 0 },
  'at-risk': { type: 'integer', minimum: 0 },
  late: { type: 'integer', minimum: 0 },
} as const;
const moveActByStatus = {
  type: 'object',
  additionalProperties: false,
  properties: moveActCounts,
  required: ['on-time', 'due', 'at-risk', 'late'],
} as const;
const moveActDueDay = {
  type: 'object',
  additionalProperties: false,
  properties: { dueDate: date, total: { type: 'integer', minimum: 0 }, ...moveActCounts },
  required: ['dueDate', 'total', 'on-time', 'due', 'at-risk', 'late'],
} as const;
const fwabCounts = { type: 'string', enum: ['state-ballot', 'fwab', 'none'] } as const;
const fwabDisposition = { type: 'string', enum: ['counted', 'superseded', 'rejected'] } as const;

const fwabBase = { fwabId: uuid, requestId: uuid, jurisdictionId, electionId: uuid } as const;

/** Key: the request id, or the FWAB id for a FWAB from a voter without a request. */
export const fwabRecordedV1 = objectSchema(
  'uocava.fwab.recorded.v1',
  {
    ...fwabBase,
    method: { type: 'string', enum: RETURN_METHODS },
    receivedAt: dateTime,
    timely: { type: 'boolean' },
    recordedAt: dateTime,
  },
  ['fwabId', 'jurisdictionId', 'electionId', 'method', 'receivedAt', 'timely', 'recordedAt'],
);

export const fwabResolvedV1 = objectSchema(
  'uocava.fwab.resolved.v1',
  {
    ...fwabBase,
    counts: fwabCounts,
    disposition: fwabDisposition,
    reason: { type: 'string', pattern: '^[a-z-]{1,80}$' },
    registrationApplication: { type: 'boolean' },
    resolvedAt: dateTime,
  },
  [
    'fwabId',
    'jurisdictionId',
    'electionId',
    'counts',
    'disposition',
    'registrationApplication',
    'resolvedAt',
  ],
);

/** Key: the election id (no request id: it summarises every request of the election). */
export const officeMoveActSummaryV1 = objectSchema(
  'uocava.office.move-act-summary.v1',
  {
    jurisdictionId,
    electionId: uuid,
    electionDate: date,
    date,
    officeTargetDays: { type: 'integer', minimum: 0 },
    total: { type: 'integer', minimum: 0 },
    byStatus: moveActByStatus,
    byDueDate: { type: 'array', items: moveActDueDay },
    generatedAt: dateTime,
  },
  [
    'jurisdictionId',
    'electionId',
    'electionDate',
    'date',
    'officeTargetDays',
    'total',
    'byStatus',
    'byDueDate',
    'generatedAt',
  ],
);

export type RequestSubmittedV1 = FromSchema<typeof requestSubmittedV1>;
export type RequestDuplicateV1 = FromSchema<typeof requestDuplicateV1>;
export type RequestVerifiedV1 = FromSchema<typeof requestVerifiedV1>;
export type RequestNeedsReviewV1 = FromSchema<typeof requestNeedsReviewV1>;
export type RequestRejectedV1 = FromSchema<typeof requestRejectedV1>;
export type BallotGeneratedV1 = FromSchema<typeof ballotGeneratedV1>;
export type BallotPacketRegeneratedV1 = FromSchema<typeof ballotPacketRegeneratedV1>;
export type BallotTransmittedV1 = FromSchema<typeof ballotTransmittedV1>;
export type BallotReturnedV1 = FromSchema<typeof ballotReturnedV1>;
export type BallotAcceptedV1 = FromSchema<typeof ballotAcceptedV1>;
export type BallotRejectedV1 = FromSchema<typeof ballotRejectedV1>;
export type BallotCureRequestedV1 = FromSchema<typeof ballotCureRequestedV1>;
export type BallotCuredV1 = FromSchema<typeof ballotCuredV1>;
export type ReceiptIssuedV1 = FromSchema<typeof receiptIssuedV1>;
export type FwabRecordedV1 = FromSchema<typeof fwabRecordedV1>;
export type FwabResolvedV1 = FromSchema<typeof fwabResolvedV1>;
export type OfficeMoveActSummaryV1 = FromSchema<typeof officeMoveActSummaryV1>;
export type ElectionDefinedV1 = FromSchema<typeof electionDefinedV1>;
export type RequestStyleAssignedV1 = FromSchema<typeof requestStyleAssignedV1>;
export type RequestContactChangedV1 = FromSchema<typeof requestContactChangedV1>;
export type RequestCancelledV1 = FromSchema<typeof requestCancelledV1>;
export type BallotVoidedV1 = FromSchema<typeof ballotVoidedV1>;
