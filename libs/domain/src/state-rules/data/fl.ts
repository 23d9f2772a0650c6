/** Florida. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/florida';
/** One form for both signature defects (Fla. Stat. § 101.68(4)(b)). */
const CURE_AFFIDAVIT = {
  title: 'Vote-by-mail ballot cure affidavit',
  statements: [
    'I, the voter named below, am a qualified voter in this election and registered voter of the county named on this form, Florida. I do solemnly swear or affirm that I requested and returned the vote-by-mail ballot and that I have not and will not vote more than one ballot in this election.',
    'I understand that if I commit or attempt any fraud in connection with voting, vote a fraudulent ballot, or vote more than once in an election, I may be convicted of a felony of the third degree and fined up to $5,000 and imprisoned for up to 5 years.',
    'I understand that my failure to sign this affidavit means that my vote-by-mail ballot will be invalidated.',
  ],
  enclosures: [
    'A copy of a current and valid identification with your name and photograph (for example a U.S. passport, a military ID or a Florida driver license).',
    'If you have none: a copy of a current utility bill, bank statement, government check, paycheck or other government document that shows your name and address.',
  ],
  authority: 'Vote-by-mail ballot cure affidavit, Fla. Stat. § 101.68(4).',
};

export default {
  state: 'FL',
  name: 'Florida',
  version: '2026-12-01.3',
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
      kinds: ['drivers-license', 'state-id', 'ssn4'],
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
      affidavits: {
        'missing-voter-signature': CURE_AFFIDAVIT,
        'mismatch-voter-signature': CURE_AFFIDAVIT,
      },
    },
    statutes: ['Fla. Stat. § 101.68(4)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Cure until 5 p.m. on the 2nd day after the election: confirm. The affidavit follows the form of § 101.68(4)(b) (the voter\u2019s name is printed on the form instead of a blank): confirm its current wording.',
  },
} as unknown;
