import fc from 'fast-check';
import { FIXTURE_TODAY, validFpcaExample } from './fixtures';
import { normaliseName, normaliseNameSlow } from './names';
import { validateBallotRequest } from './validate';

describe('normaliseName', () => {
  it.each([
    ['José María', 'jose maria'],
    ["O'Brien", 'obrien'],
    ['O’Brien', 'obrien'],
    ['Smith-Jones', 'smith jones'],
    ['J.R.  Tolkien', 'j r tolkien'],
    ['STRAßE', 'strasse'],
    ['Zoë  Brontë', 'zoe bronte'],
    ['Nguyễn Thị Minh', 'nguyen thi minh'],
    ['ＪＯＨＮ', 'john'],
    ['ﬁona', 'fiona'],
    ['Ёлкин', 'елкин'],
    ['ΟΔΥΣΣΕΥΣ', 'οδυσσευσ'],
    ['Ødegård', 'ødegard'],
    ['  Mary\tAnn ', 'mary ann'],
    ['Do\u202Ee', 'doe'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it('keeps non-Latin scripts intact (marks of those scripts are part of the letters)', () => {
    for (const s of ['山田 翔太', 'दीपिका पादुकोण', '김지훈', 'محمد', 'שָׁלוֹם', 'สมชาย']) {
      expect(normaliseName(s)).toBe(s.normalize('NFC'));
    }
  });

  it('the ASCII shortcut gives the same result as the general algorithm', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)),
          maxLength: 40,
        }),
        (s) => {
          expect(normaliseName(s)).toBe(normaliseNameSlow(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        const once = normaliseName(s);
        expect(normaliseName(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const once = normaliseName(s);
        expect(normaliseName(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

/** Name parts in many spellings and scripts. */
const PARTS = [
  'José',
  'María',
  'Zoë',
  'Siobhán',
  "O'Sullivan",
  'D’Angelo',
  'Smith-Jones',
  'Nguyễn',
  'Thị',
  'Øyvind',
  'Ærøskøbing',
  'Łukasz',
  'Żółć',
  'Şükrü',
  'İlker',
  'Đặng',
  'Mañana',
  'François',
  'Müller',
  'ßtraße',
  'Александр',
  'Ёлкин',
  'Οδυσσέας',
  'محمد',
  'الأحمد',
  'שָׁלוֹם',
  'दीपिका',
  'பிரியா',
  '山田',
  '翔太',
  '김',
  '지훈',
  'สมชาย',
  'Ngũgĩ',
  'wa',
  'Jr.',
  'St.',
  'Mc',
  'van',
  'de',
  'la',
  'ʻIolani',
  'Kamakaʻeha',
  'فرهاد',
  'می\u200Cخواه',
];
const nameArb = fc
  .array(fc.constantFrom(...PARTS), { minLength: 1, maxLength: 4 })
  .chain((parts) => fc.constantFrom(' ', '-', ' ').map((sep) => parts.join(sep)));

describe('no valid FPCA is rejected for the spelling of a name', () => {
  it('accepts random names with diacritics, apostrophes, hyphens, non-Latin scripts and several given names', () => {
    fc.assert(
      fc.property(
        nameArb,
        nameArb,
        fc.option(nameArb, { nil: undefined }),
        fc.option(nameArb, { nil: undefined }),
        (first, last, middle, prevLast) => {
          const b = validFpcaExample();
          b.name = middle === undefined ? { first, last } : { first, middle, last };
          if (prevLast !== undefined) b.previousName = { first, last: prevLast };
          const r = validateBallotRequest(b, FIXTURE_TODAY);
          if (!r.ok) throw new Error(JSON.stringify(r.problems));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('accepts random names of any letters and marks', () => {
    const letter = fc.stringMatching(/^\p{L}\p{M}{0,2}$/u);
    const word = fc.array(letter, { minLength: 1, maxLength: 8 }).map((xs) => xs.join(''));
    const fullName = fc.array(word, { minLength: 1, maxLength: 3 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(fullName, fullName, (first, last) => {
        const b = validFpcaExample();
        b.name = { first, last };
        const r = validateBallotRequest(b, FIXTURE_TODAY);
        if (!r.ok) throw new Error(JSON.stringify(r.problems));
      }),
      { numRuns: 500 },
    );
  });
});
