/**
 * USPS Intelligent Mail barcode (USPS-B-3200): the tracking code (barcode id, service type id,
 * Mailer ID, serial) plus the routing code (destination ZIP), encoded by bwip-js `onecode`.
 */
import bwipjs from 'bwip-js';

export interface ImbFields {
  /** 2 digits, the second 0-4 ("00" when no OEL is printed) */
  barcodeId: string;
  /** service type id, 3 digits (e.g. 040 First-Class with IV-MTR) */
  serviceType: string;
  /** the office's Mailer ID: 6 digits (not starting with 9) or 9 digits (starting with 9) */
  mailerId: string;
  /** serial unique per piece; padded to 9 digits for a 6-digit MID, 6 for a 9-digit MID */
  serial: number;
  /** destination ZIP: '', 5, 9 or 11 digits (empty for pieces mailed abroad) */
  routingZip: string;
}

export type ImbProblem = { field: keyof ImbFields; message: string };

/** Every field that breaks the specification, named (empty when the fields are valid). */
export function imbProblems(f: ImbFields): ImbProblem[] {
  const out: ImbProblem[] = [];
  if (!/^[0-9][0-4]$/.test(f.barcodeId))
    out.push({ field: 'barcodeId', message: 'two digits, the second 0 to 4' });
  if (!/^[0-9]{3}$/.test(f.serviceType)) out.push({ field: 'serviceType', message: 'three digits' });
  const mid6 = /^[0-8][0-9]{5}$/.test(f.mailerId);
  const mid9 = /^9[0-9]{8}$/.test(f.mailerId);
  if (!mid6 && !mid9)
    out.push({
      field: 'mailerId',
      message: 'six digits not starting with 9, or nine digits starting with 9',
    });
  const serialDigits = mid9 ? 6 : 9;
  if (!Number.isSafeInteger(f.serial) || f.serial < 0 || f.serial >= 10 ** serialDigits)
    out.push({ field: 'serial', message: `a whole number of at most ${serialDigits} digits` });
  if (!/^([0-9]{5}|[0-9]{9}|[0-9]{11})?$/.test(f.routingZip))
    out.push({ field: 'routingZip', message: 'empty, or 5, 9 or 11 digits' });
  return out;
}

/** The 20-digit tracking code followed by the routing code (20, 25, 29 or 31 digits). */
export function imbDigits(f: ImbFields): string {
  const problems = imbProblems(f);
  if (problems.length > 0)
    throw new Error(`invalid IMb: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
  const serialDigits = f.mailerId.length === 9 ? 6 : 9;
  return `${f.barcodeId}${f.serviceType}${f.mailerId}${String(f.serial).padStart(serialDigits, '0')}${f.routingZip}`;
}

/** One bar: 'F' full, 'A' ascender, 'D' descender, 'T' tracker. */
export type ImbBar = 'F' | 'A' | 'D' | 'T';

/** The 65 bars of the barcode of `digits` (from imbDigits). */
export function imbBars(digits: string): ImbBar[] {
  const [sym] = bwipjs.raw('onecode', digits, '') as Array<{ bbs: number[]; bhs: number[] }>;
  const maxH = Math.max(...sym.bhs);
  return sym.bbs.map((bottom, i) => {
    const top = bottom + sym.bhs[i];
    const asc = Math.abs(top - maxH) < 1e-6;
    const desc = Math.abs(bottom) < 1e-6;
    if (asc && desc) return 'F';
    if (asc) return 'A';
    if (desc) return 'D';
    return 'T';
  });
}
