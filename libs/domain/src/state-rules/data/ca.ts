/** California. Values and citations: docs/state-rules.md. Checked 2026-12-01. */
const HAVA = '52 U.S.C. § 21083(a)(5)';
const FVAP = 'https://www.fvap.gov/california';
export default {
  state: 'CA',
  name: 'California',
  version: '2026-12-01.3',
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
      kinds: ['drivers-license', 'state-id', 'ssn4'],
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
      affidavits: {
        'missing-voter-signature': {
          title: 'Unsigned ballot statement',
          statements: [
            'I, the voter named below, am a registered voter of the county named on this form, State of California. I declare under penalty of perjury that I requested and returned a vote by mail ballot and that I have not and will not vote more than one ballot in this election. I am a resident of the precinct in which I have voted, and I am the person whose name appears on the vote by mail ballot envelope.',
            'I understand that if I commit or attempt any fraud in connection with voting, or if I aid or abet fraud or attempt to aid or abet fraud in connection with voting, I may be convicted of a felony punishable by imprisonment for 16 months or two or three years.',
            'I understand that my failure to sign this statement means that my vote by mail ballot will be invalidated.',
          ],
          authority: 'Unsigned ballot statement, Cal. Elec. Code § 3019.',
        },
        'mismatch-voter-signature': {
          title: 'Signature verification statement',
          statements: [
            'I, the voter named below, am a registered voter of the county named on this form, State of California. I declare under penalty of perjury that I requested and returned a vote by mail ballot and that I am the person whose name appears on the vote by mail ballot envelope.',
            'I understand that if I commit or attempt any fraud in connection with voting, or if I aid or abet fraud or attempt to aid or abet fraud in connection with voting, I may be convicted of a felony punishable by imprisonment for 16 months or two or three years.',
            'I understand that my failure to sign this statement means that my vote by mail ballot will be invalidated.',
          ],
          authority: 'Signature verification statement, Cal. Elec. Code § 3019.',
        },
      },
    },
    statutes: ['Cal. Elec. Code § 3019(d)'],
    guides: [FVAP],
    confidence: 'needs-confirmation',
    note: 'The two statements follow the forms of § 3019 (the voter\u2019s name is printed on the form instead of a blank): confirm their current wording with the Secretary of State. The law ends the cure two days before the county certifies (certification is due 30 days after a general election), so 28 days is an approximation: confirm per election.',
  },
} as unknown;
