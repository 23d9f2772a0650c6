/**
 * State rules as data (docs/state-rules.md): one table per state of what its law says about
 * UOCAVA voters, each value with the statute section and/or official guide it comes from.
 */
import type { IsoDate } from '../ids';
import type { CurableReason } from '../office/ballot-decision';
import type { CureAffidavitRule } from '../office/cure-affidavit';

/** Where a value comes from, and how sure the table is of it. */
export interface Citation {
  /** statute sections, e.g. `Fla. Stat. § 101.6952(5)`; empty when only a guide is cited */
  statutes: string[];
  /** official guides (the FVAP state page, the state's UOCAVA guide), as URLs */
  guides: string[];
  /**
   * - `confirmed`: the value was read in the cited official guide when the table was checked;
   * - `needs-confirmation`: taken from a secondary or older source, or the statute section is not
   *   verified: an election official must confirm it before relying on it.
   */
  confidence: 'confirmed' | 'needs-confirmation';
  note?: string;
}

export type Cited<T> = Citation & { value: T };

/** How long an FPCA stands as a ballot request. */
export type FpcaValidity =
  /** through 31 December of the year it was received */
  | { kind: 'calendar-year' }
  /**
   * through the `count`-th regularly scheduled general election on or after the day it was
   * received (a general election is the Tuesday after the first Monday in November, in even years
   * only or every year), up to that election day or the end of its calendar year
   */
  | {
      kind: 'general-elections';
      count: number;
      generalElections: 'even-years' | 'every-year';
      endsAt: 'election-day' | 'end-of-year';
    }
  /** until the registration is cancelled (a state that mails every registered voter a ballot) */
  | { kind: 'until-cancelled' };

/** Who must attest the voter's oath on the return envelope. */
export type OathAttestation = 'none' | 'witness' | 'notary' | 'witness-or-notary';

/** The identification numbers an FPCA carries (the request's `identification.type`). */
export const FPCA_ID_KINDS = ['drivers-license', 'state-id', 'ssn4'] as const;
export type FpcaIdKind = (typeof FPCA_ID_KINDS)[number];

export interface IdRules {
  /** what the FPCA must carry to register, in order of preference */
  accepted: string[];
  /**
   * which of the FPCA's identification numbers the state accepts (a request carrying another goes
   * to review: e.g. Virginia wants the full Social Security number, so its last four digits do not do);
   * absent (an office override written before the field existed): every kind
   */
  kinds?: FpcaIdKind[];
  /** what a voter who has none of them does */
  ifNone: string;
}

export const ELECTRONIC_RETURN_METHODS = ['fax', 'email', 'online'] as const;
export type ElectronicReturnMethod = (typeof ELECTRONIC_RETURN_METHODS)[number];

export interface ElectronicReturn {
  /** the electronic ways a voted ballot may come back; empty: by mail (or in person) only */
  methods: ElectronicReturnMethod[];
  /** a limit on who may use them (e.g. voters in a hostile-fire zone), in words */
  limitedTo?: string;
}

/** When a mailed ballot is on time. */
export type BallotReceipt =
  /** it must be in the office by `closeTime` on election day */
  | { kind: 'received-by-election-day'; closeTime: string }
  /**
   * it must be postmarked (or sent) by `postmarkDaysBeforeElection` days before election day
   * (0: election day) and received by `closeTime` on the `receiveWithinDays`-th day after it
   */
  | {
      kind: 'postmarked';
      postmarkDaysBeforeElection: number;
      receiveWithinDays: number;
      closeTime: string;
      /** a late ballot without a readable postmark: not timely, or presumed on time within k days */
      missingPostmark: 'not-timely' | { timelyIfReceivedWithinDays: number };
    };

export interface CureRules {
  /** whether state law gives the voter a chance to cure a defective return envelope */
  available: boolean;
  /** the cure window ends this many days after election day (at closeTime); absent: no fixed end */
  daysAfterElection?: number;
  closeTime?: string;
  /** how the voter cures (in words), e.g. `signed cure affidavit` */
  methods: string[];
  /**
   * the state's own cure form per rejection reason (its title, the statement the voter signs, what
   * to enclose, the law it is made under); a reason without one gets the federal default wording
   */
  affidavits?: Partial<Record<CurableReason, CureAffidavitRule>>;
}

/** One state's table. */
export interface StateRules {
  /** two-letter USPS code */
  state: string;
  name: string;
  /** the table's version: bump on every change of a value */
  version: string;
  /** when the values were last checked against their sources */
  checkedOn: IsoDate;
  fpcaValidity: Cited<FpcaValidity>;
  oathAttestation: Cited<OathAttestation>;
  idRules: Cited<IdRules>;
  electronicReturn: Cited<ElectronicReturn>;
  ballotReceipt: Cited<BallotReceipt>;
  cure: Cited<CureRules>;
}

/** The values an office may override for itself (its own state's only). */
export const OVERRIDABLE_RULES = [
  'fpcaValidity',
  'oathAttestation',
  'idRules',
  'electronicReturn',
  'ballotReceipt',
  'cure',
] as const;
export type OverridableRule = (typeof OVERRIDABLE_RULES)[number];

/** An office's overrides: each replaces the state's value whole, with the office's own citation. */
export type StateRuleOverrides = Partial<{ [K in OverridableRule]: StateRules[K] }>;
