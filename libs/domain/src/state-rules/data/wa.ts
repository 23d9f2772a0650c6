/** Washington. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/washington';
export default {
  state: 'WA',
  name: 'Washington',
  version: '2026-12-01.2',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'until-cancelled' },
    statutes: ['RCW ch. 29A.40'],
    guides: [
      FVAP,
      'https://atg.wa.gov/ago-opinions/authority-state-accept-federal-postcard-form-voter-registration-and-absentee-voter',
    ],
    confidence: 'needs-confirmation',
    note: 'Washington mails every registered voter a ballot; AGO 1996 No. 14 treats the FPCA as a request for ongoing absentee status. Confirm.',
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
        'Washington driver license or state ID number',
        'last four digits of the Social Security number',
      ],
      kinds: ['drivers-license', 'state-id', 'ssn4'],
      ifNone: 'the state assigns an identifying number',
    },
    statutes: [HAVA],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  electronicReturn: {
    value: { methods: ['fax', 'email'], limitedTo: 'overseas and service voters' },
    statutes: ['RCW 29A.40.091'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 0,
      receiveWithinDays: 20,
      closeTime: '23:59:59',
      missingPostmark: { timelyIfReceivedWithinDays: 20 },
    },
    statutes: ['RCW 29A.40.091', 'RCW 29A.60.190'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: "Postmarked by election day and received before the canvass is certified (21 days after a general election, 14 after a primary). An overseas or service voter's ballot without a postmark counts by the date of the signed declaration: confirm.",
  },
  cure: {
    value: {
      available: true,
      daysAfterElection: 20,
      closeTime: '17:00',
      methods: ['signature cure form', 'signature update form'],
    },
    statutes: ['RCW 29A.60.165'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'Until the day before certification (general election): confirm.',
  },
} as unknown;
