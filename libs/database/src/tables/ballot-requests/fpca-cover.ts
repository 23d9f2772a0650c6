/**
 * Which requests an FPCA rule lets stand on a date (not exported from the library: a fragment for
 * the SQL of this owner module and of the joined reads of tracking steps).
 *
 * A request stands on date D when D is in or after the year it was received (`covers_year`) and on
 * or before its `fpca_valid_through` (set at intake from the state's rule; NULL: 31 December of
 * `covers_year`, the calendar-year rule). With the calendar-year rule this is exactly the former
 * `covers_year = extract(year FROM D)`.
 */
export function fpcaCovers(dateParam: string): string {
  if (!/^\$\d+$/.test(dateParam)) throw new Error('fpcaCovers takes a query parameter like $3');
  return `(extract(year FROM ${dateParam}::date) >= r.covers_year
    AND ${dateParam}::date <= COALESCE(r.fpca_valid_through, make_date(r.covers_year, 12, 31)))`;
}

/** The request's last valid day as `YYYY-MM-DD` text (select list). */
export const FPCA_VALID_THROUGH = `to_char(COALESCE(r.fpca_valid_through, make_date(r.covers_year, 12, 31)), 'YYYY-MM-DD')`;
