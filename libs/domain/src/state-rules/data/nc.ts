/** North Carolina. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/north-carolina';
export default {
  state: 'NC',
  name: 'North Carolina',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'calendar-year' },
    statutes: ['08 NCAC 12 .0105(b)'],
    guides: [FVAP],
    confidence: 'confirmed',
    note: 'FVAP: "for the calendar year in which it is submitted. Voters should submit a new application after January 1 of each year."',
  },
  oathAttestation: {
    value: 'none',
    statutes: ['N.C. Gen. Stat. ch. 163, art. 21A'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: "Covered voters' ballots are understood to need no witness or notary (unlike other NC absentee ballots): confirm the section.",
  },
  idRules: {
    value: {
      accepted: ['North Carolina driver license number', 'last four digits of the Social Security number'],
      kinds: ['drivers-license', 'ssn4'],
      ifNone: 'the state assigns an identifying number',
    },
    statutes: [HAVA],
    guides: [FVAP],
    confidence: 'confirmed',
  },
  electronicReturn: {
    value: { methods: ['fax', 'email'] },
    statutes: ['N.C. Gen. Stat. ch. 163, art. 21A'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 1,
      receiveWithinDays: 9,
      closeTime: '17:00',
      missingPostmark: 'not-timely',
    },
    statutes: ['N.C. Gen. Stat. § 163-258.12'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Sent by 12:01 a.m. on election day (kept as: by the day before) and received by the close of business on the business day before the county canvass (the 10th day after): confirm.',
  },
  cure: {
    value: { available: true, daysAfterElection: 9, closeTime: '17:00', methods: ['cure certification'] },
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Cure until the day before the county canvass: confirm.',
  },
} as unknown;
