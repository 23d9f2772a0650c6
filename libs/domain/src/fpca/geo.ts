import countries from 'i18n-iso-countries';

/** The 50 states, the District of Columbia and the territories whose residents vote under UOCAVA. */
export const US_STATE_CODES = [
  'AL',
  'AK',
  'AZ',
  'AR',
  'CA',
  'CO',
  'CT',
  'DE',
  'DC',
  'FL',
  'GA',
  'HI',
  'ID',
  'IL',
  'IN',
  'IA',
  'KS',
  'KY',
  'LA',
  'ME',
  'MD',
  'MA',
  'MI',
  'MN',
  'MS',
  'MO',
  'MT',
  'NE',
  'NV',
  'NH',
  'NJ',
  'NM',
  'NY',
  'NC',
  'ND',
  'OH',
  'OK',
  'OR',
  'PA',
  'RI',
  'SC',
  'SD',
  'TN',
  'TX',
  'UT',
  'VT',
  'VA',
  'WA',
  'WV',
  'WI',
  'WY',
  'AS',
  'GU',
  'MP',
  'PR',
  'VI',
] as const;
export type UsStateCode = (typeof US_STATE_CODES)[number];

/** USPS "states" of military and diplomatic post: Armed Forces Americas, Europe, Pacific. */
export const MILITARY_REGIONS = ['AA', 'AE', 'AP'] as const;
export type MilitaryRegion = (typeof MILITARY_REGIONS)[number];
/** USPS "cities" of military and diplomatic post. */
export const MILITARY_CITIES = ['APO', 'FPO', 'DPO'] as const;

/** ZIP code ranges USPS assigns to each military region. */
const MILITARY_ZIP_RANGES: Record<MilitaryRegion, [number, number]> = {
  AA: [34000, 34099],
  AE: [9000, 9999],
  AP: [96200, 96699],
};

export const ZIP_PATTERN = /^[0-9]{5}(?:-[0-9]{4})?$/;

export function isUsStateCode(value: string): value is UsStateCode {
  return (US_STATE_CODES as readonly string[]).includes(value.toUpperCase());
}
export function isMilitaryRegion(value: string): value is MilitaryRegion {
  return (MILITARY_REGIONS as readonly string[]).includes(value.toUpperCase());
}
export function isMilitaryCity(value: string): boolean {
  return (MILITARY_CITIES as readonly string[]).includes(value.trim().toUpperCase());
}
export function zipMatchesMilitaryRegion(zip: string, region: MilitaryRegion): boolean {
  const n = Number(zip.slice(0, 5));
  const [lo, hi] = MILITARY_ZIP_RANGES[region.toUpperCase() as MilitaryRegion];
  return n >= lo && n <= hi;
}

/** ISO 3166-1 alpha-2 country code, upper case, officially assigned (list: i18n-iso-countries). */
export function isIsoCountryCode(value: string): boolean {
  return /^[A-Z]{2}$/.test(value) && countries.isValid(value);
}

/** Country code for an English country name or an alpha-2/alpha-3 code; undefined if unknown. */
export function countryCodeFor(value: string): string | undefined {
  const v = value.trim();
  if (/^[A-Za-z]{2}$/.test(v) && countries.isValid(v.toUpperCase())) return v.toUpperCase();
  if (/^[A-Za-z]{3}$/.test(v)) {
    const a2 = countries.alpha3ToAlpha2(v.toUpperCase());
    if (a2) return a2;
  }
  if (/^(usa|u\.s\.a\.|u\.s\.|united states of america)$/i.test(v)) return 'US';
  return countries.getAlpha2Code(v, 'en') ?? undefined;
}

/** A US address at a military or diplomatic post: city APO/FPO/DPO, region AA/AE/AP. */
export function isMilitaryPostAddress(a: { city: string; region?: string; country: string }): boolean {
  return a.country === 'US' && isMilitaryCity(a.city) && a.region !== undefined && isMilitaryRegion(a.region);
}
