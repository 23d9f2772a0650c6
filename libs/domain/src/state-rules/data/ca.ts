/** California. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/california';
export default {
  state: 'CA',
  name: 'California',
  version: '2026-12-01.1',
  checkedOn: '2026-12-01',
  fpcaValidity: {
    value: { kind: 'until-cancelled' },
    statutes: ['Cal. Elec. Code § 3000.5'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'FVAP: "all active registered voters are sent an absentee ballot for every election". The statute section (universal vote by mail) is to be confirmed.',
  },
  oathAttestation: {
    value: 'none',
    statutes: [],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'No witness or notary for the identification envelope was found; confirm.',
  },
  idRules: {
    value: {
      accepted: [
        'California driver license or California ID number',
        'last four digits of the Social Security number',
      ],
      ifNone: 'say on the FPCA that the voter has neither; the state assigns an identifying number',
    },
    statutes: [HAVA],
    guides: [FVAP],
    confidence: 'confirmed',
  },
  electronicReturn: {
    value: { methods: ['fax'] },
    statutes: ['Cal. Elec. Code § 3106'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'The FVAP guide lists "Return by Fax: received by election day"; email return is not listed. Statute section to confirm.',
  },
  ballotReceipt: {
    value: {
      kind: 'postmarked',
      postmarkDaysBeforeElection: 0,
      receiveWithinDays: 7,
      closeTime: '23:59:59',
      missingPostmark: { timelyIfReceivedWithinDays: 7 },
    },
    statutes: ['Cal. Elec. Code § 3020(b)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'An older FVAP guide (2016) said received by the 3rd day after the election; the 7-day window is the 2021 law. A ballot without a postmark counts if signed by election day and received in the window: confirm.',
  },
  cure: {
    value: {
      available: true,
      daysAfterElection: 28,
      closeTime: '17:00',
      methods: ['signature verification statement', 'unsigned ballot statement'],
    },
    statutes: ['Cal. Elec. Code § 3019(d)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'The law ends the cure two days before the county certifies (certification is due 30 days after a general election), so 28 days is an approximation: confirm per election.',
  },
} as unknown;
