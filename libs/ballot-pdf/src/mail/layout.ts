/** Mailing order of a print batch: by country (the office's own first), then postal code, then ballot id. */
export interface MailPieceKey {
  ballotId: string;
  /** ISO 3166-1 alpha-2 */
  country: string;
  postalCode: string;
}

/**
 * Sorts pieces for the mail stream: domestic pieces (country `home`) first, then by country code,
 * then by postal code (digits compared as text, spaces ignored), then by ballot id, so that the
 * same selection always prints in the same order.
 */
export function mailingOrder<T extends MailPieceKey>(pieces: readonly T[], home = 'US'): T[] {
  const norm = (s: string): string => s.replace(/\s+/g, '').toUpperCase();
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return [...pieces].sort((a, b) => {
    const ha = norm(a.country) === home ? 0 : 1;
    const hb = norm(b.country) === home ? 0 : 1;
    return (
      ha - hb ||
      cmp(norm(a.country), norm(b.country)) ||
      cmp(norm(a.postalCode), norm(b.postalCode)) ||
      cmp(a.ballotId, b.ballotId)
    );
  });
}
