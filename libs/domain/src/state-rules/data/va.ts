/** Virginia. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const FVAP = 'https://www.fvap.gov/virginia';
export default {
  state: 'VA',
  name: 'Virginia',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'calendar-year' },
    statutes: ['Va. Code tit. 24.2, ch. 7'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  oathAttestation: {
    value: 'witness',
    statutes: ['Va. Code § 24.2-707'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: "Virginia requires a witness signature on the absentee envelope (reported for FWABs of covered voters in 2008). Confirm it applies to covered voters' state ballots today.",
  },
  idRules: {
    value: {
      accepted: ['full Social Security number', 'Virginia DMV customer number'],
      kinds: ['drivers-license', 'state-id'],
      ifNone: 'say on the FPCA that the voter has no Social Security number',
    },
    statutes: ['Va. Code § 24.2-418'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'kinds: the DMV customer number is the number on a Virginia driver license or ID card. The platform keeps only the last four digits of a Social Security number, which Virginia does not accept: such a request goes to review, and the office asks for the full number on paper.',
  },
  electronicReturn: {
    value: { methods: [] },
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'No general electronic return; a limited exception for military voters in hostile zones may exist: confirm.',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 0,
      receiveWithinDays: 3,
      closeTime: '12:00',
      missingPostmark: { timelyIfReceivedWithinDays: 3 },
    },
    statutes: ['Va. Code § 24.2-709(B)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: "Postmarked by election day and received by noon on the 3rd day after. A covered voter's ballot is understood to need no postmark if received by then: confirm.",
  },
  cure: {
    value: {
      available: true,
      daysAfterElection: 3,
      closeTime: '12:00',
      methods: ['cure form for a missing or wrong statement'],
    },
    statutes: ['Va. Code § 24.2-709.1'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
} as unknown;
