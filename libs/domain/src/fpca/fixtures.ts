import type { BallotRequestInput } from '@uocava/contracts/http/ballot-request';
import type { IsoDate } from '../ids';

/** "Today" the fixtures are written for (valid for years after it too). */
export const FIXTURE_TODAY = '2026-03-01' as IsoDate;

/** A valid FPCA request (fictitious voter) — a fresh copy each call, safe to mutate in tests. */
export function validFpcaExample(): BallotRequestInput {
  return {
    jurisdictionId: 'us-oh-mahoning',
    voterClass: 'citizen-abroad-intent-to-return',
    name: { first: 'Jane', middle: 'A', last: 'Doe' },
    dateOfBirth: '1993-11-12' as IsoDate,
    identification: { type: 'drivers-license', value: 'AA999888' },
    votingResidence: {
      street: '3818 Belmont Ave',
      city: 'Youngstown',
      state: 'OH',
      zip: '44505',
      county: 'Mahoning',
    },
    mailingAddress: { lines: ['Hauptstraße 5'], city: 'Berlin', postalCode: '10115', country: 'DE' },
    contact: { email: 'jane.doe@example.org' },
    ballotDelivery: 'email',
    paperSize: 'a4',
    affirmation: { accepted: true, signedOn: '2026-02-20' as IsoDate },
  };
}
