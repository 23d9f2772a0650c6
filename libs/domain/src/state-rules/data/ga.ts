/** Georgia. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/georgia';
export default {
  state: 'GA',
  name: 'Georgia',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'general-elections', count: 1, generalElections: 'even-years', endsAt: 'end-of-year' },
    statutes: ['O.C.G.A. § 21-2-381'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'FVAP: "for all primaries, runoffs and general elections ... for a period extending through the next regularly scheduled general election". Kept to the end of that year to take in its runoff: confirm.',
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
        'Georgia driver license number or Georgia state ID number',
        'last four digits of the Social Security number',
      ],
      kinds: ['drivers-license', 'state-id', 'ssn4'],
      ifNone: 'the state assigns an identifying number',
    },
    statutes: [HAVA],
    guides: [FVAP],
    confidence: 'confirmed',
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
      postmarkDaysBeforeElection: 0,
      receiveWithinDays: 3,
      closeTime: '17:00',
      missingPostmark: 'not-timely',
    },
    statutes: ['O.C.G.A. § 21-2-386(a)(1)(G)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Covered voters: postmarked by election day and received within 3 days after it: confirm.',
  },
  cure: {
    value: {
      available: true,
      daysAfterElection: 3,
      closeTime: '17:00',
      methods: ['cure affidavit with a copy of an accepted ID'],
    },
    statutes: ['O.C.G.A. § 21-2-386(a)(1)(C)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
} as unknown;
