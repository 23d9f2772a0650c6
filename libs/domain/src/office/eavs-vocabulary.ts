/**
 * Value lists of the EAVS Section B data standard (CSG / FVAP table schema v0.14.0, vendored in
 * libs/contracts/src/standards/eavs-section-b/tableschema.json). A unit test checks every list
 * and the field order against that file, so a schema update that changes them fails loudly.
 */
export const EAVS_SECTION_B_FIELDS = [
  'TransactionId',
  'UniqueId',
  'RequestMethod',
  'RequestOtherMethod',
  'RequestDate',
  'RequestStatusType',
  'RequestStatusReasonType',
  'RequestReasonOtherType',
  'RequestType',
  'BallotRejectionType',
  'BallotRejectionOtherType',
  'BallotReceivedDate',
  'BallotReceivedMethod',
  'BallotReceivedOtherMethod',
  'BallotTransmissionDate',
  'BallotTransmissionMethod',
  'BallotTransmissionOtherMethod',
  'BallotType',
  'ElectionDate',
  'ElectionName',
  'JurisdictionId',
  'JurisdictionIdType',
  'JurisdictionName',
  'StateName',
  'VoterMailingCountry',
  'VoterType',
] as const;
export type EavsSectionBField = (typeof EAVS_SECTION_B_FIELDS)[number];

export const ESB_REQUEST_METHODS = [
  'email',
  'fax',
  'in-person',
  'mail',
  'online',
  'phone',
  'untracked',
  'other',
] as const;
export type EsbRequestMethod = (typeof ESB_REQUEST_METHODS)[number];

export const ESB_REQUEST_STATUS_TYPES = ['accepted', 'cancelled', 'pending', 'rejected'] as const;
export type EsbRequestStatusType = (typeof ESB_REQUEST_STATUS_TYPES)[number];

export const ESB_REQUEST_STATUS_REASON_TYPES = [
  'duplicate',
  'invalid',
  'mismatch-voter-signature',
  'missing-identification',
  'missing-ssn',
  'missing-state-id-number',
  'missing-voter-signature',
  'untracked',
  'other',
] as const;
export type EsbRequestStatusReasonType = (typeof ESB_REQUEST_STATUS_REASON_TYPES)[number];

export const ESB_REQUEST_TYPES = [
  'fpca',
  'fwab',
  'informal-request',
  'nvra',
  'state-application',
  'untracked',
] as const;
export type EsbRequestType = (typeof ESB_REQUEST_TYPES)[number];

/** EAVS Section B `BallotRejectionType` values: the reasons a returned ballot is rejected. */
export const BALLOT_REJECTION_TYPES = [
  'mismatch-voter-signature',
  'missing-voter-signature',
  'not-timely',
  'postmark',
  'rejected',
  'undeliverable',
  'untracked',
  'voided-spoiled',
  'voter-died',
  'voter-moved',
  'voter-unregistered',
  'other',
] as const;
export type BallotRejectionType = (typeof BALLOT_REJECTION_TYPES)[number];

/** Shared by `BallotReceivedMethod` and `BallotTransmissionMethod`. */
export const ESB_BALLOT_METHODS = [
  'email',
  'fax',
  'in-person',
  'mail',
  'online',
  'untracked',
  'other',
] as const;
export type EsbBallotMethod = (typeof ESB_BALLOT_METHODS)[number];

export const ESB_BALLOT_TYPES = ['absentee', 'federal', 'full', 'fwab', 'provisional', 'untracked'] as const;
export type EsbBallotType = (typeof ESB_BALLOT_TYPES)[number];

export const ESB_JURISDICTION_ID_TYPES = ['fips', 'local', 'ocd-id'] as const;
export type EsbJurisdictionIdType = (typeof ESB_JURISDICTION_ID_TYPES)[number];

export const ESB_STATE_NAMES = [
  'Alabama',
  'Alaska',
  'American Samoa',
  'Arizona',
  'Arkansas',
  'California',
  'Colorado',
  'Connecticut',
  'Delaware',
  'District of Columbia',
  'Federated States of Micronesia',
  'Florida',
  'Georgia',
  'Guam',
  'Hawaii',
  'Idaho',
  'Illinois',
  'Indiana',
  'Iowa',
  'Kansas',
  'Kentucky',
  'Louisiana',
  'Maine',
  'Marshall Islands',
  'Maryland',
  'Massachusetts',
  'Michigan',
  'Minnesota',
  'Mississippi',
  'Missouri',
  'Montana',
  'Nebraska',
  'Nevada',
  'New Hampshire',
  'New Jersey',
  'New Mexico',
  'New York',
  'North Carolina',
  'North Dakota',
  'Northern Mariana Islands',
  'Ohio',
  'Oklahoma',
  'Oregon',
  'Palau',
  'Pennsylvania',
  'Puerto Rico',
  'Rhode Island',
  'South Carolina',
  'South Dakota',
  'Tennessee',
  'Texas',
  'Utah',
  'Vermont',
  'Virgin Islands',
  'Virginia',
  'Washington',
  'West Virginia',
  'Wisconsin',
  'Wyoming',
] as const;
export type EsbStateName = (typeof ESB_STATE_NAMES)[number];

/** The USPS code of each EAVS Section B state name. */
export const ESB_STATE_USPS_CODES: Readonly<Record<EsbStateName, string>> = {
  Alabama: 'AL',
  Alaska: 'AK',
  'American Samoa': 'AS',
  Arizona: 'AZ',
  Arkansas: 'AR',
  California: 'CA',
  Colorado: 'CO',
  Connecticut: 'CT',
  Delaware: 'DE',
  'District of Columbia': 'DC',
  'Federated States of Micronesia': 'FM',
  Florida: 'FL',
  Georgia: 'GA',
  Guam: 'GU',
  Hawaii: 'HI',
  Idaho: 'ID',
  Illinois: 'IL',
  Indiana: 'IN',
  Iowa: 'IA',
  Kansas: 'KS',
  Kentucky: 'KY',
  Louisiana: 'LA',
  Maine: 'ME',
  'Marshall Islands': 'MH',
  Maryland: 'MD',
  Massachusetts: 'MA',
  Michigan: 'MI',
  Minnesota: 'MN',
  Mississippi: 'MS',
  Missouri: 'MO',
  Montana: 'MT',
  Nebraska: 'NE',
  Nevada: 'NV',
  'New Hampshire': 'NH',
  'New Jersey': 'NJ',
  'New Mexico': 'NM',
  'New York': 'NY',
  'North Carolina': 'NC',
  'North Dakota': 'ND',
  'Northern Mariana Islands': 'MP',
  Ohio: 'OH',
  Oklahoma: 'OK',
  Oregon: 'OR',
  Palau: 'PW',
  Pennsylvania: 'PA',
  'Puerto Rico': 'PR',
  'Rhode Island': 'RI',
  'South Carolina': 'SC',
  'South Dakota': 'SD',
  Tennessee: 'TN',
  Texas: 'TX',
  Utah: 'UT',
  Vermont: 'VT',
  'Virgin Islands': 'VI',
  Virginia: 'VA',
  Washington: 'WA',
  'West Virginia': 'WV',
  Wisconsin: 'WI',
  Wyoming: 'WY',
};

const ESB_STATE_BY_CODE = new Map<string, EsbStateName>(
  (Object.entries(ESB_STATE_USPS_CODES) as Array<[EsbStateName, string]>).map(([name, code]) => [code, name]),
);

/** The EAVS state name of a USPS state code, or undefined for an unknown code. */
export function esbStateName(code: string): EsbStateName | undefined {
  return ESB_STATE_BY_CODE.get(code.toUpperCase());
}

export const ESB_VOTER_TYPES = [
  'domestic-military',
  'domestic-military-spouse-dependent',
  'military',
  'military-spouse-dependent',
  'overseas-citizen',
  'overseas-military',
  'overseas-military-spouse-dependent',
  'other',
] as const;
export type EsbVoterType = (typeof ESB_VOTER_TYPES)[number];
