import type { PaperSize } from '@uocava/domain';

/** Page sizes in PDF points (1/72 in). */
export const PAGE_SIZES: Record<PaperSize, { width: number; height: number }> = {
  letter: { width: 612, height: 792 },
  a4: { width: 595.28, height: 841.89 },
};

/** North America for paper purposes: the US and its territories, Canada, Mexico. */
const LETTER_COUNTRIES = new Set([
  'US',
  'USA',
  'CA',
  'CAN',
  'MX',
  'MEX',
  'PR',
  'PRI',
  'GU',
  'GUM',
  'VI',
  'VIR',
  'AS',
  'ASM',
  'MP',
  'MNP',
  'UM',
  'UMI',
]);

/**
 * The voter's preference if given; otherwise Letter for a mailing address in North America
 * (ISO 3166 alpha-2 or alpha-3 code; APO/FPO/DPO addresses are US) or with no country, A4 elsewhere.
 */
export function choosePaperSize(
  preference: PaperSize | undefined,
  mailingCountry: string | undefined,
): PaperSize {
  if (preference) return preference;
  const c = (mailingCountry ?? '').trim().toUpperCase();
  if (c === '' || LETTER_COUNTRIES.has(c)) return 'letter';
  return 'a4';
}
