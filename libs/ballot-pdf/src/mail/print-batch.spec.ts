import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PDFDocument } from 'pdf-lib';
import { sampleElection, samplePacket } from '../fixtures';
import { renderPacket } from '../packet';
import { imbBars, imbDigits, imbProblems, mailingOrder, renderPrintBatch, type ImbFields } from './index';

jest.setTimeout(120_000);

function pdfText(bytes: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'print-batch-'));
  try {
    const file = path.join(dir, 'b.pdf');
    fs.writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']).toString('utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const fields: ImbFields = {
  barcodeId: '00',
  serviceType: '040',
  mailerId: '123456',
  serial: 42,
  routingZip: '',
};

describe('Intelligent Mail barcode fields', () => {
  it('builds the 20-digit tracking code and appends the routing code', () => {
    expect(imbDigits(fields)).toBe('00040123456000000042');
    expect(imbDigits({ ...fields, mailerId: '912345678', serial: 7, routingZip: '20500' })).toBe(
      '0004091234567800000720500',
    );
  });

  it('names every bad field', () => {
    const bad = imbProblems({
      barcodeId: '07',
      serviceType: '40',
      mailerId: '912345',
      serial: -1,
      routingZip: '1234',
    });
    expect(bad.map((p) => p.field).sort()).toEqual([
      'barcodeId',
      'mailerId',
      'routingZip',
      'serial',
      'serviceType',
    ]);
    expect(() => imbDigits({ ...fields, serial: 1e9 })).toThrow(/serial/);
    expect(imbProblems({ ...fields, mailerId: '912345678', serial: 999_999 })).toEqual([]);
    expect(imbProblems({ ...fields, mailerId: '912345678', serial: 1_000_000 })).toHaveLength(1);
  });

  it('encodes the USPS-B-3200 example to its published 65 bars', () => {
    // USPS-B-3200 appendix example: tracking 01234567094987654321, routing 01234567891
    const bars = imbBars('0123456709498765432101234567891').join('');
    expect(bars).toHaveLength(65);
    expect(bars).toBe('AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA');
  });
});

describe('mailing order', () => {
  it('puts domestic pieces first, then by country and postal code, then ballot id', () => {
    const pieces = [
      { ballotId: 'b', country: 'DE', postalCode: '10115' },
      { ballotId: 'a', country: 'US', postalCode: '20500' },
      { ballotId: 'c', country: 'CA', postalCode: 'K1A 0B1' },
      { ballotId: 'e', country: 'DE', postalCode: '01067' },
      { ballotId: 'd', country: 'US', postalCode: '09012' },
      { ballotId: 'f', country: 'DE', postalCode: '01067' },
    ];
    expect(mailingOrder(pieces).map((p) => p.ballotId)).toEqual(['d', 'a', 'c', 'e', 'f', 'b']);
  });
});

describe('renderPrintBatch', () => {
  it('prints each packet then its label, in the given order, deterministically', async () => {
    const election = sampleElection(2, 1);
    const p1 = await renderPacket(samplePacket(election));
    const p2 = await renderPacket(samplePacket(election, { paperSize: 'a4' }));
    const pages1 = (await PDFDocument.load(p1.bytes)).getPageCount();
    const pages2 = (await PDFDocument.load(p2.bytes)).getPageCount();
    const input = {
      batchId: '5d2c9a52-2f0e-4a8e-9b59-1f3c7a1e0001',
      date: '2026-11-03',
      returnAddressLines: ['Elections Office', '100 Main St', 'Springfield, IL 62701'],
      pieces: [
        {
          ballotId: 'b1',
          packetPdf: p1.bytes,
          addressLines: ['Ada Lovelace', 'PSC 1234, Box 5678', 'APO AE 09012'],
          imb: { ...fields, serial: 1, routingZip: '09012' },
        },
        {
          ballotId: 'b2',
          packetPdf: p2.bytes,
          addressLines: ['Jörg Müller', 'Unter den Linden 1', '10117 Berlin', 'GERMANY'],
          imb: { ...fields, serial: 2 },
        },
      ],
    };
    const out = await renderPrintBatch(input);
    expect(out.pageCount).toBe(pages1 + pages2 + 2);
    expect(out.labels.map((l) => l.page)).toEqual([pages1 + 1, pages1 + pages2 + 2]);
    expect(out.labels[1].imb).toBe('00040123456000000002');
    const txt = pdfText(out.pdf);
    const ada = txt.indexOf('Ada Lovelace');
    const jorg = txt.indexOf('Jörg Müller');
    expect(ada).toBeGreaterThan(-1);
    expect(jorg).toBeGreaterThan(ada);
    expect(txt).toContain('Springfield, IL 62701');
    const again = await renderPrintBatch(input);
    expect(again.sha256).toBe(out.sha256);
  });
});
