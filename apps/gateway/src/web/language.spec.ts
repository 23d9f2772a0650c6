import { pageLanguage } from './language';

const req = (query: Record<string, unknown>, headers: Record<string, string> = {}) =>
  ({ query, headers }) as unknown as Parameters<typeof pageLanguage>[0];

describe("a voter page's language", () => {
  it('the switch (?lang=) first, then the cookie, then Accept-Language, else English', () => {
    expect(pageLanguage(req({ lang: 'es' }, { cookie: 'lang=en', 'accept-language': 'en' }))).toBe('es');
    expect(pageLanguage(req({}, { cookie: 'a=1; lang=es', 'accept-language': 'en' }))).toBe('es');
    expect(pageLanguage(req({}, { 'accept-language': 'es-ES,es;q=0.9' }))).toBe('es');
    expect(pageLanguage(req({}, {}))).toBe('en');
  });

  it('ignores a language it does not speak, wherever it comes from', () => {
    expect(pageLanguage(req({ lang: 'fr' }, { cookie: 'lang=de', 'accept-language': 'es' }))).toBe('es');
    expect(pageLanguage(req({ lang: ['es', 'en'] }, { cookie: 'lang=xx' }))).toBe('en');
  });
});
