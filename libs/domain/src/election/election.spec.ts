import controlling from '@uocava/contracts/standards/nist-1500-20-ballot-definition/example_controlling_contest_partisan_preference.json';
import physical1 from '@uocava/contracts/standards/nist-1500-20-ballot-definition/example_physical_ballot_def_1.json';
import physical2 from '@uocava/contracts/standards/nist-1500-20-ballot-definition/example_physical_ballot_def_2.json';
import type { IsoDate } from '../ids';
import {
  ballotLanguagesFor,
  ballotTextLanguage,
  localizeElection,
  parseElectionDefinition,
  selectBallotStyle,
  type ElectionDefinition,
  type ElectionSettings,
} from './index';

const general: ElectionSettings = {
  electionDate: '2020-11-03',
  type: 'general',
  federalOffices: true,
  returnRule: { kind: 'received-by', deadline: '2020-11-03T19:30:00-05:00' },
};
const isoDate = (s: string): IsoDate => s as IsoDate;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function ok(json: unknown, settings: ElectionSettings): ElectionDefinition {
  const r = parseElectionDefinition(json, settings);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.definition;
}

describe('parseElectionDefinition', () => {
  it('imports example_physical_ballot_def_1 (general, one style, ticket contest)', () => {
    const d = ok(physical1, general);
    expect(d.name).toBe('2020 General Election');
    expect(d.jurisdictionName).toBe('STATE OF OHIO');
    expect(d.date).toBe('2020-11-03');
    expect(d.contests).toHaveLength(1);
    const c = d.contests[0];
    if (c.kind !== 'candidate') throw new Error('expected a candidate contest');
    expect(c.title).toBe('PRESIDENT OF THE UNITED STATES');
    expect(c.voteFor).toBe(1);
    expect(c.candidates.map((x) => x.candidateNames)).toEqual([
      ['Joseph R. Biden', 'Kamala D. Harris'],
      ['Howie Hawkins', 'Angela Walker'],
      ['Jo Jorgensen', 'Spike Cohen'],
      ['Donald J. Trump', 'Michael R. Pence'],
    ]);
    // the physical layout has one write-in row (two lines: president and vice president)
    expect(c.writeIns).toBe(1);
    expect(d.ballotStyles).toEqual([
      { id: '001-bra', gpUnitIds: ['gpu-p-001-BRA'], partyIds: [], contestIds: ['cc-president'] },
    ]);
  });

  it('imports example_physical_ballot_def_2', () => {
    const d = ok(physical2, general);
    expect(d.ballotStyles.map((s) => s.id)).toEqual(['brk-a']);
    expect(d.ballotStyles[0].gpUnitIds).toEqual(['gpu-p-brk-a']);
  });

  it('imports the partisan preference example (primary, parties, styles per party)', () => {
    const d = ok(controlling, { ...general, electionDate: '2022-08-02', type: 'primary' });
    expect(d.parties.map((p) => p.name)).toEqual(['Republican', 'Democratic']);
    expect(d.contests.map((c) => c.kind)).toEqual(['party', 'candidate', 'candidate']);
    const rep = d.contests[1];
    if (rep.kind !== 'candidate') throw new Error('expected candidate contest');
    expect(rep.candidates[0]).toEqual({
      id: 'cs-alex-mack',
      candidateNames: ['Alex Mack'],
      partyNames: ['Republican'],
    });
    expect(d.ballotStyles.map((s) => [s.id, s.partyIds, s.contestIds])).toEqual([
      ['ru-senate-par-rep', ['par-rep'], ['cc-party-preference', 'cc-senate-rep']],
      ['ru-senate-par-dem', ['par-dem'], ['cc-party-preference', 'cc-senate-dem']],
    ]);
  });

  it('reads ballot measures with full text and options', () => {
    const j = clone(physical1) as { Election: Array<{ Contest: unknown[] }> };
    j.Election[0].Contest.push({
      '@type': 'BallotDefinition.BallotMeasureContest',
      '@id': 'bm-1',
      ElectionDistrictId: 'gpu-ohio',
      Name: 'Issue 1',
      FullText: {
        '@type': 'BallotDefinition.InternationalizedText',
        Text: [
          {
            '@type': 'BallotDefinition.LanguageString',
            Content: 'Shall the law be amended?',
            Language: 'en',
          },
        ],
      },
      ContestOption: ['Yes', 'No'].map((v) => ({
        '@type': 'BallotDefinition.BallotMeasureOption',
        '@id': `bm-1-${v}`,
        Selection: {
          '@type': 'BallotDefinition.InternationalizedText',
          Text: [{ '@type': 'BallotDefinition.LanguageString', Content: v, Language: 'en' }],
        },
      })),
    });
    const d = ok(j, general);
    expect(d.contests[1]).toEqual({
      kind: 'measure',
      id: 'bm-1',
      title: 'Issue 1',
      fullText: 'Shall the law be amended?',
      options: [
        { id: 'bm-1-Yes', label: 'Yes' },
        { id: 'bm-1-No', label: 'No' },
      ],
    });
  });

  it('keeps the Spanish words of a definition and writes ballots in the voter language, or bilingual', () => {
    const words = (en: string, es: string) => ({
      '@type': 'BallotDefinition.InternationalizedText',
      Text: [
        { '@type': 'BallotDefinition.LanguageString', Content: en, Language: 'en' },
        { '@type': 'BallotDefinition.LanguageString', Content: es, Language: 'es-US' },
      ],
    });
    const j = clone(physical1) as { Election: Array<{ Contest: Array<Record<string, unknown>> }> };
    j.Election[0].Contest[0].BallotTitle = words(
      'PRESIDENT OF THE UNITED STATES',
      'PRESIDENTE DE LOS ESTADOS UNIDOS',
    );
    j.Election[0].Contest.push({
      '@type': 'BallotDefinition.BallotMeasureContest',
      '@id': 'bm-1',
      ElectionDistrictId: 'gpu-ohio',
      Name: 'Issue 1',
      BallotTitle: words('Issue 1', 'Propuesta 1'),
      FullText: words('Shall the law be amended?', '¿Se debe enmendar la ley?'),
      ContestOption: [
        ['Yes', 'Sí'],
        ['No', 'No'],
      ].map(([en, es]) => ({
        '@type': 'BallotDefinition.BallotMeasureOption',
        '@id': `bm-1-${en}`,
        Selection: words(en, es),
      })),
    });
    const d = ok(j, general);
    expect(d.contests[0].title).toBe('PRESIDENT OF THE UNITED STATES');
    expect(d.contests[0].translations).toEqual({ es: { title: 'PRESIDENTE DE LOS ESTADOS UNIDOS' } });
    // the voter's language where the definition has it
    const es = localizeElection(d, ballotLanguagesFor(d, 'es'));
    expect(es.contests.map((c) => c.title)).toEqual(['PRESIDENTE DE LOS ESTADOS UNIDOS', 'Propuesta 1']);
    const measure = es.contests[1];
    expect(measure.kind === 'measure' && [measure.fullText, measure.options.map((o) => o.label)]).toEqual([
      '¿Se debe enmendar la ley?',
      ['Sí', 'No'],
    ]);
    expect(localizeElection(d, ['en'])).toBe(d);
    // a language the definition lacks: English
    const plain = ok(physical1, general);
    expect(localizeElection(plain, ['es'])).toBe(plain);
    expect(ballotTextLanguage(plain, ['es'])).toBe('en');
    // bilingual where the office requires it, whatever the voter's language
    const both = ok(j, { ...general, ballotLanguages: ['en', 'es'] });
    expect(ballotLanguagesFor(both, 'en')).toEqual(['en', 'es']);
    const bilingual = localizeElection(both, ballotLanguagesFor(both, 'en'));
    expect(bilingual.contests[0].title).toBe(
      'PRESIDENT OF THE UNITED STATES / PRESIDENTE DE LOS ESTADOS UNIDOS',
    );
    const m2 = bilingual.contests[1];
    expect(m2.kind === 'measure' && m2.options.map((o) => o.label)).toEqual(['Yes / Sí', 'No']);
    // the setting is checked
    const bad = parseElectionDefinition(physical1, { ...general, ballotLanguages: ['fr'] as never });
    expect(bad.ok).toBe(false);
  });

  it('names the JSON path of a schema violation', () => {
    const j = clone(physical1) as { Election: Array<{ Contest: Array<Record<string, unknown>> }> };
    j.Election[0].Contest[0].VotesAllowed = 'one';
    const r = parseElectionDefinition(j, general);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContainEqual(expect.objectContaining({ path: '/Election/0/Contest/0/VotesAllowed' }));
  });

  it('names a missing required property', () => {
    const j = clone(physical1) as Record<string, unknown>;
    delete j.Issuer;
    const r = parseElectionDefinition(j, general);
    expect(r).toEqual({ ok: false, errors: [{ path: '/Issuer', message: 'is required' }] });
  });

  it('names dangling references and bad settings', () => {
    const j = clone(physical1) as {
      Election: Array<{ Contest: Array<{ ContestOption: Array<{ CandidateIds: string[] }> }> }>;
    };
    j.Election[0].Contest[0].ContestOption[1].CandidateIds[0] = 'can-nobody';
    const r = parseElectionDefinition(j, { ...general, electionDate: '2020-11-04' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const paths = r.errors.map((e) => e.path);
    expect(paths).toContain('/Election/0/Contest/0/ContestOption/1/CandidateIds/0');
    expect(paths).toContain('/Election/0/EndDate');
  });

  it('checks the return rule against the election date', () => {
    const r = parseElectionDefinition(physical1, {
      ...general,
      returnRule: {
        kind: 'postmarked-by-election-day',
        electionDate: isoDate('2020-11-04'),
        receiveWithinDays: 10,
        utcOffset: '-05:00',
      },
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        { path: 'settings.returnRule.electionDate', message: 'must equal settings.electionDate' },
      ]);
  });

  it('rejects non-objects', () => {
    const r = parseElectionDefinition('nope', general);
    expect(r.ok).toBe(false);
  });
});

describe('selectBallotStyle', () => {
  const d1 = ok(physical1, general);
  const primary = ok(controlling, { ...general, electionDate: '2022-08-02', type: 'primary' });

  it('follows the precinct on the roll', () => {
    expect(selectBallotStyle(d1, { precinct: 'gpu-p-001-BRA' })).toEqual({
      kind: 'style',
      styleId: '001-bra',
    });
  });
  it('lists an unknown precinct for assignment', () => {
    expect(selectBallotStyle(d1, { precinct: 'gpu-p-999' }).kind).toBe('needs-assignment');
  });
  it('lists a voter without a precinct for assignment when styles differ by precinct', () => {
    const two: ElectionDefinition = {
      ...d1,
      ballotStyles: [...d1.ballotStyles, { id: 'x', gpUnitIds: ['gpu-x'], partyIds: [], contestIds: [] }],
    };
    expect(selectBallotStyle(two, {})).toEqual({
      kind: 'needs-assignment',
      reason: 'no precinct on the voter roll yet',
    });
  });
  it('picks the style by party in a closed primary', () => {
    expect(selectBallotStyle(primary, { precinct: 'any-precinct', party: 'par-dem' })).toEqual({
      kind: 'style',
      styleId: 'ru-senate-par-dem',
    });
    expect(selectBallotStyle(primary, { precinct: 'any-precinct' }).kind).toBe('needs-assignment');
    expect(selectBallotStyle(primary, { precinct: 'any-precinct', party: 'par-grn' }).kind).toBe(
      'needs-assignment',
    );
  });
});

describe('office settings at the boundary', () => {
  it.each([
    [undefined, 'settings'],
    [null, 'settings'],
    ['general', 'settings'],
    [{ electionDate: '2026-11-03', type: 'general', federalOffices: true }, 'settings.returnRule'],
    [
      {
        electionDate: '2026-11-03',
        type: 'general',
        federalOffices: 'yes',
        returnRule: { kind: 'received-by', deadline: 'x' },
      },
      'settings.federalOffices',
    ],
    [
      {
        electionDate: '2026-11-03',
        type: 'general',
        federalOffices: true,
        returnRule: { kind: 'received-by', deadline: '2026-11-03T20:00:00-05:00' },
        colour: 'red',
      },
      'settings.colour',
    ],
  ])('refuses settings %p naming %s, never throws', (settings, path) => {
    const result = parseElectionDefinition({}, settings);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.path)).toContain(path);
  });
});
