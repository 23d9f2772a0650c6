/** Pennsylvania. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/pennsylvania';
export default {
  state: 'PA',
  name: 'Pennsylvania',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'calendar-year' },
    statutes: ['25 Pa.C.S. ch. 35'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  oathAttestation: {
    value: 'none',
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  idRules: {
    value: {
      accepted: [
        'Pennsylvania driver license or PennDOT ID number',
        'last four digits of the Social Security number',
      ],
      kinds: ['drivers-license', 'state-id', 'ssn4'],
      ifNone: 'say on the FPCA that the voter has neither',
    },
    statutes: [HAVA],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  electronicReturn: {
    value: { methods: [] },
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 1,
      receiveWithinDays: 7,
      closeTime: '17:00',
      missingPostmark: 'not-timely',
    },
    statutes: ['25 Pa.C.S. § 3511'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Submitted for delivery by 11:59 p.m. the day before election day and received by 5 p.m. on the 7th day after it. Confirm.',
  },
  cure: {
    value: { available: false, methods: [] },
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'No statewide cure in statute: counties decide. An office that offers one overrides this value.',
  },
} as unknown;
