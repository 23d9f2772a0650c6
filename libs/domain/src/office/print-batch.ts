/**
 * Which ballots a print batch takes (issue 15 item 2): mail-delivery ballots of the election that
 * are ready, not yet transmitted and not in another batch, optionally narrowed by the date they
 * became ready and by the country of the mailing address. Plain rules, no I/O.
 */
import { isIsoDate } from './dates';

export interface PrintBatchCandidate {
  ballotId: string;
  electionId: string;
  deliveryMethod: 'email' | 'mail' | 'fax' | 'online';
  /** the ballot is ready (packet issued) */
  ready: boolean;
  /** a ballot.transmitted is on the log */
  transmitted: boolean;
  /** the id of the batch it is already in, if any */
  batchId?: string;
  /** ISO date (office time zone) the ballot became ready */
  readyOn: string;
  /** ISO 3166-1 alpha-2 of the mailing address */
  country: string;
}

export interface PrintBatchFilter {
  electionId: string;
  /** inclusive ISO dates */
  readyFrom?: string;
  readyTo?: string;
  country?: string;
}

export type PrintBatchFilterProblem = { field: keyof PrintBatchFilter; message: string };

/** Every bad field of a filter, named (empty when valid). */
export function printBatchFilterProblems(f: PrintBatchFilter): PrintBatchFilterProblem[] {
  const out: PrintBatchFilterProblem[] = [];
  if (!f.electionId || f.electionId.length > 100) out.push({ field: 'electionId', message: 'required' });
  const date = (field: 'readyFrom' | 'readyTo', v: string | undefined): boolean => {
    if (v === undefined || isIsoDate(v)) return true;
    out.push({ field, message: 'an ISO date (YYYY-MM-DD)' });
    return false;
  };
  const okFrom = date('readyFrom', f.readyFrom);
  const okTo = date('readyTo', f.readyTo);
  if (okFrom && okTo && f.readyFrom && f.readyTo && f.readyFrom > f.readyTo)
    out.push({ field: 'readyTo', message: 'on or after readyFrom' });
  if (f.country !== undefined && !/^[A-Z]{2}$/.test(f.country))
    out.push({ field: 'country', message: 'an ISO 3166-1 alpha-2 code in capitals' });
  return out;
}

/** The candidates a new batch takes under `f` (order kept; mailing order is the printer's). */
export function selectForPrintBatch<T extends PrintBatchCandidate>(
  candidates: readonly T[],
  f: PrintBatchFilter,
): T[] {
  return candidates.filter(
    (c) =>
      c.electionId === f.electionId &&
      c.deliveryMethod === 'mail' &&
      c.ready &&
      !c.transmitted &&
      c.batchId === undefined &&
      (f.readyFrom === undefined || c.readyOn >= f.readyFrom) &&
      (f.readyTo === undefined || c.readyOn <= f.readyTo) &&
      (f.country === undefined || c.country === f.country),
  );
}
