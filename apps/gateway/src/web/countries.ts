import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import es from 'i18n-iso-countries/langs/es.json';
import type { Language } from '@uocava/domain';
import type { Option } from './components';

countries.registerLocale(en);
countries.registerLocale(es);

const cached = new Map<Language, Option[]>();

/** Every ISO 3166-1 country by its name in the language, United States first (military post addresses). */
export function countryOptions(lang: Language = 'en'): Option[] {
  let list = cached.get(lang);
  if (!list) {
    list = Object.entries(countries.getNames(lang, { select: 'official' }))
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => (a.value === 'US' ? -1 : b.value === 'US' ? 1 : a.label.localeCompare(b.label, lang)));
    cached.set(lang, list);
  }
  return list;
}

export function countryName(code: string, lang: Language = 'en'): string {
  return countries.getName(code, lang) ?? code;
}
