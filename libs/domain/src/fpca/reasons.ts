/**
 * Reason codes for a ballot request that is rejected or needs review. Where the EAVS Section B
 * data standard (RequestStatusReasonType) has a value, that value is the code; the others are
 * ours, each with the EAVS value it is reported as (`other` + the code in RequestReasonOtherType).
 */

import { ESB_REQUEST_STATUS_REASON_TYPES, type EsbRequestStatusReasonType } from '../office/eavs-vocabulary';

/** EAVS Section B `RequestStatusReasonType` values: the list of office/eavs-vocabulary.ts. */
export const EAVS_REQUEST_REASONS = ESB_REQUEST_STATUS_REASON_TYPES;
export type EavsRequestReason = EsbRequestStatusReasonType;

export const OWN_REASON_CODES = [
  'under-18-on-election-day',
  'not-outside-united-states',
  'residence-outside-jurisdiction',
  'residence-county-missing',
  'residence-county-code-unresolved',
  'affirmation-dated-in-future',
  'roll-id-mismatch',
  'roll-multiple-candidates',
  'roll-no-id-to-compare',
  'not-on-roll',
  'roll-record-not-active',
  'identification-not-accepted-by-state',
] as const;

export const REASON_CODES = [...EAVS_REQUEST_REASONS, ...OWN_REASON_CODES] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface ReasonInfo {
  /** Plain-language meaning, shown to the voter and the office. */
  description: string;
  /** How the reason is reported in the EAVS Section B export. */
  eavs: EavsRequestReason;
}

export const REASONS: Record<ReasonCode, ReasonInfo> = {
  duplicate: { description: 'The election office already has a request from this voter.', eavs: 'duplicate' },
  invalid: { description: 'The request is not valid.', eavs: 'invalid' },
  'mismatch-voter-signature': {
    description: 'The signature does not match the signature on file.',
    eavs: 'mismatch-voter-signature',
  },
  'missing-identification': {
    description:
      'No identification number was given, so the voter cannot be matched to the roll automatically.',
    eavs: 'missing-identification',
  },
  'missing-ssn': {
    description: 'The Social Security Number (last four digits) is required and missing.',
    eavs: 'missing-ssn',
  },
  'missing-state-id-number': {
    description: "The driver's license or state ID number is required and missing.",
    eavs: 'missing-state-id-number',
  },
  'missing-voter-signature': {
    description: 'The voter did not sign (accept and date) the affirmation.',
    eavs: 'missing-voter-signature',
  },
  untracked: { description: 'The reason is not recorded.', eavs: 'untracked' },
  other: { description: 'Another reason, written down by the election office.', eavs: 'other' },
  'under-18-on-election-day': {
    description: 'The voter will not be 18 years old on election day.',
    eavs: 'other',
  },
  'not-outside-united-states': {
    description:
      'A citizen living abroad must give a mailing address outside the United States or at a military or diplomatic post (APO, FPO, DPO).',
    eavs: 'other',
  },
  'residence-outside-jurisdiction': {
    description: 'The voting residence is not in the area this election office serves.',
    eavs: 'other',
  },
  'residence-county-missing': {
    description: 'The county of the voting residence is missing, so the office must check it.',
    eavs: 'other',
  },
  'residence-county-code-unresolved': {
    description:
      'The county of the voting residence is given as a code the office has not configured, so the office must check it.',
    eavs: 'other',
  },
  'affirmation-dated-in-future': { description: 'The affirmation is dated after today.', eavs: 'other' },
  'roll-id-mismatch': {
    description: 'The voter is on the roll, but the identification number does not match the one on file.',
    eavs: 'other',
  },
  'roll-multiple-candidates': {
    description: 'Several voters on the roll have this name and date of birth.',
    eavs: 'other',
  },
  'roll-no-id-to-compare': {
    description:
      'The voter is on the roll, but the roll has no identification number of the kind given to compare with.',
    eavs: 'other',
  },
  'not-on-roll': {
    description:
      'The voter is not on the roll. The FPCA is also a registration application: the office registers the voter after review.',
    eavs: 'other',
  },
  'roll-record-not-active': {
    description: 'The voter is on the roll, but the registration is cancelled or pending.',
    eavs: 'other',
  },
  'identification-not-accepted-by-state': {
    description:
      'The identification number given is not one the state accepts for registration (its ID rules); the office asks the voter for one it accepts.',
    eavs: 'other',
  },
};

export function isReasonCode(code: string): code is ReasonCode {
  return (REASON_CODES as readonly string[]).includes(code);
}

/** EAVS Section B fields for a list of reasons: RequestStatusReasonType and RequestReasonOtherType. */
export function eavsReasonFields(codes: readonly ReasonCode[]): {
  RequestStatusReasonType: EavsRequestReason[];
  RequestReasonOtherType?: string;
} {
  const types = [...new Set(codes.map((c) => REASONS[c].eavs))];
  const others = codes.filter((c) => !(EAVS_REQUEST_REASONS as readonly string[]).includes(c));
  return others.length > 0
    ? { RequestStatusReasonType: types, RequestReasonOtherType: others.join(';') }
    : { RequestStatusReasonType: types };
}
