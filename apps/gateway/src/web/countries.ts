import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import type { Option } from './components';

countries.registerLocale(en);

let cached: Option[] | undefined;

/** Every ISO 3166-1 country by its English name, United States first (military post addresses). */
export function countryOptions(): Option[] {
  cached ??= Object.entries(countries.getNames('en', { select: 'official' }))
    .map(([value, label]) => ({ value, label }))
    .sort((a, b) => (a.value === 'US' ? -1 : b.value === 'US' ? 1 : a.label.localeCompare(b.label, 'en')));
  return cached;
}

export function countryName(code: string): string {
  return countries.getName(code, 'en') ?? code;
}
