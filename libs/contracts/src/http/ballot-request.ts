/**
 * Body of `POST /api/v1/ballot-requests`: the data of the Federal Post Card Application
 * (SF-76) in NIST SP 1500-102 vocabulary. The JSON Schema is `ballot-request.schema.json`
 * beside this file; the full validation (schema + semantic rules, plain-language problems)
 * is `validateBallotRequest` in `@uocava/domain`.
 */
import type { IsoDate } from '../ids';
import type { BallotDeliveryMethod, Language, PaperSize, VoterClass } from '../vocabulary';
import ballotRequestJsonSchema from './ballot-request.schema.json';

export { ballotRequestJsonSchema };

/** Media type of a NIST SP 1500-102 VoterRecordsRequest body. */
export const VRI_JSON_CONTENT_TYPE = 'application/vnd.nist.vri+json';

export interface PersonName {
  first: string;
  middle?: string;
  last: string;
  suffix?: string;
}

export type IdentificationInput =
  { type: 'drivers-license' | 'state-id' | 'ssn4'; value: string } | { type: 'none'; attestNoId: true };

export interface VotingResidence {
  street: string;
  unit?: string;
  city: string;
  /** Two-letter US state or territory code. */
  state: string;
  /** `12345` or `12345-6789`. */
  zip: string;
  county?: string;
}

export interface PostalAddress {
  lines: string[];
  city: string;
  /** State, province or region; for a US address the two-letter code (AA/AE/AP for APO/FPO/DPO). */
  region?: string;
  postalCode?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string;
}

export interface ContactInput {
  email?: string;
  phone?: string;
  fax?: string;
  /** Mobile number for text messages, E.164 (`+` country code and number, digits only). */
  mobile?: string;
  /** Text messages (SMS) to `mobile` about the request and the ballot, besides e-mail. */
  smsOptIn?: boolean;
}

export interface BallotRequestInput {
  jurisdictionId: string;
  voterClass: VoterClass;
  name: PersonName;
  previousName?: PersonName;
  dateOfBirth: IsoDate;
  identification: IdentificationInput;
  votingResidence: VotingResidence;
  mailingAddress: PostalAddress;
  forwardingAddress?: PostalAddress;
  contact: ContactInput;
  ballotDelivery: BallotDeliveryMethod;
  party?: string;
  paperSize?: PaperSize;
  /** The voter's language preference (the FPCA's): e-mails, pages and the packet use it. */
  language?: Language;
  affirmation: { accepted: true; signedOn: IsoDate };
}

/** One problem with one field of a request, for the voter. */
export interface FieldProblem {
  /** Dotted path, e.g. `name.first`, `mailingAddress.lines[0]`; `(body)` for the whole body. */
  field: string;
  /** RFC 6901 JSON pointer to the same place; `` for the whole body. */
  pointer: string;
  /** Machine-readable code, e.g. `required`, `too-long`, `impossible-date`. */
  code: string;
  /** Plain words a voter understands. */
  message: string;
}
