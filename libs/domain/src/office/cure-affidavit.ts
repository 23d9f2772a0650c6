/**
 * The cure affidavit a voter signs to fix a defect of a returned ballot, per rejection reason, and
 * the rules of what the voter may send back (how, which files) and when the Federal Write-In
 * Absentee Ballot (FWAB) packet is offered. Plain data, no I/O.
 *
 * The wording is a generic federal default (the voter's statement under penalty of perjury, the
 * form of 28 U.S.C. 1746). A state's own rule can replace it: `cureAffidavit` takes the state's
 * text as an optional override (`CureAffidavitRule`): the state rules tables carry it per reason
 * (`cure.value.affidavits`, read with `cureAffidavitRuleOf`).
 */
import type { BallotStatus } from '../vocabulary';
import { CURABLE_REASONS, type CurableReason } from './ballot-decision';

/** What a state may say about its cure affidavit for one reason. */
export interface CureAffidavitRule {
  title?: string;
  /** the statement the voter signs, one paragraph per entry */
  statements?: readonly string[];
  /** what the voter must enclose (a copy of an ID, ...) */
  enclosures?: readonly string[];
  /** the law the affidavit is made under, printed at the foot */
  authority?: string;
}

/** The affidavit as the renderer prints it. */
export interface CureAffidavitText {
  reason: CurableReason;
  title: string;
  /** why the office asks: the defect in plain words */
  defect: string;
  statements: string[];
  enclosures: string[];
  authority: string;
  /** how the signed affidavit may come back */
  returnMethods: CureReturnMethod[];
}

/** How a signed cure affidavit can reach the office. */
export const CURE_RETURN_METHODS = ['upload', 'mail', 'fax', 'email'] as const;
export type CureReturnMethod = (typeof CURE_RETURN_METHODS)[number];

/** The methods a clerk records by hand (an upload records itself). */
export const OFFICE_CURE_RETURN_METHODS = ['mail', 'fax', 'email'] as const;
export type OfficeCureReturnMethod = (typeof OFFICE_CURE_RETURN_METHODS)[number];

const FEDERAL_AUTHORITY =
  'Made under penalty of perjury (28 U.S.C. 1746). Your state may have its own form; your election office accepts this one unless it tells you otherwise.';

const PERJURY =
  'I declare under penalty of perjury under the laws of the United States of America that the foregoing is true and correct.';

const DEFAULTS: Readonly<
  Record<CurableReason, Required<Omit<CureAffidavitRule, 'authority'>> & { defect: string }>
> = {
  'missing-voter-signature': {
    title: 'Cure affidavit: missing signature',
    defect: 'The voter\u2019s declaration returned with your ballot was not signed.',
    statements: [
      'I am the voter named below. I requested an absentee ballot as a uniformed-services or overseas voter, and I marked and returned the ballot identified on this form.',
      'I did not sign the voter\u2019s declaration when I returned my ballot. By signing this affidavit I affirm the declaration and ask that my ballot be counted.',
      PERJURY,
    ],
    enclosures: [],
  },
  'mismatch-voter-signature': {
    title: 'Cure affidavit: signature verification',
    defect:
      'The signature on your ballot declaration does not match the signature your election office has on file.',
    statements: [
      'I am the voter named below. I requested an absentee ballot as a uniformed-services or overseas voter, and I marked and returned the ballot identified on this form.',
      'The signature on the voter\u2019s declaration returned with that ballot is mine. My signature may have changed, or I signed in a hurry.',
      PERJURY,
    ],
    enclosures: [
      'A copy of an identity document that shows your signature (passport, military ID, driver\u2019s license), if you have one.',
    ],
  },
  other: {
    title: 'Cure affidavit',
    defect: 'Your election office found a problem with your returned ballot that you can fix.',
    statements: [
      'I am the voter named below. I requested an absentee ballot as a uniformed-services or overseas voter, and I marked and returned the ballot identified on this form.',
      'I ask that my ballot be counted, and I will give my election office any further information it asks for to resolve the problem.',
      PERJURY,
    ],
    enclosures: ['Anything your election office asked you to send in its message to you.'],
  },
};

export function isCurableReason(code: string): code is CurableReason {
  return (CURABLE_REASONS as readonly string[]).includes(code);
}

/**
 * The affidavit for a ballot sent to cure for `reasons` (the first curable one decides the text;
 * `other` when none is curable). `rule` is the state's wording where it has one.
 */
export function cureAffidavit(reasons: readonly string[], rule: CureAffidavitRule = {}): CureAffidavitText {
  const reason = reasons.find(isCurableReason) ?? 'other';
  const d = DEFAULTS[reason];
  return {
    reason,
    title: rule.title ?? d.title,
    defect: d.defect,
    statements: [...(rule.statements ?? d.statements)],
    enclosures: [...(rule.enclosures ?? d.enclosures)],
    authority: rule.authority ?? FEDERAL_AUTHORITY,
    returnMethods: [...CURE_RETURN_METHODS],
  };
}

/** Only a ballot waiting for its cure has an affidavit to download or upload. */
export function cureAffidavitAvailable(status: BallotStatus): boolean {
  return status === 'cure-requested';
}

/** Ballot statuses at which the office has the voter's state ballot in hand (or decided on it). */
const BALLOT_AT_OFFICE: readonly BallotStatus[] = ['returned', 'cure-requested', 'cured', 'accepted'];

/**
 * The FWAB packet is offered to a voter whose state ballot may not have arrived: while no ballot
 * of the request is back at the office. A rejected request still gets it (the FWAB can serve as a
 * registration and application where the state allows it).
 */
export function fwabPacketAvailable(ballotStatuses: readonly BallotStatus[]): boolean {
  return !ballotStatuses.some((s) => BALLOT_AT_OFFICE.includes(s));
}

/** What a voter may upload as a signed affidavit. */
export const CURE_UPLOAD_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type CureUploadType = (typeof CURE_UPLOAD_TYPES)[number];
export const CURE_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

const SIGNATURES: ReadonlyArray<[CureUploadType, number[]]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

export type CureUploadProblem = 'empty' | 'too-large' | 'unsupported-type' | 'type-mismatch';

/**
 * Checks an uploaded file: not empty, at most CURE_UPLOAD_MAX_BYTES, a PDF, PNG or JPEG by its own
 * first bytes, and the declared type (if any) the same. The type is what the bytes say.
 */
export function checkCureUpload(
  bytes: Uint8Array,
  declaredType: string | undefined,
): { ok: true; type: CureUploadType } | { ok: false; problem: CureUploadProblem } {
  if (bytes.length === 0) return { ok: false, problem: 'empty' };
  if (bytes.length > CURE_UPLOAD_MAX_BYTES) return { ok: false, problem: 'too-large' };
  const sniffed = SIGNATURES.find(([, sig]) => sig.every((b, i) => bytes[i] === b))?.[0];
  if (sniffed === undefined) return { ok: false, problem: 'unsupported-type' };
  const declared = declaredType?.split(';')[0].trim().toLowerCase();
  if (
    declared !== undefined &&
    declared !== '' &&
    declared !== 'application/octet-stream' &&
    declared !== sniffed
  )
    return { ok: false, problem: 'type-mismatch' };
  return { ok: true, type: sniffed };
}
