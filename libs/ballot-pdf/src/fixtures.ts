/** Sample elections and voters for tests, the benchmark and the sample images. Fictitious data. */
import type { BallotRequestInput } from '@uocava/contracts/http';
import { assertIsoDate, cureAffidavit, type Contest, type ElectionDefinition } from '@uocava/domain';
import type { CureAffidavitInput, FpcaFormInput, FwabPacketInput } from './forms';
import type { PacketInput } from './packet';

const FIRST = [
  'Maria',
  'James',
  'Zoë',
  'Ελένη',
  'Алексей',
  'Siobhán',
  'Tomás',
  'Ngozi',
  'Łucja',
  'Jürgen',
  'Aino',
  'Dmitri',
];
const LAST = [
  'García',
  'Okafor',
  'Ångström',
  'Παπαδοπούλου',
  'Смирнов',
  "O'Brien",
  'Nováková',
  'Lindqvist',
  'Kowalczyk',
  'Müller',
];
const PARTIES = ['Democratic', 'Republican', 'Libertarian', 'Green', 'Independent'];

const LOREM =
  'This proposed amendment would change the way the county funds its public libraries, parks and roads. ' +
  'It authorises a levy of 1.5 mills for ten years, beginning in tax year 2027, to pay for maintenance, ' +
  'new construction and operating costs; a mill is one tenth of one cent. The levy would raise an estimated ' +
  '$4,200,000 a year. An independent citizens’ committee would review spending every year and publish a report. ';

/** An election with `contests` contests (every fifth a ballot measure with long text). */
export function sampleElection(contests = 8, measureRepeat = 3): ElectionDefinition {
  const list: Contest[] = [];
  for (let i = 0; i < contests; i++) {
    if (i % 5 === 4) {
      list.push({
        kind: 'measure',
        id: `m-${i}`,
        title: `Proposed Amendment ${i + 1}: Library, Parks and Roads Levy`,
        fullText: LOREM.repeat(measureRepeat).trim(),
        options: [
          { id: `m-${i}-yes`, label: 'Yes' },
          { id: `m-${i}-no`, label: 'No' },
        ],
      });
    } else {
      const n = 2 + (i % 4);
      list.push({
        kind: 'candidate',
        id: `c-${i}`,
        title:
          i === 0
            ? 'President and Vice President of the United States'
            : `Office number ${i + 1} of the County`,
        ...(i % 3 === 1 ? { subtitle: 'Unexpired term ending January 3, 2029' } : {}),
        voteFor: i % 7 === 3 ? 2 : 1,
        writeIns: i % 7 === 3 ? 2 : 1,
        primaryPartyIds: [],
        candidates: Array.from({ length: n }, (_, k) => ({
          id: `c-${i}-${k}`,
          candidateNames:
            i === 0
              ? [
                  `${FIRST[k % FIRST.length]} ${LAST[k % LAST.length]}`,
                  `${FIRST[(k + 5) % FIRST.length]} ${LAST[(k + 3) % LAST.length]}`,
                ]
              : [`${FIRST[(i + k) % FIRST.length]} ${LAST[(i * 3 + k) % LAST.length]}`],
          partyNames: [PARTIES[k % PARTIES.length]],
        })),
      });
    }
  }
  return {
    name: '2026 General Election',
    date: '2026-11-03',
    type: 'general',
    federalOffices: true,
    jurisdictionName: 'Demo County, State of Example',
    electionScopeId: 'gpu-demo',
    returnRule: { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' },
    parties: PARTIES.map((p) => ({ id: p.toLowerCase(), name: p })),
    contests: list,
    ballotStyles: [
      { id: 'demo-001', gpUnitIds: ['gpu-p-001'], partyIds: [], contestIds: list.map((c) => c.id) },
    ],
    gpUnits: [{ id: 'gpu-demo', name: 'Demo County', type: 'county' }],
    issuer: 'fixture',
  };
}

export function samplePacket(election: ElectionDefinition, over: Partial<PacketInput> = {}): PacketInput {
  return {
    voter: {
      name: 'Zoë Ångström-Łukasiewicz',
      trackingCode: 'TRK-7K3M-9QXD-2HFA',
      ballotId: '0b7f5a2e-1c3d-4e5f-8a9b-0c1d2e3f4a5b',
      trackingUrl: 'https://ballots.example.org/track?code=TRK-7K3M-9QXD-2HFA',
    },
    election,
    styleId: election.ballotStyles[0].id,
    office: {
      name: 'Demo County Board of Elections',
      mailingAddress: [
        'Attn: UOCAVA Ballots',
        '100 Main Street, Room 4',
        'Springfield, EX 12345-6789',
        'USA',
      ],
      fax: '+1 555 010 0199',
      email: 'uocava@elections.example.org',
      phone: '+1 555 010 0100',
    },
    paperSize: 'letter',
    militaryPost: true,
    ...over,
  };
}

/** `sampleElection(contests)` with three ballot styles: every contest, the odd ones, the first three. */
export function multiStyleElection(contests = 8): ElectionDefinition {
  const e = sampleElection(contests);
  const ids = e.contests.map((c) => c.id);
  return {
    ...e,
    ballotStyles: [
      { id: 'demo-001', gpUnitIds: ['gpu-p-001'], partyIds: [], contestIds: ids },
      {
        id: 'demo-002',
        gpUnitIds: ['gpu-p-002'],
        partyIds: [],
        contestIds: ids.filter((_, i) => i % 2 === 1),
      },
      { id: 'demo-003', gpUnitIds: ['gpu-p-003'], partyIds: [], contestIds: ids.slice(0, 3) },
    ],
  };
}

/**
 * Name parts in the scripts voters write their names in, including letters the shipped fonts lack
 * (CJK, Devanagari: drawn as a placeholder), combining sequences, ligature-prone Latin pairs and
 * characters that share a glyph in some fonts.
 */
export const NAME_PARTS: readonly string[] = [
  'Maria',
  'Griffin',
  'Ffoulkes',
  'Zoë',
  'Ñúñez',
  'Ångström',
  'Łukasiewicz',
  "O'Brien",
  'Şükrü',
  'Ελένη',
  'Παπαδοπούλου',
  'Алексей',
  'Смирнов',
  'Ђорђе',
  'Nguyễn',
  'Thị',
  'Trần',
  'Hưng',
  'Đạo',
  'Ǆemal',
  'İsmail',
  'Işık',
  'Straße',
  'ʻOkina',
  'e\u0301le\u0300ve',
  'µ-Müller',
  'Ωmega',
  'Kelvin\u212a',
  'שרה',
  'محمد',
  'राम',
  '王小明',
  'Ø\u00a0Ærø',
  'fi\u00adfl',
  '\u{1F5F3}\uFE0F',
];

const FORM_OFFICE = {
  name: 'Mahoning County Board of Elections',
  mailingAddress: ['345 Oak Hill Ave', 'Youngstown, OH 44502', 'USA'],
  fax: '+1 330 783 2801',
  email: 'uocava@mahoning.example.org',
};

/** Inputs of the voter's forms: a cure affidavit, an FWAB packet and an FPCA. */
export function sampleForms(): { cure: CureAffidavitInput; fwab: FwabPacketInput; fpca: FpcaFormInput } {
  const request: BallotRequestInput = {
    jurisdictionId: 'oh-mahoning',
    voterClass: 'citizen-abroad-intent-to-return',
    name: { first: 'Zoë', last: 'Ångström' },
    dateOfBirth: assertIsoDate('1985-04-25', 'dateOfBirth'),
    identification: { type: 'drivers-license', value: 'OH123456' },
    votingResidence: { street: '3818 Belmont Ave', city: 'Youngstown', state: 'OH', zip: '44505' },
    mailingAddress: { lines: ['Kungsgatan 1'], city: 'Stockholm', postalCode: '111 43', country: 'SE' },
    contact: { email: 'zoe@example.org' },
    ballotDelivery: 'email',
    affirmation: { accepted: true, signedOn: assertIsoDate('2026-09-01', 'signedOn') },
  };
  return {
    cure: {
      affidavit: cureAffidavit(['missing-voter-signature']),
      voterName: 'Zoë Ångström',
      trackingCode: 'TRK-7K3M-9QXD-2HFA',
      ballotId: '6f1c7c0e-3c55-4f7a-9a53-3f0f2a1b9d10',
      electionName: 'General Election 2026',
      electionDate: '2026-11-03',
      cureDeadline: '2026-11-10T22:00:00.000Z',
      trackingUrl: 'https://vote.example.org/track?code=TRK-7K3M-9QXD-2HFA',
      office: FORM_OFFICE,
      paperSize: 'letter',
    },
    fwab: {
      voterName: 'Zoë Ångström',
      trackingCode: 'TRK-7K3M-9QXD-2HFA',
      jurisdictionName: 'Mahoning County',
      elections: [{ name: 'General Election 2026', date: '2026-11-03' }],
      date: '2026-11-03',
      office: FORM_OFFICE,
      paperSize: 'a4',
    },
    fpca: {
      request,
      requestId: '0b7f6f2e-1111-4a4a-9b9b-123456789abc',
      trackingCode: 'TRK-7K3M-9QXD-2HFA',
      jurisdictionName: 'Mahoning County',
      receivedOn: '2026-09-01',
      office: FORM_OFFICE,
      paperSize: 'letter',
    },
  };
}

/** Candidate names in every script the ballot prints (see scripts.ts). */
export const MULTI_SCRIPT_NAMES = [
  '王小明',
  '山田 太郎',
  '김민준',
  'محمد علي',
  'דוד כהן',
  'प्रिया शर्मा',
  'Nguyễn Thị Minh Khai',
  'Ελένη Παπαδοπούλου',
  'Алексей Смирнов',
];

/** A two-contest election whose first contest's candidates are MULTI_SCRIPT_NAMES. */
export function multiScriptElection(): ElectionDefinition {
  const e = sampleElection(2);
  const c = e.contests[0];
  if (c.kind !== 'candidate') throw new Error('fixtures: the first sample contest has candidates');
  c.candidates = MULTI_SCRIPT_NAMES.map((name, i) => ({
    ...c.candidates[0],
    id: `cand-${i}`,
    candidateNames: [name],
  }));
  return e;
}
