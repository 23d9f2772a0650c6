/**
 * The document-level parts of an archival, accessible PDF (PDF/A-2b and PDF/UA-1), written the
 * same way for every document of the library: fixed metadata (dates from the election day, no
 * wall clock) in the information dictionary and in XMP, a document /ID from a hash of the content,
 * the structure tree (see tags.ts), /MarkInfo, /Lang, /ViewerPreferences, an sRGB output intent,
 * and subset-tagged font names. Same inputs, same bytes.
 */
import { createHash } from 'crypto';
import {
  PDFArray,
  PDFDict,
  type PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFContext,
} from 'pdf-lib';
import type { Language } from '@uocava/domain';
import { srgbIccProfile } from './icc';
import { Tags } from './tags';

export const CREATOR = 'uocava ballot-pdf';
export const PRODUCER = 'uocava ballot-pdf (pdf-lib)';
export const LANGUAGE = 'en-US';

/** The BCP 47 tag of a packet language in a PDF (/Lang, dc:language): US English, US Spanish. */
export function pdfLanguage(lang: Language | undefined): string {
  return lang === 'es' ? 'es-US' : LANGUAGE;
}

export interface DocumentMeta {
  title: string;
  /**
   * false: PDF/A-2b only, no PDF/UA claim (a print batch: its pages are copied from packets
   * without their structure trees); default true
   */
  accessible?: boolean;
  /** YYYY-MM-DD: creation and modification date (midnight UTC) */
  date: string;
  id: Uint8Array;
  /** the document's language, BCP 47 (/Lang, dc:language); default en-US */
  language?: string;
}

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** XMP packet: Dublin Core title, dates, tools, and the PDF/A-2b and PDF/UA-1 identification. */
export function xmpMetadata(o: {
  title: string;
  date: string;
  accessible?: boolean;
  language?: string;
}): string {
  const when = `${o.date}T00:00:00Z`;
  const ua = o.accessible ?? true;
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(o.title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>${xmlEscape(o.language ?? LANGUAGE)}</rdf:li></rdf:Bag></dc:language>
<xmp:CreatorTool>${CREATOR}</xmp:CreatorTool>
<xmp:CreateDate>${when}</xmp:CreateDate>
<xmp:ModifyDate>${when}</xmp:ModifyDate>
<pdf:Producer>${xmlEscape(PRODUCER)}</pdf:Producer>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>${ua ? '\n<pdfuaid:part>1</pdfuaid:part>' : ''}
</rdf:Description>${ua ? PDFUA_EXTENSION_SCHEMA : ''}
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`;
}

/** PDF/A-2 needs a description of every XMP schema it does not predefine: here pdfuaid. */
const PDFUA_EXTENSION_SCHEMA = `
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>`;

/** The information dictionary's entries, the same as the XMP's. */
export function infoEntries(o: { title: string; date: string }): Record<string, PDFHexString | PDFString> {
  const when = PDFString.fromDate(new Date(`${o.date}T00:00:00Z`));
  return {
    Title: PDFHexString.fromText(o.title),
    Creator: PDFHexString.fromText(CREATOR),
    Producer: PDFHexString.fromText(PRODUCER),
    CreationDate: when,
    ModDate: when,
  };
}

/**
 * Six capital letters and "+" before each embedded subset's font name (ISO 32000-1, 9.6.4), from
 * a hash of the subset's font program: the same subset always gets the same tag.
 */
export function tagFontSubsets(context: PDFContext): void {
  for (const [, object] of context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFDict)) continue;
    if (object.get(PDFName.of('Subtype')) !== PDFName.of('Type0')) continue;
    const base = object.get(PDFName.of('BaseFont'));
    if (!(base instanceof PDFName)) continue;
    const name = base.decodeText();
    if (/^[A-Z]{6}\+/.test(name)) continue;
    const cid = object.lookup(PDFName.of('DescendantFonts'), PDFArray).lookup(0, PDFDict);
    const descriptor = cid.lookup(PDFName.of('FontDescriptor'), PDFDict);
    const file = descriptor.lookup(PDFName.of('FontFile2'));
    if (!(file instanceof PDFRawStream)) continue;
    const digest = createHash('sha256').update(file.contents).digest();
    let tag = '';
    for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (digest[i] % 26));
    const tagged = PDFName.of(`${tag}+${name.replace(/-\d+$/, '')}`);
    object.set(PDFName.of('BaseFont'), tagged);
    cid.set(PDFName.of('BaseFont'), tagged);
    descriptor.set(PDFName.of('FontName'), tagged);
  }
}

/**
 * The catalog entries of PDF/A-2b and PDF/UA-1: XMP metadata, the sRGB output intent, /Lang,
 * /MarkInfo, /ViewerPreferences (show the title) and the structure tree of what was tagged.
 */
export function archivalCatalog(
  doc: PDFDocument,
  o: { title: string; date: string; accessible?: boolean; language?: string },
): void {
  const { context, catalog } = doc;
  const ua = o.accessible ?? true;
  if (ua) Tags.of(doc).finish();
  const xmp = context.stream(Buffer.from(xmpMetadata(o), 'utf8'), { Type: 'Metadata', Subtype: 'XML' });
  catalog.set(PDFName.of('Metadata'), context.register(xmp));
  const icc = context.flateStream(srgbIccProfile(), { N: 3 });
  const intent = context.obj({
    Type: 'OutputIntent',
    S: 'GTS_PDFA1',
    OutputConditionIdentifier: PDFString.of('sRGB IEC61966-2.1'),
    Info: PDFString.of('sRGB IEC61966-2.1'),
    RegistryName: PDFString.of('http://www.color.org'),
    DestOutputProfile: context.register(icc),
  });
  catalog.set(PDFName.of('OutputIntents'), context.obj([context.register(intent)]));
  catalog.set(PDFName.of('Lang'), PDFString.of(o.language ?? LANGUAGE));
  if (ua) catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
  catalog.set(PDFName.of('ViewerPreferences'), context.obj({ DisplayDocTitle: true }));
}

/** Metadata, structure, output intent, subset tags and the /ID; then save. */
export async function finishDocument(doc: PDFDocument, o: DocumentMeta): Promise<Uint8Array> {
  const { context } = doc;
  archivalCatalog(doc, o);
  // the information dictionary pdf-lib may have made (with the wall clock) is overwritten, not orphaned
  const existing = context.trailerInfo.Info;
  const infoDict = existing instanceof PDFRef ? context.lookup(existing) : undefined;
  const info = infoDict instanceof PDFDict ? infoDict : context.obj({});
  for (const [k, v] of Object.entries(infoEntries(o))) info.set(PDFName.of(k), v);
  if (!(existing instanceof PDFRef && infoDict === info)) context.trailerInfo.Info = context.register(info);
  const hex = Buffer.from(o.id).subarray(0, 16).toString('hex').toUpperCase();
  const ids = PDFArray.withContext(context);
  ids.push(PDFHexString.of(hex));
  ids.push(PDFHexString.of(hex));
  context.trailerInfo.ID = ids;
  // the fonts are written (subset) by flush; then their names get the subset tag
  await doc.flush();
  tagFontSubsets(context);
  // objectsPerTick: pdf-lib otherwise yields to the event loop (setTimeout) every 50 objects
  return doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
}
