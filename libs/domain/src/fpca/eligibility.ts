import type { IsoDate } from '../ids';
import type { BallotRequestInput } from '@uocava/contracts/http/ballot-request';
import { compareIsoDates, isAtLeastYearsOld, isRealIsoDate } from './dates';
import { isMilitaryPostAddress } from './geo';
import { normaliseName } from './names';
import type { ReasonCode } from './reasons';

export interface EligibilityContext {
  /**
   * `countyFips`: the county's five-digit FIPS code (state + county, e.g. `39099`), for residences
   * whose county is given as a code (NIST SP 1500-102 VRI requests may carry one).
   */
  jurisdiction: { id: string; state: string; county?: string; countyFips?: string };
  electionDate: IsoDate;
  today: IsoDate;
  /** the identification numbers the state accepts (its ID rules); absent: every kind */
  acceptedIdKinds?: readonly string[];
}

/** `reject`: the request cannot be granted. `review`: an official must look at it. */
export type Severity = 'reject' | 'review';

export interface EligibilityViolation {
  code: ReasonCode;
  severity: Severity;
  /** Field of the request concerned. */
  field: string;
}

const CITIZEN_ABROAD = [
  'citizen-abroad-intent-to-return',
  'citizen-abroad-return-uncertain',
  'citizen-abroad-never-resided',
];

/** A county written as a FIPS code: three digits (county) or five (state + county). */
const COUNTY_CODE = /^(?:[0-9]{2})?[0-9]{3}$/;

/**
 * Whether a county given as a FIPS code is the office's: `099` and `39099` are Mahoning's
 * (FIPS 39099); undefined when the office has no code configured, so it cannot be told.
 */
export function countyCodeMatches(code: string, countyFips: string | undefined): boolean | undefined {
  if (countyFips === undefined || !/^[0-9]{5}$/.test(countyFips)) return undefined;
  return code.length === 5 ? code === countyFips : code === countyFips.slice(2);
}

/** `Kings County`, `kings` and `KINGS CO.` compare equal; so do `Orleans Parish` and `Orleans`. */
export function normaliseCounty(s: string): string {
  return normaliseName(s)
    .replace(/\s+(county|co|parish|borough|census area|municipality|city and borough)$/u, '')
    .trim();
}

/**
 * UOCAVA eligibility rules that need no voter roll. Pure: the same request and context always
 * give the same violations.
 */
export function checkEligibility(
  request: BallotRequestInput,
  ctx: EligibilityContext,
): EligibilityViolation[] {
  const out: EligibilityViolation[] = [];

  // 18 by election day
  if (!isRealIsoDate(request.dateOfBirth) || !isAtLeastYearsOld(request.dateOfBirth, ctx.electionDate, 18)) {
    out.push({ code: 'under-18-on-election-day', severity: 'reject', field: 'dateOfBirth' });
  }

  // citizens abroad: a mailing address abroad or at a military/diplomatic post
  if (CITIZEN_ABROAD.includes(request.voterClass)) {
    const m = request.mailingAddress;
    if (m.country === 'US' && !isMilitaryPostAddress(m)) {
      out.push({ code: 'not-outside-united-states', severity: 'reject', field: 'mailingAddress' });
    }
  }

  // voting residence in the jurisdiction
  const r = request.votingResidence;
  if (r.state.trim().toUpperCase() !== ctx.jurisdiction.state.trim().toUpperCase()) {
    out.push({ code: 'residence-outside-jurisdiction', severity: 'reject', field: 'votingResidence.state' });
  } else if (ctx.jurisdiction.county !== undefined) {
    if (r.county === undefined || r.county.trim() === '') {
      out.push({ code: 'residence-county-missing', severity: 'review', field: 'votingResidence.county' });
    } else if (COUNTY_CODE.test(r.county.trim())) {
      // a code, not a name: resolved with the office's FIPS code, else the office must look
      const match = countyCodeMatches(r.county.trim(), ctx.jurisdiction.countyFips);
      if (match === undefined)
        out.push({
          code: 'residence-county-code-unresolved',
          severity: 'review',
          field: 'votingResidence.county',
        });
      else if (!match)
        out.push({
          code: 'residence-outside-jurisdiction',
          severity: 'reject',
          field: 'votingResidence.county',
        });
    } else if (normaliseCounty(r.county) !== normaliseCounty(ctx.jurisdiction.county)) {
      out.push({
        code: 'residence-outside-jurisdiction',
        severity: 'reject',
        field: 'votingResidence.county',
      });
    }
  }

  // an identification number of a kind the state accepts for registration (its ID rules)
  const id = request.identification;
  if (id.type !== 'none' && ctx.acceptedIdKinds !== undefined && !ctx.acceptedIdKinds.includes(id.type)) {
    out.push({
      code: 'identification-not-accepted-by-state',
      severity: 'review',
      field: 'identification.type',
    });
  }

  // affirmation: accepted and dated, not in the future
  const a = request.affirmation as { accepted: unknown; signedOn: unknown };
  if (a.accepted !== true || typeof a.signedOn !== 'string' || !isRealIsoDate(a.signedOn)) {
    out.push({ code: 'missing-voter-signature', severity: 'reject', field: 'affirmation' });
  } else if (compareIsoDates(a.signedOn, ctx.today) > 0) {
    out.push({ code: 'affirmation-dated-in-future', severity: 'reject', field: 'affirmation.signedOn' });
  }
  return out;
}
