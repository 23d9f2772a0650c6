import { IntlMessageFormat } from 'intl-messageformat';
import { ballotRequestJsonSchema } from '@uocava/contracts/http';
import { CATALOGUE, type LanguageFile } from './catalogue';
import { LANGUAGES } from '../vocabulary';
import { negotiateLanguage } from './languages';
import { formatDate, formatDeadline, reasonWords, t } from './translate';

type Ast = ReturnType<IntlMessageFormat['getAst']>;

/** The arguments of an ICU message, as `name:type` (and the options of each select/plural). */
function argumentsOf(ast: Ast, out = new Set<string>()): Set<string> {
  for (const el of ast) {
    if (!('value' in el) || typeof el.value !== 'string') continue;
    if ('options' in el && el.options) {
      const options = el.options as Record<string, { value: Ast }>;
      out.add(`${el.value}:${el.type}:${Object.keys(options).sort().join('|')}`);
      for (const o of Object.values(options)) argumentsOf(o.value, out);
    } else if (el.type !== 0) out.add(`${el.value}:${el.type}`);
  }
  return out;
}

const texts = (file: LanguageFile): Map<string, string> =>
  new Map<string, string>([
    ...Object.entries(file.messages),
    ...Object.entries(file.vocabulary).flatMap(([v, table]) =>
      Object.entries(table as Record<string, string>).map(([code, text]) => [`${v}.${code}`, text] as const),
    ),
  ]);

describe('the message catalogue', () => {
  const en = texts(CATALOGUE.en);

  it("has a file for every language, and the request schema's `language` accepts exactly those", () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual([...LANGUAGES].sort());
    const schema = ballotRequestJsonSchema as { properties: { language: { enum: string[] } } };
    expect(schema.properties.language.enum).toEqual([...LANGUAGES]);
  });

  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has every key of English and no other', (lang) => {
    expect([...texts(CATALOGUE[lang]).keys()].sort()).toEqual([...en.keys()].sort());
  });

  it.each(LANGUAGES)('%s: every message parses, with the same ICU arguments as English', (lang) => {
    for (const [key, text] of texts(CATALOGUE[lang])) {
      const args = [...argumentsOf(new IntlMessageFormat(text, lang).getAst())].sort();
      const enArgs = [...argumentsOf(new IntlMessageFormat(en.get(key) ?? '', 'en').getAst())].sort();
      expect({ key, args }).toEqual({ key, args: enArgs });
      expect(text.trim()).not.toBe('');
    }
  });

  it('the argument check can fail: a renamed argument or a missing select option differs', () => {
    const parse = (s: string) => [...argumentsOf(new IntlMessageFormat(s, 'en').getAst())].sort();
    expect(parse('Hello {firstName}')).not.toEqual(parse('Hola {nombre}'));
    expect(parse('{m, select, a {x} other {y}}')).not.toEqual(parse('{m, select, other {y}}'));
  });

  it('formats plurals and selects in each language', () => {
    expect(t('en', 'mail.forReasons', { count: 1 })).toBe('for this reason');
    expect(t('en', 'mail.forReasons', { count: 3 })).toBe('for these reasons');
    expect(t('es', 'mail.forReasons', { count: 2 })).toBe('por estos motivos');
    expect(t('es', 'mail.method', { method: 'mail' })).toBe('por correo postal');
  });

  it('words for vocabulary codes, and for an unknown code', () => {
    expect(reasonWords('es', 'ballotRejection', 'not-timely')).toBe(
      'Su boleta llegó después de la fecha límite.',
    );
    expect(reasonWords('en', 'requestReason', 'invalid')).toBe('The request is not valid.');
    expect(reasonWords('es', 'requestReason', 'zz')).toContain('"zz"');
  });
});

describe('dates in the language', () => {
  it('calendar dates in UTC', () => {
    expect(formatDate('en', '2026-11-03T23:30:00Z')).toBe('3 November 2026');
    expect(formatDate('es', '2026-11-03T23:30:00Z')).toBe('3 de noviembre de 2026');
  });

  it("deadlines in UTC and at the office's offset, also across midnight", () => {
    expect(formatDeadline('es', '2026-11-10T22:00:00.000Z', '-05:00')).toBe(
      'martes, 10 de noviembre de 2026, 22:00 UTC (17:00 en la oficina electoral, UTC-05:00)',
    );
    expect(formatDeadline('es', '2026-11-11T03:30:00.000Z', '-05:00')).toBe(
      'miércoles, 11 de noviembre de 2026, 03:30 UTC (22:30 del martes 10 de noviembre en la oficina electoral, UTC-05:00)',
    );
    expect(formatDeadline('en', '2026-11-11T03:30:00.000Z', '+09:30')).toBe(
      'Wednesday 11 November 2026, 03:30 UTC (13:00 at the election office, UTC+09:30)',
    );
  });
});

describe('Accept-Language', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['es', 'es'],
    ['es-MX,es;q=0.9,en;q=0.8', 'es'],
    ['en-US,es;q=0.5', 'en'],
    ['fr-FR, es;q=0.7, en;q=0.3', 'es'],
    ['de', 'en'],
    ['es;q=0, en', 'en'],
    ['*', 'en'],
    ['es;q=nonsense', 'en'],
  ] as const)('%s -> %s', (header, lang) => {
    expect(negotiateLanguage(header)).toBe(lang);
  });
});
