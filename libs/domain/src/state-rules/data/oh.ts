/** Ohio. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/ohio';
const SOS = 'https://www.ohiosos.gov/secretary-office/military/military-overseas-voters-faqs/';
export default {
  state: 'OH',
  name: 'Ohio',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'calendar-year' },
    statutes: ['Ohio Rev. Code ch. 3511'],
    guides: [FVAP, SOS],
    confidence: 'confirmed',
    note: 'FVAP: "for the calendar year in which it is submitted". Statute section to confirm.',
  },
  oathAttestation: {
    value: 'none',
    statutes: [],
    guides: [FVAP, SOS],
    confidence: 'needs-confirmation',
  },
  idRules: {
    value: {
      accepted: ['Ohio driver license number', 'last four digits of the Social Security number'],
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
    guides: [FVAP, SOS],
    confidence: 'needs-confirmation',
    note: 'Voted ballots are returned by mail (or a courier, which must arrive by the close of the polls).',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 1,
      receiveWithinDays: 10,
      closeTime: '23:59:59',
      missingPostmark: 'not-timely',
    },
    statutes: ['Ohio Rev. Code § 3511.11'],
    guides: [FVAP, SOS],
    confidence: 'needs-confirmation',
    note: 'Postmarked by the day before election day and received by the 10th day after it (as published for the 2021 special elections): confirm.',
  },
  cure: {
    value: {
      available: true,
      daysAfterElection: 4,
      closeTime: '23:59:59',
      methods: ['form 11-S, by mail or in person'],
    },
    statutes: ['Ohio Rev. Code § 3509.06'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'A defect of the identification envelope is corrected by the 4th day after the election: confirm.',
  },
} as unknown;
