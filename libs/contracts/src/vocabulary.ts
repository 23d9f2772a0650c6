/**
 * The UOCAVA vocabulary shared by every service, as string-literal unions with their value
 * lists (for schemas and exhaustive checks). Terms follow NIST SP 1500-102 (VRI) and the EAVS
 * Section B data standard.
 */
export const VOTER_CLASSES = [
  'active-duty',
  'active-duty-spouse-or-dependent',
  'citizen-abroad-intent-to-return',
  'citizen-abroad-return-uncertain',
  'citizen-abroad-never-resided',
] as const;
export type VoterClass = (typeof VOTER_CLASSES)[number];

export const BALLOT_DELIVERY_METHODS = ['email', 'online', 'fax', 'mail'] as const;
export type BallotDeliveryMethod = (typeof BALLOT_DELIVERY_METHODS)[number];

export const PAPER_SIZES = ['letter', 'a4'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

/**
 * The languages the platform speaks to voters (BCP 47 primary tags; Voting Rights Act section 203:
 * English and Spanish). The words are in libs/domain/src/i18n, a file per language.
 */
export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ELECTION_TYPES = ['general', 'primary', 'special', 'runoff'] as const;
export type ElectionType = (typeof ELECTION_TYPES)[number];

export const RETURN_METHODS = ['mail', 'fax', 'email', 'in-person', 'online'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

export const OFFICE_ROLES = ['admin', 'clerk', 'auditor'] as const;
export type OfficeRole = (typeof OFFICE_ROLES)[number];

/** Status of a ballot request (FPCA) as the voter and the office see it. */
export const REQUEST_STATUSES = [
  'received',
  'verified',
  'needs-review',
  'rejected',
  'duplicate',
  'cancelled',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Status of one ballot (one request x one election). */
export const BALLOT_STATUSES = [
  'generated',
  'transmitted',
  'returned',
  'accepted',
  'rejected',
  'cure-requested',
  'cured',
  /** replaced by a new ballot (reissue) or cancelled with its request: it can no longer be returned */
  'void',
] as const;
export type BallotStatus = (typeof BALLOT_STATUSES)[number];

/**
 * Why the office reissued a ballot (the old one is void, a new one replaces it): the voter spoiled
 * it, it was lost or never arrived, it came back undeliverable, or another reason in the note.
 */
export const REISSUE_REASONS = ['spoiled', 'lost', 'damaged', 'undeliverable', 'other'] as const;
export type ReissueReason = (typeof REISSUE_REASONS)[number];

/** Why the office cancelled a request: the voter asked, moved away, died, it duplicated another, other. */
export const CANCEL_REASONS = ['voter-request', 'voter-moved', 'voter-died', 'duplicate', 'other'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** The contact fields a clerk can change (events name them, never their values). */
/** `sms`: the text-message opt-in or the mobile number (contact.smsOptIn, contact.mobile). */
export const CONTACT_FIELDS = ['email', 'phone', 'mailingAddress', 'ballotDelivery', 'sms'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** Why a ballot is void: replaced by a reissue, or its request was cancelled. */
export const VOID_REASONS = ['reissued', 'request-cancelled'] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

/**
 * Why a packet was re-issued when downloaded: the renderer or the packet's inputs changed since it
 * was issued (a known change), or neither did and the bytes still differ (`mismatch`, a defect).
 */
export const PACKET_REGENERATION_REASONS = ['renderer-changed', 'inputs-changed', 'mismatch'] as const;
export type PacketRegenerationReason = (typeof PACKET_REGENERATION_REASONS)[number];
