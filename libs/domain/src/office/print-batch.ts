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

/** A postal address as the FPCA gives it (lines, city, region, postal code, ISO country). */
export interface MailAddress {
  lines: string[];
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
}

/** The countries whose mail is addressed like the United States' (territories, APO/FPO/DPO). */
const US_MAIL = new Set(['US', 'PR', 'GU', 'VI', 'AS', 'MP', 'UM']);

/**
 * The address block of an outbound envelope, one line each: the voter's name, the street lines,
 * then `CITY ST ZIP` for US mail (military post included) or the city line and the country name in
 * capitals on the last line for mail abroad (USPS Publication 28, international addresses).
 */
export function mailAddressBlock(
  name: string,
  a: MailAddress,
  countryName: (code: string) => string,
): string[] {
  const lines = [name, ...a.lines].map((l) => l.trim()).filter((l) => l.length > 0);
  if (US_MAIL.has(a.country)) {
    lines.push([a.city, [a.region, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(' ').trim());
    return lines.map((l) => l.toUpperCase());
  }
  const cityLine = [a.postalCode, a.city, a.region].filter(Boolean).join(' ').trim();
  if (cityLine) lines.push(cityLine);
  lines.push(countryName(a.country).toUpperCase());
  return lines;
}

/**
 * The routing code of the Intelligent Mail barcode: the destination ZIP (5 or 9 digits) for US
 * mail, empty for mail abroad or a ZIP that is not one.
 */
export function routingZipOf(a: Pick<MailAddress, 'country' | 'postalCode'>): string {
  if (!US_MAIL.has(a.country) || a.postalCode === undefined) return '';
  const digits = a.postalCode.replace(/[\s-]/g, '');
  return /^([0-9]{5}|[0-9]{9})$/.test(digits) ? digits : '';
}

/** A piece of a batch as "mark the batch sent" sees it. */
export interface BatchPieceState {
  ballotId: string;
  status: string;
  transmitted: boolean;
}

/**
 * What marking a batch sent does to each piece: a generated, untransmitted ballot is transmitted;
 * one already transmitted (marked sent one by one) is left as it is, with no second event; a void one
 * (reissued or cancelled after the batch was made: the clerk takes it out of the stack) is skipped;
 * any other (returned, rejected, …) is a conflict that refuses the whole batch.
 */
export function batchSendPlan(pieces: readonly BatchPieceState[]): {
  transmit: string[];
  already: string[];
  voided: string[];
  conflicts: string[];
} {
  const plan = {
    transmit: [] as string[],
    already: [] as string[],
    voided: [] as string[],
    conflicts: [] as string[],
  };
  for (const p of pieces) {
    if (p.status === 'void') plan.voided.push(p.ballotId);
    else if (p.transmitted) plan.already.push(p.ballotId);
    else if (p.status === 'generated') plan.transmit.push(p.ballotId);
    else plan.conflicts.push(p.ballotId);
  }
  return plan;
}

/**
 * The voter's return address on the packet's return envelope, at most three lines: the street
 * lines joined, the city line, and the country name for mail from abroad.
 */
export function returnAddressLines(a: MailAddress, countryName: (code: string) => string): string[] {
  const block = mailAddressBlock('', a, countryName);
  const streets = a.lines.map((l) => l.trim()).filter((l) => l.length > 0);
  const rest = block.slice(streets.length);
  const street = US_MAIL.has(a.country) ? streets.join(', ').toUpperCase() : streets.join(', ');
  return [street, ...rest].filter((l) => l.length > 0).slice(0, 3);
}

/**
 * Why an office cancels a print batch before it is sent: its ballots then go into a new batch
 * (the cancelled batch's pieces are kept, their barcode serials never reused).
 */
export const PRINT_BATCH_CANCEL_REASONS = [
  'misprint',
  'wrong-selection',
  'damaged',
  'not-mailed',
  'other',
] as const;
export type PrintBatchCancelReason = (typeof PRINT_BATCH_CANCEL_REASONS)[number];
