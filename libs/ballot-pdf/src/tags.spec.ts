/**
 * The parts of PDF/UA-1 and PDF/A-2b that can be checked without veraPDF (which the integration
 * test conformance.int-spec.ts runs): catalog entries, metadata, subset tags, the structure tree.
 */
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  decodePDFRawStream,
} from 'pdf-lib';
import { sampleElection, samplePacket } from './fixtures';
import { srgbIccProfile } from './icc';
import { BallotStyleCache, renderPacket } from './index';
import { textString } from './tags';

function stream(dict: PDFDict, key: string): PDFRawStream {
  const s = dict.lookup(PDFName.of(key));
  if (!(s instanceof PDFRawStream)) throw new Error(`${key} is not a stream`);
  return s;
}

async function packet(): Promise<PDFDocument> {
  const r = await renderPacket(samplePacket(sampleElection()), new BallotStyleCache());
  return PDFDocument.load(r.bytes, { updateMetadata: false });
}

describe('tagged, archival packet', () => {
  it('has the catalog entries, XMP metadata and output intent of PDF/UA-1 and PDF/A-2b', async () => {
    const doc = await packet();
    const cat = doc.catalog;
    expect(cat.lookup(PDFName.of('MarkInfo'), PDFDict).get(PDFName.of('Marked'))).toBe(PDFBool.True);
    expect(cat.lookup(PDFName.of('Lang'), PDFString).decodeText()).toBe('en-US');
    const vp = cat.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(vp.get(PDFName.of('DisplayDocTitle'))).toBe(PDFBool.True);
    const xmp = Buffer.from(stream(cat, 'Metadata').contents).toString('utf8');
    expect(xmp).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(xmp).toContain(`${sampleElection().name} \u2014 absentee ballot packet</rdf:li>`);
    expect(doc.getTitle()).toBe(`${sampleElection().name} \u2014 absentee ballot packet`);
    const intent = cat.lookup(PDFName.of('OutputIntents'), PDFArray).lookup(0, PDFDict);
    const icc = stream(intent, 'DestOutputProfile');
    expect(Buffer.from(decodePDFRawStream(icc).decode())).toEqual(Buffer.from(srgbIccProfile()));
  });

  it('names every font subset with a six-letter tag', async () => {
    const doc = await packet();
    const names = doc.context
      .enumerateIndirectObjects()
      .map(([, o]) => o)
      .filter((o): o is PDFDict => o instanceof PDFDict && o.get(PDFName.of('Type')) === PDFName.of('Font'))
      .map((o) => (o.get(PDFName.of('BaseFont')) as PDFName).decodeText());
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) expect(n).toMatch(/^[A-Z]{6}\+DejaVuSans(-Bold)?$/);
  });

  it('labels every voting target with its choice, and the codes with alternative text', async () => {
    const doc = await packet();
    const alts: string[] = [];
    for (const [, o] of doc.context.enumerateIndirectObjects())
      if (o instanceof PDFDict && o.get(PDFName.of('S')) === PDFName.of('Figure')) {
        const alt = o.lookup(PDFName.of('Alt'));
        if (!(alt instanceof PDFString || alt instanceof PDFHexString))
          throw new Error('Figure without /Alt');
        alts.push(alt.decodeText());
      }
    const e = sampleElection();
    const style = e.ballotStyles[0];
    for (const c of e.contests.filter((x) => style.contestIds.includes(x.id)))
      if (c.kind === 'candidate')
        for (const cand of c.candidates)
          expect(alts.some((a) => a.startsWith(`Voting target for ${cand.candidateNames.join(', ')}`))).toBe(
            true,
          );
    // the names in other scripts read back through the UTF-16 literal strings
    expect(alts).toContain('Voting target for Maria García, Siobhán Παπαδοπούλου, Democratic');
    expect(alts.filter((a) => a.startsWith('QR code')).length).toBe(2);
    expect(alts.filter((a) => a.startsWith('Barcode')).length).toBe(1);
  });

  it('writes text strings as literals that read back, delimiters and backslashes escaped', async () => {
    const texts = ['Plain (ASCII) \\ text', 'Ĩ(\u0129) Παπαδοπούλου \u2014 \u5c0f', 'line\rbreak'];
    const doc = await PDFDocument.create();
    const ref = doc.context.register(doc.context.obj({ T: texts.map(textString) }));
    const bytes = await doc.save({ useObjectStreams: false });
    const back = await PDFDocument.load(bytes);
    const arr = back.context.lookup(ref, PDFDict).lookup(PDFName.of('T'), PDFArray);
    expect(arr.asArray().map((_, i) => arr.lookup(i, PDFString).decodeText())).toEqual(texts);
  });

  it('writes a valid ICC v2 display profile for sRGB', () => {
    const p = Buffer.from(srgbIccProfile());
    expect(p.readUInt32BE(0)).toBe(p.length);
    expect(p.toString('latin1', 12, 24)).toBe('mntrRGB XYZ ');
    expect(p.toString('latin1', 36, 40)).toBe('acsp');
  });
});
