import fc from 'fast-check';
import { renderBallotStyle } from './ballot';
import { undrawableCharacters, undrawableElectionTexts } from './coverage';
import { sampleElection } from './fixtures';
import type { CandidateContest } from '@uocava/domain';

describe('undrawableCharacters', () => {
  it('finds nothing in the scripts the shipped fonts cover', () => {
    for (const t of [
      'Zoë Ñúñez',
      'Αλέξανδρος',
      'Владимир',
      'Nguyễn Thị Minh Khai',
      "O'Brien-Smith",
      '王小明',
      '山田 太郎（やまだ）',
      '김민준',
      'محمد علي',
      'דוד כהן',
      'प्रिया शर्मा।',
    ])
      expect([t, undrawableCharacters(t)]).toEqual([t, []]);
  });

  it('names each character it cannot draw once, in order, ignoring invisible format characters', () => {
    expect(undrawableCharacters('ሊያ and ሊ\u200b')).toEqual(['ሊ', 'ያ']);
  });

  it('agrees with the renderer: a ballot prints the placeholder exactly for these characters', async () => {
    const e = sampleElection(2);
    const c = e.contests[0] as CandidateContest;
    c.candidates[0].candidateNames = ['王小明 ሊያ Wang'];
    const rendered = await renderBallotStyle(e, e.ballotStyles[0].id, 'letter');
    expect(rendered.missingGlyphs).toEqual([...undrawableCharacters('王小明 ሊያ')].sort());
    expect(rendered.missingGlyphs).toEqual(['ሊ', 'ያ']);
  });

  it('property: a text of covered Latin letters never has undrawable characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."abcdeéñüßøçABCÉ -'.".split('')) }), (s) => {
        expect(undrawableCharacters(s)).toEqual([]);
      }),
    );
  });
});

describe('undrawableElectionTexts', () => {
  it('names the contest and the candidate whose text the ballot cannot print', () => {
    const e = sampleElection(3);
    const c = e.contests[1] as CandidateContest;
    c.candidates[1].candidateNames = ['김민준 ሊያ'];
    c.title = 'Governor ሀገረ';
    const found = undrawableElectionTexts(e);
    expect(found.map((f) => f.where)).toEqual([
      `contest "${c.id}" title`,
      `contest "${c.id}" candidate "${c.candidates[1].id}" name`,
    ]);
    expect(found[1]).toMatchObject({
      path: 'contests/1/candidates/1/candidateNames/0',
      characters: ['ሊ', 'ያ'],
    });
    expect(undrawableElectionTexts(sampleElection(3))).toEqual([]);
  });
});
