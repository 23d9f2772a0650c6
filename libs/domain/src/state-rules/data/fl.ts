/** Florida. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/florida';
export default {
  state: 'FL',
  name: 'Florida',
  version: '2026-12-01.1',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'general-elections', count: 1, generalElections: 'even-years', endsAt: 'end-of-year' },
    statutes: ['Fla. Stat. § 101.62(1)(a)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'An older FVAP page says "through the end of the calendar year of the second ensuing scheduled general election"; the 2021 amendment (SB 90) is understood to shorten it to the next one. Confirm which is in force.',
  },
  oathAttestation: {
    value: 'none',
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'No witness or notary found for the voter certificate; confirm.',
  },
  idRules: {
    value: {
      accepted: [
        'Florida driver license number or Florida ID card number',
        'last four digits of the Social Security number',
      ],
      ifNone: 'write "none" on the FPCA, or the new registration is incomplete',
    },
    statutes: [HAVA],
    guides: [FVAP],
    confidence: 'confirmed',
  },
  electronicReturn: {
    value: { methods: ['fax'], limitedTo: 'voters outside the United States' },
    statutes: ['Fla. Stat. § 101.697'],
    guides: [FVAP],
    confidence: 'confirmed',
    note: 'FVAP: "Outside the U.S. Return by Fax: Received by 7 PM" on election day. Statute section to confirm.',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 0,
      receiveWithinDays: 10,
      closeTime: '23:59:59',
      missingPostmark: 'not-timely',
    },
    statutes: ['Fla. Stat. § 101.6952(5)'],
    guides: [FVAP],
    confidence: 'confirmed',
    note: 'FVAP: outside the U.S., postmarked by election day and received no later than the 10th day after it (federal contests); within the U.S. a mailed ballot must be received by 7 p.m. on election day. The law also accepts a ballot signed and dated by election day: a missing postmark is not presumed timely here. Statute section to confirm.',
  },
  cure: {
    value: {
      available: true,
      daysAfterElection: 2,
      closeTime: '17:00',
      methods: ['vote-by-mail ballot cure affidavit with a copy of an accepted ID'],
    },
    statutes: ['Fla. Stat. § 101.68(4)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Cure until 5 p.m. on the 2nd day after the election: confirm.',
  },
} as unknown;
