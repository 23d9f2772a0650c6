/** New York. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/new-york';
export default {
  state: 'NY',
  name: 'New York',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'general-elections', count: 2, generalElections: 'every-year', endsAt: 'election-day' },
    statutes: ['N.Y. Elec. Law art. 10', 'N.Y. Elec. Law art. 11, title II'],
    guides: [FVAP],
    confidence: 'confirmed',
    note: 'FVAP: "requests absentee ballots ... held through the next two regularly scheduled general elections" (overseas citizens: federal elections only). New York holds a general election every November. Statute sections to confirm.',
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
        'New York driver license number',
        'last four digits of the Social Security number',
        'New York voter registration number',
      ],
      kinds: ['drivers-license', 'ssn4'],
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
    note: 'Voted ballots are returned by mail; no fax or e-mail return was found. Confirm.',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 0,
      receiveWithinDays: 13,
      closeTime: '23:59:59',
      missingPostmark: 'not-timely',
    },
    statutes: ['N.Y. Elec. Law § 10-114', 'N.Y. Elec. Law § 11-212'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Military and special federal ballots of a general election: postmarked by election day, received by the 13th day after; 7th day for a primary. Confirm both numbers and sections.',
  },
  cure: {
    value: { available: true, methods: ['cure affirmation'] },
    statutes: ['N.Y. Elec. Law § 9-209'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'The cure period runs from the notice to the voter, not from election day: no fixed end here.',
  },
} as unknown;
