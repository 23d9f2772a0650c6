/** Texas. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/texas';
export default {
  state: 'TX',
  name: 'Texas',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'calendar-year' },
    statutes: ['Tex. Elec. Code ch. 101'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Unclear: a stored FVAP page reads "all Federal elections held through one calendar year"; a 2010 Texas SOS memo described two federal election cycles under the law then. The calendar year (the federal minimum) is kept until confirmed.',
  },
  oathAttestation: {
    value: 'none',
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'A witness signs only when the voter is assisted; confirm.',
  },
  idRules: {
    value: {
      accepted: [
        'Texas driver license number or Texas personal identification number (DPS)',
        'last four digits of the Social Security number',
      ],
      kinds: ['drivers-license', 'state-id', 'ssn4'],
      ifNone: 'state on the FPCA that the voter has none of these numbers',
    },
    statutes: [HAVA],
    guides: [FVAP],
    confidence: 'confirmed',
  },
  electronicReturn: {
    value: { methods: ['fax'], limitedTo: 'voters in a hostile fire pay or combat zone' },
    statutes: ['Tex. Elec. Code ch. 105'],
    guides: [FVAP, 'https://www.sos.state.tx.us/elections/laws/militaryoverseas.shtml'],
    confidence: 'needs-confirmation',
    note: 'Texas SOS memo (2010): fax return "restricted to voters in hostile pay/combat zones"; "the ballot may not be returned by e-mail". Confirm the current law.',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 0,
      receiveWithinDays: 5,
      closeTime: '23:59:59',
      missingPostmark: 'not-timely',
    },
    statutes: ['Tex. Elec. Code § 86.007(d)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Mailed from outside the U.S.: placed for delivery by election day and received by the 5th day after (county guides of Bexar and Hays counties say so). Within the U.S.: postmarked by 7 p.m. election day and received by the next day. Time of day of the deadline to confirm.',
  },
  cure: {
    value: {
      available: true,
      daysAfterElection: 6,
      closeTime: '23:59:59',
      methods: ['corrective action (signature or ID number defect) by mail, online or in person'],
    },
    statutes: ['Tex. Elec. Code § 87.0411'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Cure by the 6th day after election day: confirm.',
  },
} as unknown;
